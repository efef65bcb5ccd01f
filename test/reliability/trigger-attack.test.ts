/**
 * The IO Phone Trigger under attack, hosted by the harness's TriggerHost (a real HTTP server doing what
 * n8n does with a webhook): every request below is a real POST to the webhook URL IO Phone stored.
 * Checked: the status code, the answer, and how many executions started (none for anything refused).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { TriggerHost } from '../../tools/harness';
import { IoPhoneSimulator } from '../../tools/simulator';
import { receivedPayload } from '../../tools/simulator/webhooks';
import { ACCOUNT_NUMBER, TRIGGER_NODE, US_NUMBER, credentialsFor } from '../support/send-node';

const NODE_NAME = 'IO Phone Trigger';

let sim: IoPhoneSimulator;
let host: TriggerHost;
/** The URL IO Phone stored on activation: the webhook URL with `?token=…`. */
let callbackUrl: string;
let token: string;

beforeAll(async () => {
	sim = await IoPhoneSimulator.start();
});
afterAll(async () => await sim.close());

async function startHost(parameters: INodeParameters = {}) {
	sim.reset();
	const started = await TriggerHost.start({
		workflow: {
			nodes: [
				{
					id: 'trigger',
					name: NODE_NAME,
					type: TRIGGER_NODE,
					typeVersion: 1,
					position: [0, 0],
					parameters: { fromNumber: ACCOUNT_NUMBER, setupRecipient: US_NUMBER, ...parameters },
				},
			],
			connections: {},
		},
		triggerNodeName: NODE_NAME,
		credentials: credentialsFor(sim),
	});
	await started.activate();
	return started;
}

beforeEach(async () => {
	host = await startHost();
	callbackUrl = sim.callbackUrlFor(ACCOUNT_NUMBER)!;
	token = new URL(callbackUrl).searchParams.get('token')!;
	expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
});
afterEach(async () => {
	await host.deactivate();
	await host.close();
});

let nextId = 900_000;
function event(overrides: IDataObject = {}): IDataObject {
	return { ...receivedPayload(nextId++, { from: US_NUMBER, to: ACCOUNT_NUMBER, text: 'Hello world' }), ...overrides };
}

/** The webhook URL with this query string (the token IO Phone stored unless told otherwise). */
function url(query: string | null = `token=${encodeURIComponent(token)}`): string {
	const base = host.webhookUrl();
	return query === null ? base : `${base}?${query}`;
}

async function post(target: string, body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }) {
	const response = await fetch(target, { method: 'POST', headers, body });
	const text = await response.text();
	await host.idle();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.status, text, json };
}

const postJson = (value: unknown, target = url()) => post(target, JSON.stringify(value));

describe('a genuine event still works (baseline)', () => {
	test('IO Phone posting to the stored URL starts one execution with the event and reply fields', async () => {
		const delivery = await sim.receive({ from: US_NUMBER, to: ACCOUNT_NUMBER, text: 'Hi there' });
		expect(delivery?.status).toBe(200);
		await host.idle();
		expect(host.executions).toHaveLength(1);
		const item = host.executions[0].run.data.resultData.runData[NODE_NAME][0].data!.main[0]![0].json;
		expect(item).toMatchObject({ type: 'message-received', text: 'Hi there', replyTo: US_NUMBER, replyFrom: ACCOUNT_NUMBER });
	});
});

