/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/** The IO Phone simulator, exercised over real HTTP. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import axios, { type AxiosResponse } from 'axios';
import { IoPhoneSimulator, TEST_NUMBER, type Fault, type SimulatorOptions } from '../../tools/simulator';

const ACCOUNT = '+15551112222';
const OTHER_ACCOUNT = '+15553334444';
const TO = '+12015550123';
const MICROS_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
const NANOS_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/;

/** A tiny webhook receiver on 127.0.0.1:0 that records what reaches it and answers 'ok'. */
async function receiver() {
	const received: Array<{ method?: string; url?: string; headers: http.IncomingHttpHeaders; body: unknown }> = [];
	const server = http.createServer((req, res) => {
		let raw = '';
		req.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
		req.on('end', () => {
			received.push({ method: req.method, url: req.url, headers: req.headers, body: JSON.parse(raw) as unknown });
			res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	servers.push(server);
	return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

const servers: http.Server[] = [];
let sim: IoPhoneSimulator;

/** POST /text with the simulator's key unless `apiKey` is given (null: no key). */
function send(body: unknown, opts: { apiKey?: string | null; timeout?: number; raw?: boolean } = {}): Promise<AxiosResponse> {
	const apiKey = opts.apiKey === undefined ? sim.apiKey : opts.apiKey;
	return axios.post(`${sim.baseUrl}/text`, opts.raw ? body : JSON.stringify(body), {
		params: apiKey === null ? {} : { apiKey },
		headers: { 'Content-Type': 'application/json' },
		validateStatus: () => true,
		timeout: opts.timeout,
		transformRequest: [(data: string) => data], // send raw bodies exactly as given
		transformResponse: (data: string) => {
			try {
				return JSON.parse(data);
			} catch {
				return data;
			}
		},
	});
}

const text = (body: Record<string, unknown>) => send({ toNumber: TO, text: 'Hello world', ...body });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function restart(options: SimulatorOptions) {
	await sim.close();
	sim = await IoPhoneSimulator.start(options);
}

beforeEach(async () => {
	sim = await IoPhoneSimulator.start();
});

afterEach(async () => {
	await sim.close();
	for (const server of servers.splice(0)) server.closeAllConnections(), server.close();
});

// ---- tests --------------------------------------------------------------------

describe('refused requests: status and IO Phone\'s message, nothing recorded as sent', () => {
	const INVALID_KEY = [403, 'Invalid API key'] as const;
	const NOT_OBJECT = [400, 'Request body must be a JSON object'] as const;
	const EMPTY_TO = [400, "Required parameter 'toNumber' cannot be empty"] as const;
	const EMPTY_TEXT = [400, "Required parameter 'text' cannot be empty"] as const;
	const invalidTo = (toNumber: string, country: string) => [400, `Invalid 'toNumber' ('${toNumber}') for country ${country}`] as const;
	type Refusal = [string, unknown, { apiKey?: string | null; raw?: boolean }, readonly [number, string | RegExp]];
	it.each<Refusal>([
		['a missing apiKey', { toNumber: TO, text: 'x' }, { apiKey: null }, INVALID_KEY],
		['a wrong apiKey, before looking at the body', 'not json', { apiKey: 'wrong', raw: true }, INVALID_KEY],
		['a body that is not JSON', '{nope', { raw: true }, NOT_OBJECT],
		['an empty body', '', { raw: true }, NOT_OBJECT],
		['an array', '[1,2]', { raw: true }, NOT_OBJECT],
		['a string', '"hello"', { raw: true }, NOT_OBJECT],
		['null', 'null', { raw: true }, NOT_OBJECT],
		['no toNumber (checked before text)', {}, {}, EMPTY_TO],
		['an empty toNumber', { toNumber: '', text: 'Hello' }, {}, EMPTY_TO],
		['a blank toNumber', { toNumber: '   ', text: 'Hello' }, {}, EMPTY_TO],
		['a null toNumber', { toNumber: null, text: 'Hello' }, {}, EMPTY_TO],
		['no text', { toNumber: TO }, {}, EMPTY_TEXT],
		['an empty text', { toNumber: TO, text: '' }, {}, EMPTY_TEXT],
		['a null text', { toNumber: TO, text: null }, {}, EMPTY_TEXT],
		['a numeric toNumber', { toNumber: 12015550123, text: 'x' }, {}, [400, "Parameter 'toNumber' must be a string"]],
		['a numeric text', { toNumber: TO, text: 42 }, {}, [400, "Parameter 'text' must be a string"]],
		['2049 characters', { toNumber: TO, text: 'a'.repeat(2049) }, {}, [400, "Parameter 'text' must be 2048 characters or less"]],
		['2049 emoji (a code point is a character)', { toNumber: TO, text: '😀'.repeat(2049) }, {}, [400, "Parameter 'text' must be 2048 characters or less"]],
		...(['XX', 'USA', 'U', 123, true] as unknown[]).map(
			(country): Refusal => [`country ${JSON.stringify(country)}`, { toNumber: TO, text: 'x', country }, {}, [400, /^Invalid 'country'/]],
		),
		['toNumber abc', { toNumber: 'abc', text: 'x' }, {}, invalidTo('abc', 'US')],
		['toNumber 12345 in GB', { toNumber: '12345', text: 'x', country: 'GB' }, {}, invalidTo('12345', 'GB')],
		['a 555 toNumber', { toNumber: '(555) 444-7777', text: 'x' }, {}, invalidTo('(555) 444-7777', 'US')],
		['a German toNumber as US', { toNumber: '030 1234567', text: 'x', country: 'US' }, {}, invalidTo('030 1234567', 'US')],
		...(['+12015550199', 'garbage', 5551112222] as unknown[]).map(
			(fromNumber): Refusal => [
				`fromNumber ${JSON.stringify(fromNumber)}`,
				{ toNumber: TO, text: 'x', fromNumber },
				{},
				[403, "This account is not authorized to send text messages from this number ('fromNumber')"],
			],
		),
	])('%s', async (_label, body, options, [status, message]) => {
		const res = await send(body, options);
		expect(res.status).toBe(status);
		expect(res.data).toEqual({ status, message: message instanceof RegExp ? expect.stringMatching(message) : message });
		expect(sim.sent).toHaveLength(0);
	});

	it('accepts a custom apiKey, and only it', async () => {
		await restart({ apiKey: 'secret' });
		expect((await send({ toNumber: TO, text: 'x' }, { apiKey: 'secret' })).status).toBe(200);
		expect((await send({ toNumber: TO, text: 'x' }, { apiKey: 'test-api-key' })).status).toBe(403);
	});
});

describe('accepted fields', () => {
	it('accepts 2048 characters, also as emoji', async () => {
		expect((await text({ text: 'a'.repeat(2048) })).status).toBe(200);
		expect((await text({ text: '😀'.repeat(2048) })).status).toBe(200);
	});

	it('accepts a lower-case country and treats an empty one as US', async () => {
		expect((await text({ toNumber: '020 7946 0958', country: 'gb' })).data.to).toBe('+442079460958');
		expect((await text({ toNumber: '(201) 555-0123', country: '' })).data.to).toBe('+12015550123');
	});

	it.each([
		['(201) 555-0123', 'US', '+12015550123'],
		['201.555.0123', undefined, '+12015550123'],
		['020 7946 0958', 'GB', '+442079460958'],
		['030 1234567', 'DE', '+49301234567'],
		['0151 23456789', 'DE', '+4915123456789'],
		['09876543210', 'IN', '+919876543210'],
		['98765 43210', 'IN', '+919876543210'],
		['+44 20 7946 0958', 'US', '+442079460958'],
	])('normalises %s (%s) to %s', async (toNumber, country, e164) => {
		const res = await text({ toNumber, ...(country ? { country } : {}) });
		expect(res.status).toBe(200);
		expect(res.data.to).toBe(e164);
		expect(sim.sent[0].to).toBe(e164);
	});

	it('fromNumber: the first account number by default, any account number in any US format, the test number', async () => {
		expect((await text({})).data.from).toBe(ACCOUNT);
		expect((await text({ fromNumber: '' })).data.from).toBe(ACCOUNT);
		expect((await text({ fromNumber: ACCOUNT })).data.from).toBe(ACCOUNT);
		expect((await text({ fromNumber: '(555) 333-4444' })).data.from).toBe(OTHER_ACCOUNT);
		expect((await text({ fromNumber: '(999) 999-9999' })).data.from).toBe(TEST_NUMBER);
		await restart({ accountNumbers: ['+15550001111'] });
		expect((await text({})).data.from).toBe('+15550001111');
	});
});

describe('accepted send', () => {
	it('answers with the contract shape and increasing ids from 1753065', async () => {
		const before = Math.floor(Date.now() / 1000);
		const first = await text({ fromNumber: ACCOUNT });
		const second = await text({ text: 'Again' });
		expect(first.status).toBe(200);
		expect(first.headers['content-type']).toMatch(/^application\/json/);
		expect(first.data).toEqual({
			id: 1753065,
			time: expect.stringMatching(MICROS_TIME),
			segmentCount: 1,
			direction: 'out',
			to: TO,
			from: ACCOUNT,
			text: 'Hello world',
			status: 202,
			request_time: expect.any(Number),
		});
		expect(first.data.request_time).toBeGreaterThanOrEqual(before);
		expect(first.data.request_time).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
		expect(Math.abs(Date.parse(first.data.time) / 1000 - first.data.request_time)).toBeLessThan(1);
		expect(second.data.id).toBe(1753066);
		expect(sim.sent).toEqual([first.data, second.data]);
	});
});

describe('callback URL store', () => {
	it('rejects invalid callback URLs without changing the store', async () => {
		await text({ callbackUrl: 'https://keep.example/hook' });
		for (const callbackUrl of ['ftp://x.example/hook', 'not a url', '/relative', 42, null]) {
			const res = await text({ callbackUrl });
			expect(res.status).toBe(400);
			expect(res.data).toEqual({ status: 400, message: "Invalid 'callbackUrl'" });
		}
		expect(sim.callbackUrlFor(ACCOUNT)).toBe('https://keep.example/hook');
		expect(sim.sent).toHaveLength(1);
	});

	it('stores one URL per fromNumber: set, keep, replace, clear', async () => {
		expect(sim.callbackUrlFor(ACCOUNT)).toBeUndefined();
		await text({ callbackUrl: 'http://a.example/1' });
		await text({ fromNumber: OTHER_ACCOUNT, callbackUrl: 'https://b.example/1' });
		expect(sim.callbackUrlFor(ACCOUNT)).toBe('http://a.example/1');
		expect(sim.callbackUrlFor('(555) 333-4444')).toBe('https://b.example/1');

		await text({}); // omitted: unchanged
		expect(sim.callbackUrlFor(ACCOUNT)).toBe('http://a.example/1');

		await text({ callbackUrl: 'http://a.example/2' }); // most recent wins
		expect(sim.callbackUrlFor(ACCOUNT)).toBe('http://a.example/2');

		await text({ callbackUrl: '' }); // cleared
		expect(sim.callbackUrlFor(ACCOUNT)).toBeUndefined();
		expect(sim.callbackUrlFor(OTHER_ACCOUNT)).toBe('https://b.example/1');
	});
});

describe('test number', () => {
	it('sends the delivery webhook right after answering when a URL is stored', async () => {
		const hook = await receiver();
		const res = await text({ fromNumber: TEST_NUMBER, text: 'API Test Request', callbackUrl: hook.url });
		expect(res.status).toBe(200);
		expect(res.data.from).toBe(TEST_NUMBER);

		const [delivery] = await sim.waitForWebhooks(1);
		const expected = {
			id: res.data.id,
			time: expect.stringMatching(NANOS_TIME),
			type: 'message-delivered',
			description: 'Message delivered to carrier.',
			segmentCount: 1,
			direction: 'out',
			to: TO,
			from: TEST_NUMBER,
		};
		expect(delivery).toEqual({ url: hook.url, payload: expected, status: 200, responseBody: 'ok' });
		expect(Object.keys(delivery.payload as object)).toEqual(Object.keys(expected));
		expect(hook.received).toHaveLength(1);
		expect(hook.received[0].method).toBe('POST');
		expect(hook.received[0].url).toBe('/hook');
		expect(hook.received[0].headers['content-type']).toBe('application/json');
		expect(hook.received[0].body).toEqual(expected);
	});

	it('sends no webhook when no URL is stored for the test number', async () => {
		const hook = await receiver();
		await text({ callbackUrl: hook.url }); // stored for the account number, not the test number
		await text({ fromNumber: TEST_NUMBER });
		await sleep(150);
		expect(sim.webhooks).toHaveLength(0);
		expect(hook.received).toHaveLength(0);
	});

	it('uses the stored URL on later test sends, and stops once it is cleared', async () => {
		const hook = await receiver();
		await text({ fromNumber: TEST_NUMBER, callbackUrl: hook.url });
		await text({ fromNumber: TEST_NUMBER });
		await sim.waitForWebhooks(2);
		await text({ fromNumber: TEST_NUMBER, callbackUrl: '' });
		await sleep(150);
		expect(sim.webhooks).toHaveLength(2);
		expect(hook.received.map((r) => (r.body as { id: number }).id)).toEqual(sim.sent.slice(0, 2).map((m) => m.id));
	});

	it('does not auto-deliver for account numbers', async () => {
		const hook = await receiver();
		await text({ callbackUrl: hook.url });
		await sleep(150);
		expect(sim.webhooks).toHaveLength(0);
	});
});

describe('deliver / fail / receive', () => {
	it('deliver posts message-delivered to the URL stored for the message sender', async () => {
		const hook = await receiver();
		const other = await receiver();
		const { data: sent } = await text({ text: 'x'.repeat(200), callbackUrl: hook.url });
		await text({ fromNumber: OTHER_ACCOUNT, callbackUrl: other.url });

		const delivery = await sim.deliver(sent.id);
		expect(delivery).toEqual({
			url: hook.url,
			status: 200,
			responseBody: 'ok',
			payload: {
				id: sent.id,
				time: expect.stringMatching(NANOS_TIME),
				type: 'message-delivered',
				description: 'Message delivered to carrier.',
				segmentCount: 2,
				direction: 'out',
				to: TO,
				from: ACCOUNT,
			},
		});
		expect(hook.received.map((r) => r.body)).toEqual([delivery!.payload]);
		expect(other.received).toHaveLength(0);
		expect(sim.webhooks).toEqual([delivery]);
	});

	it('deliver returns null when no URL is stored, and rejects an unknown id', async () => {
		const { data: sent } = await text({});
		await expect(sim.deliver(sent.id)).resolves.toBeNull();
		await expect(sim.deliver(1)).rejects.toThrow('No sent message with id 1');
		expect(sim.webhooks).toHaveLength(0);
	});

	it('fail posts message-failed with defaults or given code and description', async () => {
		const hook = await receiver();
		const { data: sent } = await text({ callbackUrl: hook.url });
		const first = await sim.fail(sent.id);
		const second = await sim.fail(sent.id, { errorCode: 4505, description: 'carrier-rejected' });
		const expected = {
			id: sent.id,
			time: expect.stringMatching(NANOS_TIME),
			type: 'message-failed',
			description: 'invalid-destination-address',
			segmentCount: 0,
			direction: 'out',
			to: TO,
			from: ACCOUNT,
			errorCode: 4720,
		};
		expect(first!.payload).toEqual(expected);
		expect(Object.keys(first!.payload as object)).toEqual(Object.keys(expected));
		expect(second!.payload).toEqual({ ...expected, errorCode: 4505, description: 'carrier-rejected' });
		expect(hook.received.map((r) => r.body)).toEqual([first!.payload, second!.payload]);
	});

	it('receive posts message-received, with a new id, to the URL stored for `to`', async () => {
		const hook = await receiver();
		const { data: sent } = await text({ fromNumber: OTHER_ACCOUNT, callbackUrl: hook.url });
		const delivery = await sim.receive({ from: '(201) 555-0123', to: OTHER_ACCOUNT, text: 'Hi 😀' });
		const expected = {
			id: sent.id + 1,
			time: expect.stringMatching(NANOS_TIME),
			type: 'message-received',
			description: 'Incoming message received',
			segmentCount: 1,
			direction: 'in',
			to: OTHER_ACCOUNT,
			from: TO,
			text: 'Hi 😀',
		};
		expect(delivery!.payload).toEqual(expected);
		expect(Object.keys(delivery!.payload as object)).toEqual(Object.keys(expected));
		expect(hook.received[0].body).toEqual(expected);
		expect((await text({})).data.id).toBe(sent.id + 2);
	});

	it('receive returns null when no URL is stored for `to`', async () => {
		await expect(sim.receive({ from: TO, to: ACCOUNT, text: 'Hi' })).resolves.toBeNull();
	});
});

describe('request log and routing', () => {
	it('records every request in order', async () => {
		const start = Date.now();
		await text({ callbackUrl: 'http://x.example/h' });
		await send('{bad', { raw: true, apiKey: 'nope' });
		await axios.get(`${sim.baseUrl}/nothing?x=1`, { validateStatus: () => true });
		expect(sim.requests).toHaveLength(3);
		const [first, second, third] = sim.requests;
		expect(first).toMatchObject({
			method: 'POST',
			path: '/api6/text',
			query: { apiKey: 'test-api-key' },
			rawBody: JSON.stringify({ toNumber: TO, text: 'Hello world', callbackUrl: 'http://x.example/h' }),
			body: { toNumber: TO, text: 'Hello world', callbackUrl: 'http://x.example/h' },
		});
		expect(first.headers['content-type']).toBe('application/json');
		expect(first.receivedAt).toBeInstanceOf(Date);
		expect(first.receivedAt.getTime()).toBeGreaterThanOrEqual(start - 5);
		expect(second).toMatchObject({ query: { apiKey: 'nope' }, rawBody: '{bad', body: undefined });
		expect(third).toMatchObject({ method: 'GET', path: '/api6/nothing', query: { x: '1' } });
	});

	it.each([
		['GET', '/api6/text'],
		['POST', '/api6/other'],
		['POST', '/text'],
		['PUT', '/api6/text'],
	])('answers %s %s with 404 JSON', async (method, path) => {
		const res = await axios.request({
			method,
			url: `${sim.baseUrl.replace('/api6', '')}${path}?apiKey=test-api-key`,
			data: { toNumber: TO, text: 'x' },
			validateStatus: () => true,
		});
		expect(res.status).toBe(404);
		expect(res.data).toEqual({ status: 404, message: `Not found: ${method} ${path}` });
		expect(sim.sent).toHaveLength(0);
	});
});

describe('faults', () => {
	const json = /^application\/json/;
	it.each<[string, Fault, number, RegExp, unknown, Record<string, string | undefined>]>([
		['status: a JSON body by default', { kind: 'status', status: 503 }, 503, json, { status: 503, message: 'Service Unavailable' }, {}],
		['status: a given text body and headers', { kind: 'status', status: 500, body: 'boom', headers: { 'X-Why': 'because' } }, 500, /^text\/plain/, 'boom', { 'x-why': 'because' }],
		['status: a given JSON body', { kind: 'status', status: 502, body: { error: 'upstream' } }, 502, json, { error: 'upstream' }, {}],
		['rateLimit with Retry-After', { kind: 'rateLimit', retryAfterSeconds: 7 }, 429, json, { status: 429, message: 'Too many requests' }, { 'retry-after': '7' }],
		['rateLimit without Retry-After', { kind: 'rateLimit' }, 429, json, { status: 429, message: 'Too many requests' }, { 'retry-after': undefined }],
		['nonJson: 200 with a plain-text body', { kind: 'nonJson' }, 200, /^text\/plain/, 'OK', {}],
		['html: an error page, 502 by default', { kind: 'html' }, 502, /^text\/html$/, expect.stringContaining('<title>502 Bad Gateway</title>'), {}],
		['html with a status', { kind: 'html', status: 504 }, 504, /^text\/html$/, expect.stringContaining('504 Gateway Timeout'), {}],
		['statusInBody: 200 whose JSON carries the error', { kind: 'statusInBody', status: 500, message: 'Internal failure' }, 200, json, { status: 500, message: 'Internal failure' }, {}],
		['statusInBody with the status text', { kind: 'statusInBody', status: 403 }, 200, json, { status: 403, message: 'Forbidden' }, {}],
	])('%s; nothing accepted', async (_label, fault, status, contentType, data, headers) => {
		sim.setFault(fault);
		const res = await text({});
		expect([res.status, res.headers['content-type'], res.data]).toEqual([status, expect.stringMatching(contentType), data]);
		for (const [name, value] of Object.entries(headers)) expect(res.headers[name]).toBe(value);
		expect(sim.sent).toHaveLength(0);
	});

	it('lasts until cleared', async () => {
		sim.setFault({ kind: 'status', status: 503 });
		expect([(await text({})).status, (await text({})).status]).toEqual([503, 503]);
		sim.setFault(null);
		expect((await text({})).status).toBe(200);
	});

	it('applies before authentication and validation, and only to POST /text', async () => {
		sim.setFault({ kind: 'status', status: 500, times: 1 });
		expect((await axios.get(`${sim.baseUrl}/text`, { validateStatus: () => true })).status).toBe(404);
		expect((await send({}, { apiKey: 'wrong' })).status).toBe(500);
		expect((await send({}, { apiKey: 'wrong' })).status).toBe(403);
	});

	it('times: applies to the next N requests only', async () => {
		sim.setFault({ kind: 'status', status: 502, times: 2 });
		const statuses = [];
		for (let i = 0; i < 3; i++) statuses.push((await text({})).status);
		expect(statuses).toEqual([502, 502, 200]);
		expect(sim.sent).toHaveLength(1);
		expect(() => sim.setFault({ kind: 'nonJson', times: 0 })).toThrow(RangeError);
		expect(() => sim.setFault({ kind: 'nonJson', times: 1.5 })).toThrow(RangeError);
	});

	it('after: lets the first N requests through, then applies', async () => {
		sim.setFault({ kind: 'status', status: 500, after: 2, times: 1 });
		const statuses = [];
		for (let i = 0; i < 4; i++) statuses.push((await text({})).status);
		expect(statuses).toEqual([200, 200, 500, 200]);
		expect(sim.sent).toHaveLength(3);
		expect(() => sim.setFault({ kind: 'nonJson', after: -1 })).toThrow(RangeError);
	});

	it('slow: answers normally but late; the message is accepted even if the client gives up', async () => {
		sim.setFault({ kind: 'slow', delayMs: 300 });
		const started = Date.now();
		const res = await text({});
		expect(res.status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);

		const timedOut = await send({ toNumber: TO, text: 'late' }, { timeout: 100 }).then(
			() => 'answered',
			(e: { code?: string }) => e.code,
		);
		expect(timedOut).toBe('ECONNABORTED');
		expect(sim.sent.map((m) => m.text)).toEqual(['Hello world', 'late']);
	});

	it('resetBeforeRead: the connection drops, nothing accepted', async () => {
		sim.setFault({ kind: 'resetBeforeRead', times: 1 });
		const error = await text({}).then(
			() => undefined,
			(e: { code?: string }) => e,
		);
		expect(error).toBeDefined();
		expect(['ECONNRESET', 'EPIPE']).toContain((error as { code?: string }).code);
		expect(sim.sent).toHaveLength(0);
		expect(sim.requests).toHaveLength(1);
		expect(sim.requests[0].rawBody).toBe('');
		expect((await text({})).status).toBe(200);
	});

	it('resetAfterRead: the message is accepted, then the connection drops', async () => {
		sim.setFault({ kind: 'resetAfterRead', times: 1 });
		const error = await text({ text: 'maybe sent' }).then(
			() => undefined,
			(e: { code?: string }) => e,
		);
		expect((error as { code?: string }).code).toBe('ECONNRESET');
		expect(sim.sent.map((m) => m.text)).toEqual(['maybe sent']);
		expect(sim.requests[0].body).toEqual({ toNumber: TO, text: 'maybe sent' });
	});

	it('resetAfterRead still sends the test-number delivery webhook', async () => {
		const hook = await receiver();
		sim.setFault({ kind: 'resetAfterRead' });
		await text({ fromNumber: TEST_NUMBER, callbackUrl: hook.url }).catch(() => undefined);
		const [delivery] = await sim.waitForWebhooks(1);
		expect(delivery.payload).toMatchObject({ id: sim.sent[0].id, type: 'message-delivered' });
	});
});

describe('segments', () => {
	// The counter itself: test/tooling/segments.test.ts.
	it('reports segmentCount in the send response', async () => {
		expect((await text({ text: 'a'.repeat(160) })).data.segmentCount).toBe(1);
		expect((await text({ text: 'a'.repeat(161) })).data.segmentCount).toBe(2);
		expect((await text({ text: '€'.repeat(81) })).data.segmentCount).toBe(2);
		expect((await text({ text: 'Hello 😀' })).data.segmentCount).toBe(1);
		expect((await text({ text: 'a'.repeat(70) + '😀' })).data.segmentCount).toBe(2);
	});
});
