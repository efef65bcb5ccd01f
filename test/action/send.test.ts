/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
import { sentJson } from '../../nodes/IoPhone/helpers/output';
import { hasExpression } from '../../nodes/IoPhone/helpers/parameters';
import { estimateSegments } from '../../nodes/IoPhone/helpers/segments';
import { runNode } from '../../tools/harness';
import { IoPhoneSimulator, TEST_NUMBER } from '../../tools/simulator';
import {
	ACCOUNT_NUMBER,
	OTHER_US_NUMBER,
	SEND_NODE,
	US_NUMBER,
	runSend,
	sendParameters,
	textRequests,
} from '../support/send-node';

let sim: IoPhoneSimulator;

beforeAll(async () => {
	sim = await IoPhoneSimulator.start();
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

describe('IO Phone node: Message → Send', () => {
	test('sends with only the required fields, authenticated by the credential', async () => {
		const { items, error } = await runSend(sim, sendParameters());
		expect(error).toBeUndefined();
		const [request] = textRequests(sim);
		expect(request.query.apiKey).toBe(sim.apiKey);
		expect(request.body).toEqual({ toNumber: US_NUMBER, text: 'Hello world' });
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			id: sim.sent[0].id,
			direction: 'out',
			to: US_NUMBER,
			from: ACCOUNT_NUMBER,
			text: 'Hello world',
			status: 202,
			segmentCount: 1,
			encoding: 'GSM-7',
			estimatedSegments: 1,
		});
		expect(items[0].json.time).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	test('passes From Number, Country and Callback URL', async () => {
		const { items } = await runSend(
			sim,
			sendParameters({
				toNumber: '020 7946 0958',
				additionalFields: { fromNumber: '+15553334444', country: 'GB', callbackUrl: 'https://example.com/hook' },
			}),
		);
		expect(textRequests(sim)[0].body).toEqual({
			toNumber: '+442079460958',
			text: 'Hello world',
			fromNumber: '+15553334444',
			country: 'GB',
			callbackUrl: 'https://example.com/hook',
		});
		expect(items[0].json.from).toBe('+15553334444');
		expect(sim.callbackUrlFor('+15553334444')).toBe('https://example.com/hook');
	});

	test('Clear Stored Callback URL sends "" and IO Phone forgets the URL', async () => {
		await runSend(sim, sendParameters({ additionalFields: { fromNumber: ACCOUNT_NUMBER, callbackUrl: 'https://example.com/a' } }));
		expect(sim.callbackUrlFor(ACCOUNT_NUMBER)).toBe('https://example.com/a');
		await runSend(sim, sendParameters({ additionalFields: { fromNumber: ACCOUNT_NUMBER, clearCallbackUrl: true } }));
		expect(textRequests(sim)[1].body).toMatchObject({ callbackUrl: '' });
		expect(sim.callbackUrlFor(ACCOUNT_NUMBER)).toBeUndefined();
	});

	test('without a Callback URL the request has none, so IO Phone keeps the stored one', async () => {
		await runSend(sim, sendParameters({ additionalFields: { fromNumber: ACCOUNT_NUMBER, callbackUrl: 'https://example.com/a' } }));
		await runSend(sim, sendParameters({ additionalFields: { fromNumber: ACCOUNT_NUMBER } }));
		expect(textRequests(sim)[1].body).not.toHaveProperty('callbackUrl');
		expect(sim.callbackUrlFor(ACCOUNT_NUMBER)).toBe('https://example.com/a');
	});

	test('Test Mode sends from the test number', async () => {
		const { items } = await runSend(sim, sendParameters({ options: { testMode: true }, additionalFields: { fromNumber: ACCOUNT_NUMBER } }));
		expect(textRequests(sim)[0].body).toMatchObject({ fromNumber: TEST_NUMBER });
		expect(items[0].json.from).toBe(TEST_NUMBER);
	});

	test.each([
		['US national', '(614) 257-9242', undefined, '+16142579242'],
		['US with dots', '614.257.9242', 'US', '+16142579242'],
		['GB national', '020 7946 0958', 'GB', '+442079460958'],
		['DE national', '030 123456', 'DE', '+4930123456'],
		['IN national', '98765 43210', 'IN', '+919876543210'],
		['international overrides country', '+44 20 7946 0958', 'DE', '+442079460958'],
		['GB written with the 00 prefix and a forced country', '0044 (0)20 7946 0958', 'GB', '+442079460958'],
		['lowercase country code', '030 123456', 'de', '+4930123456'],
	])('formats %s as E.164', async (_label, toNumber, country, expected) => {
		const additionalFields = country ? { country } : {};
		const { items, error } = await runSend(sim, sendParameters({ toNumber, additionalFields }));
		expect(error).toBeUndefined();
		expect(textRequests(sim)[0].body.toNumber).toBe(expected);
		expect(items[0].json.to).toBe(expected);
	});

	test('Format Number off sends the number untouched', async () => {
		await runSend(sim, sendParameters({ toNumber: ' 614-257-9242', options: { formatNumber: false } }));
		expect(textRequests(sim)[0].body.toNumber).toBe(' 614-257-9242');
	});

	test.each([
		['letters', 'call me maybe', 'US'],
		['too short', '12345', 'US'],
		['fictional 555 number', '(555) 444-7777', 'US'],
		['too short for DE', '030 12', 'DE'],
		['a number reserved for drama in GB', '07700 900123', 'GB'],
		['an extension', '+1 614 257 9242 ext. 12', 'US'],
	])('an invalid number (%s) fails naming the item, value and country, before any request', async (_l, toNumber, country) => {
		const { error } = await runSend(sim, sendParameters({ toNumber, additionalFields: { country } }));
		expect(error?.message).toContain(`To Number "${toNumber}"`);
		expect(error?.message).toContain(`(${country})`);
		expect(error?.message).toContain('[item 0]');
		expect(textRequests(sim)).toHaveLength(0);
	});

	test('2048 characters pass, 2049 fail before any request', async () => {
		const ok = await runSend(sim, sendParameters({ text: 'a'.repeat(2048) }));
		expect(ok.error).toBeUndefined();
		expect(sim.sent).toHaveLength(1);
		const tooLong = await runSend(sim, sendParameters({ text: 'a'.repeat(2049) }));
		expect(tooLong.error?.message).toBe('Text is 2049 characters long; IO Phone accepts at most 2048 [item 0]');
		expect(textRequests(sim)).toHaveLength(1);
	});

	test('characters are counted as code points: 2048 emoji pass', async () => {
		const { error } = await runSend(sim, sendParameters({ text: '😀'.repeat(2048) }));
		expect(error).toBeUndefined();
		expect(sim.sent[0].text).toBe('😀'.repeat(2048));
	});

	test.each([
		['text that resolves empty', { text: '={{ "" }}' }, 'Text is empty [item 0]'],
		['blank text', { text: '   ' }, 'Text is empty [item 0]'],
		['To Number that resolves empty', { toNumber: '={{ $json.missing }}' }, 'To Number is empty [item 0]'],
		['unknown country', { additionalFields: { country: 'XX' } }, 'Country "XX" is not a known ISO 3166-1 alpha-2 code [item 0]'],
		['ftp callback URL', { additionalFields: { callbackUrl: 'ftp://example.com/x' } }, 'Callback URL "ftp://example.com/x" must start with http:// or https:// [item 0]'],
		['malformed callback URL', { additionalFields: { callbackUrl: 'not a url' } }, 'Callback URL "not a url" is not a URL [item 0]'],
		['callback URL and clear both set', { additionalFields: { callbackUrl: 'https://x.example', clearCallbackUrl: true } }, 'Callback URL and Clear Stored Callback URL are both set; choose one [item 0]'],
	])('%s is a NodeOperationError before any request', async (_l, overrides, message) => {
		const { error } = await runSend(sim, sendParameters(overrides));
		expect(error?.message).toBe(message);
		expect(error?.name).toBe('NodeOperationError');
		expect(textRequests(sim)).toHaveLength(0);
	});

	test('an empty required field is refused by n8n itself before the node runs', async () => {
		const { error } = await runSend(sim, sendParameters({ text: '' }));
		expect(error?.message).toContain('Parameter "Text" is required');
		expect(textRequests(sim)).toHaveLength(0);
	});

	test('one invalid item stops the whole node before anything is sent (Continue On Fail off)', async () => {
		const items = [US_NUMBER, 'nope', OTHER_US_NUMBER].map((phone) => ({ json: { phone } }));
		const { error } = await runSend(sim, sendParameters({ toNumber: '={{ $json.phone }}' }), { items });
		expect(error?.message).toBe('To Number "nope" is not a phone number in United States (US) [item 1]');
		expect(textRequests(sim)).toHaveLength(0);
	});

	test('expressions are resolved per item and outputs stay paired', async () => {
		const people = [
			{ phone: '+16142579242', name: 'Ann' },
			{ phone: '020 7946 0958', name: 'Bob', country: 'GB' },
			{ phone: '+12015550123', name: 'Cy' },
		];
		const { items } = await runSend(
			sim,
			sendParameters({
				toNumber: '={{ $json.phone }}',
				text: '=Hi {{ $json.name }}',
				additionalFields: { country: '={{ $json.country ?? "US" }}' },
			}),
			{ items: people.map((json) => ({ json })) },
		);
		expect(items.map((i) => [i.json.to, i.json.text, i.pairedItem])).toEqual([
			['+16142579242', 'Hi Ann', { item: 0 }],
			['+442079460958', 'Hi Bob', { item: 1 }],
			['+12015550123', 'Hi Cy', { item: 2 }],
		]);
	});
});

describe('Parameters read once or per item', () => {
	// The node resolves a parameter with no expression once per execution and reuses it; one
	// with an expression anywhere in it (also deep inside a collection) is resolved per item.
	test('an expression inside a collection is still resolved for every item', async () => {
		const rows = [{ limit: 5 }, { limit: 500 }, { limit: '=' }];
		const { items } = await runSend(
			sim,
			sendParameters({ guardRails: { maxLength: '={{ $json.limit }}' }, additionalFields: { fromNumber: ACCOUNT_NUMBER } }),
			{ items: rows.map((json) => ({ json })), continueOnFail: true },
		);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.error).toBe('Text is 11 characters long; the guard rail allows at most 5 [item 0]');
		expect(items[1].json).toMatchObject({ text: 'Hello world', from: ACCOUNT_NUMBER });
		expect(items[2].json.error).toMatch(/^Guard rail Max Text Length must be a number.*\[item 2\]$/);
		expect(textRequests(sim)).toHaveLength(1);
	});

	test('fixed values reach every item unchanged, next to per-item expressions', async () => {
		const phones = [US_NUMBER, OTHER_US_NUMBER, US_NUMBER];
		const { items } = await runSend(
			sim,
			sendParameters({
				toNumber: '={{ $json.phone }}',
				additionalFields: { fromNumber: ACCOUNT_NUMBER, callbackUrl: 'https://example.com/hook' },
				guardRails: { allowedCountries: ['US'] },
			}),
			{ items: phones.map((phone) => ({ json: { phone } })) },
		);
		expect(items.map((i) => i.json.to)).toEqual(phones);
		expect(textRequests(sim).map((r) => r.body)).toEqual(
			phones.map((toNumber) => ({ toNumber, text: 'Hello world', fromNumber: ACCOUNT_NUMBER, callbackUrl: 'https://example.com/hook' })),
		);
	});

	test.each([
		[{ text: '=Hi {{ $json.name }}' }, 'text', true],
		[{ text: 'Hi there' }, 'text', false],
		[{ text: 'a = b' }, 'text', false],
		[{}, 'text', false],
		[{ options: { concurrency: 4 } }, 'options.concurrency', false],
		[{ options: { concurrency: '={{ 4 }}' } }, 'options.concurrency', true],
		[{ options: '={{ { concurrency: 4 } }}' }, 'options.concurrency', true],
		[{ guardRails: { allowedCountries: ['US', '={{ $json.c }}'] } }, 'guardRails', true],
		[{ guardRails: { allowedCountries: ['US', 'GB'] } }, 'guardRails', false],
		[{ additionalFields: { country: 'GB' } }, 'additionalFields.fromNumber', false],
	])('hasExpression(%j, %s) is %s', (parameters, path, expected) => {
		expect(hasExpression(parameters, path)).toBe(expected);
	});
});

describe('Output item JSON', () => {
	const answer = {
		id: 7,
		time: '2026-11-25T12:00:00.000Z',
		segmentCount: 1,
		direction: 'out',
		to: US_NUMBER,
		from: ACCOUNT_NUMBER,
		text: 'Hi',
		status: 202,
		request_time: 1764072000,
	};

	test("IO Phone's answer in the contract's order, then encoding and estimatedSegments", () => {
		const json = sentJson({ ...answer }, estimateSegments('Hi'));
		expect(json).toEqual({ ...answer, encoding: 'GSM-7', estimatedSegments: 1 });
		expect(Object.keys(json)).toEqual([...Object.keys(answer), 'encoding', 'estimatedSegments']);
	});

	test('an answer with other or missing fields is kept as it is', () => {
		const extra = { ...answer, carrier: 'X' };
		expect(sentJson(extra, estimateSegments('Hi'))).toEqual({ ...extra, encoding: 'GSM-7', estimatedSegments: 1 });
		const { request_time: _omitted, ...fewer } = answer;
		const json = sentJson(fewer as typeof answer, estimateSegments('Hi'));
		expect(json).toEqual({ ...fewer, encoding: 'GSM-7', estimatedSegments: 1 });
		expect(json).not.toHaveProperty('request_time');
	});
});

describe('IO Phone errors', () => {
	test('403 for a From Number the account does not own: NodeApiError with IO Phone\'s message and status', async () => {
		const { error } = await runSend(sim, sendParameters({ additionalFields: { fromNumber: '+16142570000' } }));
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe("This account is not authorized to send text messages from this number ('fromNumber')");
		expect((error as unknown as { httpCode: string }).httpCode).toBe('403');
		expect(error?.description).toContain('403');
	});

	test('403 for a wrong API key', async () => {
		const { error } = await runSend(sim, sendParameters(), { apiKey: 'wrong-key' });
		expect(error?.message).toBe('Invalid API key');
		expect((error as unknown as { httpCode: string }).httpCode).toBe('403');
	});

	test('without a credential the run fails before any request, as in n8n', async () => {
		const { run, error } = await runNode({ type: SEND_NODE, parameters: sendParameters() });
		expect(run.status).toBe('error');
		expect(error?.message).toMatch(/issues|credential/i);
		expect(sim.requests).toHaveLength(0);
	});

	test('a 5xx is an error with its status and is not retried', async () => {
		sim.setFault({ kind: 'status', status: 503, body: { status: 503, message: 'Service unavailable' } });
		const { error } = await runSend(sim, sendParameters());
		expect(error?.message).toBe('Service unavailable');
		expect((error as unknown as { httpCode: string }).httpCode).toBe('503');
		expect(textRequests(sim)).toHaveLength(1);
	});

	test('a redirect is not followed: an error naming where it points, without the query (apiKey)', async () => {
		const elsewhere = `${sim.baseUrl.replace('/api6', '/api7')}/text?apiKey=${sim.apiKey}`;
		sim.setFault({ kind: 'status', status: 307, body: '', headers: { Location: elsewhere } });
		const { error } = await runSend(sim, sendParameters());
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe(`IO Phone answered with a redirect (HTTP 307) to ${sim.baseUrl.replace('/api6', '/api7')}/text`);
		expect(error?.description).toContain('The text was not sent');
		expect((error as unknown as { httpCode: string }).httpCode).toBe('307');
		expect(JSON.stringify(error)).not.toContain(sim.apiKey);
		expect(sim.requests).toHaveLength(1);
		expect(sim.sent).toHaveLength(0);
	});

	test('with Continue On Fail, N inputs give N outputs, paired, failures as error items', async () => {
		const rows = [
			{ phone: US_NUMBER, from: ACCOUNT_NUMBER },
			{ phone: 'bad number', from: ACCOUNT_NUMBER },
			{ phone: OTHER_US_NUMBER, from: '+16142570000' },
			{ phone: OTHER_US_NUMBER, from: ACCOUNT_NUMBER },
		];
		const { items, error } = await runSend(
			sim,
			sendParameters({ toNumber: '={{ $json.phone }}', additionalFields: { fromNumber: '={{ $json.from }}' } }),
			{ items: rows.map((json) => ({ json })), continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(4);
		expect(items.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(items[0].json.to).toBe(US_NUMBER);
		expect(items[1].json.error).toBe('To Number "bad number" is not a phone number in United States (US) [item 1]');
		expect(items[2].json).toMatchObject({
			error: "This account is not authorized to send text messages from this number ('fromNumber')",
			httpCode: '403',
		});
		expect(items[3].json.to).toBe(OTHER_US_NUMBER);
		expect(sim.sent).toHaveLength(2);
	});

	test('with Continue On Fail off, an IO Phone error fails the node naming the item', async () => {
		const rows = [{ from: ACCOUNT_NUMBER }, { from: '+16142570000' }];
		const { error } = await runSend(
			sim,
			sendParameters({ additionalFields: { fromNumber: '={{ $json.from }}' }, options: { concurrency: 1 } }),
			{ items: rows.map((json) => ({ json })) },
		);
		expect(error?.message).toContain('not authorized');
		expect((error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(1);
	});
});