describe('bodies that are not an IO Phone event: refused, nothing starts', () => {
	test.each([
		['not JSON, sent as text/plain', 'this is not json', 'text/plain', 400],
		['a JSON array of events', JSON.stringify([{ id: 1, type: 'message-received' }]), 'application/json', 400],
		['a JSON string', JSON.stringify('message-received'), 'application/json', 400],
		['a JSON number', '42', 'application/json', 400],
		['JSON null', 'null', 'application/json', 400],
		['an empty body', '', 'application/json', 400],
		['an unknown event type', JSON.stringify({ id: 5, type: 'message-exploded' }), 'application/json', 400],
		['a type in the wrong case', JSON.stringify({ id: 5, type: 'Message-Received' }), 'application/json', 400],
		['no type', JSON.stringify({ id: 5, text: 'hi' }), 'application/json', 400],
		['no id', JSON.stringify({ type: 'message-received', text: 'hi' }), 'application/json', 400],
		['an id that is an object', JSON.stringify({ type: 'message-received', id: { $gt: 0 } }), 'application/json', 400],
		['an empty id', JSON.stringify({ type: 'message-received', id: ' ' }), 'application/json', 400],
		['XML', '<event type="message-received" id="1"/>', 'application/xml', 400],
	])('%s → 400', async (_label, body, contentType, status) => {
		const response = await post(url(), body, { 'content-type': contentType });
		expect(response.status).toBe(status);
		expect(response.json).toEqual({ status: 400, message: 'Expected a JSON object with a known IO Phone event type and an id' });
		expect(host.executions).toHaveLength(0);
	});

	test('broken JSON sent as application/json is refused by n8n\'s body parser (422) before the node', async () => {
		const response = await post(url(), '{"type": "message-received", "id": ');
		expect(response.status).toBe(422);
		expect(response.json).toMatchObject({ message: 'Failed to parse request body' });
		expect(host.executions).toHaveLength(0);
	});

	test('two different events without an id are both refused (they would collide in the duplicate guard)', async () => {
		const first = await postJson({ type: 'message-received', text: 'one' });
		const second = await postJson({ type: 'message-received', text: 'two' });
		expect([first.status, second.status]).toEqual([400, 400]);
		expect(host.executions).toHaveLength(0);
	});

	test('an event with missing optional fields is accepted as IO Phone sent it', async () => {
		const response = await postJson({ id: 77, type: 'message-delivered' });
		expect(response.status).toBe(200);
		expect(host.executions).toHaveLength(1);
		const item = host.executions[0].run.data.resultData.runData[NODE_NAME][0].data!.main[0]![0].json;
		expect(item).toEqual({ id: 77, type: 'message-delivered' });
	});
});

describe('wrong or missing token: 401, nothing starts, the token is not echoed', () => {
	test.each([
		['no token', () => url(null)],
		['an empty token', () => url('token=')],
		['a wrong token', () => url('token=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')],
		['the token in another case', () => url(`token=${swapCase(token)}`)],
		['the token with one more character', () => url(`token=${token}x`)],
		['the token cut short', () => url(`token=${token.slice(0, -1)}`)],
		['the token twice (a list)', () => url(`token=${token}&token=${token}`)],
		['the token under another name', () => url(`Token=${token}`)],
	])('%s', async (_label, target) => {
		const response = await postJson(event(), target());
		expect(response.status).toBe(401);
		expect(response.json).toEqual({ status: 401, message: 'Invalid callback token' });
		expect(host.executions).toHaveLength(0);
	});

	test('the token in a header instead of the query: 401', async () => {
		const response = await post(url(null), JSON.stringify(event()), { 'content-type': 'application/json', 'x-token': token, authorization: `Bearer ${token}` });
		expect(response.status).toBe(401);
		expect(host.executions).toHaveLength(0);
	});

	test('a wrong token with a bad body is still a 401: the token is checked first', async () => {
		const response = await post(url('token=nope'), 'not json at all', { 'content-type': 'text/plain' });
		expect(response.status).toBe(401);
		expect(host.executions).toHaveLength(0);
	});

	test('the token is derived, so deactivate + activate keeps it; after an API key change and publishing again, the old one is refused', async () => {
		const oldToken = token;
		await host.deactivate();
		await host.activate();
		expect(new URL(sim.callbackUrlFor(ACCOUNT_NUMBER)!).searchParams.get('token')).toBe(oldToken);

		const oldKey = sim.apiKey;
		try {
			sim.rotateApiKey(`${oldKey}-changed`);
			const reference = host.workflow.nodes[0].credentials!.ioPhoneApi;
			await host.credentialsHelper.updateCredentials(reference, 'ioPhoneApi', { apiKey: sim.apiKey, baseUrl: sim.baseUrl });
			await host.deactivate();
			await host.activate();
			const newToken = new URL(sim.callbackUrlFor(ACCOUNT_NUMBER)!).searchParams.get('token');
			expect(newToken).toMatch(/^[A-Za-z0-9_-]{32}$/);
			expect(newToken).not.toBe(oldToken);
			expect((await postJson(event(), url(`token=${oldToken}`))).status).toBe(401);
			expect((await postJson(event(), url(`token=${newToken}`))).status).toBe(200);
			expect(host.executions).toHaveLength(1);
		} finally {
			sim.rotateApiKey(oldKey);
		}
	});
});

describe('huge bodies (2 MB)', () => {
	const TWO_MB = 2 * 1024 * 1024;

	test('a 2 MB event with a wrong token: 401, nothing starts', async () => {
		const response = await postJson(event({ text: 'x'.repeat(TWO_MB) }), url('token=wrong'));
		expect(response.status).toBe(401);
		expect(host.executions).toHaveLength(0);
	});

	test('2 MB that are not an event: 400; 2 MB of broken JSON: 422; nothing starts and the host keeps working', async () => {
		expect((await post(url(), 'y'.repeat(TWO_MB), { 'content-type': 'text/plain' })).status).toBe(400);
		expect((await postJson(Array.from({ length: TWO_MB / 8 }, () => 1))).status).toBe(400);
		expect((await postJson({ type: 'message-unknown', id: 1, padding: 'z'.repeat(TWO_MB) })).status).toBe(400);
		expect((await post(url(), `{"id":1,"type":"message-received","text":"${'q'.repeat(TWO_MB)}`)).status).toBe(422);
		expect(host.executions).toHaveLength(0);

		expect((await postJson(event())).status).toBe(200);
		expect(host.executions).toHaveLength(1);
	});

	test('an authentic 2 MB event is taken whole: one execution, nothing cut', async () => {
		const text = '😀'.repeat(TWO_MB / 4);
		const response = await postJson(event({ text }));
		expect(response.status).toBe(200);
		expect(host.executions).toHaveLength(1);
		const item = host.executions[0].run.data.resultData.runData[NODE_NAME][0].data!.main[0]![0].json;
		expect(item.text).toBe(text);
	});
});

describe('replayed events: the duplicate guard starts one execution', () => {
	test('the same event posted twice: both answered 200, one execution', async () => {
		const replayed = event();
		const first = await postJson(replayed);
		const second = await postJson(replayed);
		expect([first.status, second.status]).toEqual([200, 200]);
		expect(second.json).toEqual({ status: 200, message: `Event message-received:${replayed.id} was already received; ignored` });
		expect(host.executions).toHaveLength(1);
	});

	test('a replay with the id as text instead of a number is the same event', async () => {
		const replayed = event();
		await postJson(replayed);
		const again = await postJson({ ...replayed, id: String(replayed.id), text: 'changed' });
		expect(again.status).toBe(200);
		expect(host.executions).toHaveLength(1);
	});

	test('delivered and failed for the same message id are two events', async () => {
		const id = nextId++;
		await postJson(event({ id, type: 'message-delivered', direction: 'out' }));
		await postJson(event({ id, type: 'message-failed', direction: 'out', errorCode: 4720 }));
		expect(host.executions).toHaveLength(2);
	});

	test('a replay after an n8n restart is still dropped (the guard lives in static data)', async () => {
		const replayed = event();
		await postJson(replayed);
		await host.restart();
		const again = await postJson(replayed);
		expect(again.status).toBe(200);
		expect(host.executions).toHaveLength(1);
	});

	test('ten identical events fired at once: one execution', async () => {
		const replayed = JSON.stringify(event({ text: 'p'.repeat(256 * 1024) }));
		const responses = await Promise.all(Array.from({ length: 10 }, () => fetch(url(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: replayed })));
		await host.idle();
		expect(responses.map((r) => r.status)).toEqual(Array(10).fill(200));
		expect(host.executions).toHaveLength(1);
	});

	test('a replay of a genuine IO Phone delivery (the simulator posting twice): one execution', async () => {
		const received = await sim.receive({ from: US_NUMBER, to: ACCOUNT_NUMBER, text: 'Once' });
		await sim.postWebhook(callbackUrl, received!.payload);
		await host.idle();
		expect(sim.webhooks.map((w) => w.status)).toEqual([200, 200]);
		expect(host.executions).toHaveLength(1);
	});
});

describe('events not selected', () => {
	test('a known event type the trigger does not listen to: 200, ignored, nothing starts', async () => {
		await host.deactivate();
		await host.close();
		host = await startHost({ events: ['message-received'] });
		const stored = sim.callbackUrlFor(ACCOUNT_NUMBER)!;
		const response = await postJson(event({ type: 'message-delivered' }), stored);
		expect(response.status).toBe(200);
		expect(response.json).toEqual({ status: 200, message: 'Event message-delivered is not selected; ignored' });
		expect(host.executions).toHaveLength(0);
	});
});

function swapCase(text: string): string {
	return [...text].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');
}
