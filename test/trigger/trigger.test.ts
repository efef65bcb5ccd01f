/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
import axios from 'axios';

import { IoPhoneSimulator, TEST_NUMBER } from '../../tools/simulator';
import type { TriggerHost } from '../../tools/harness';
import { ACCOUNT_NUMBER, US_NUMBER, textRequests } from '../support/send-node';
import { SETUP_RECIPIENT, emitted, hostTrigger, post, textFromAccount } from '../support/trigger-workflow';

let sim: IoPhoneSimulator;
const hosts: TriggerHost[] = [];

beforeAll(async () => {
	sim = await IoPhoneSimulator.start();
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());
afterEach(async () => {
	for (const host of hosts.splice(0)) await host.close();
});

async function start(...args: Parameters<typeof hostTrigger> extends [unknown, ...infer R] ? R : never) {
	const host = await hostTrigger(sim, ...args);
	hosts.push(host);
	return host;
}

/** A new host on the first one's port, webhook id and saved static data, as a new n8n process would be. */
async function takeOver(first: TriggerHost, ...[parameters, options]: Parameters<typeof start>) {
	const port = Number(new URL(first.baseUrl).port);
	const { staticData } = first;
	const webhookId = first.workflow.nodes[0].webhookId!;
	await first.close();
	hosts.splice(hosts.indexOf(first), 1);
	return await start(parameters, { ...options, staticData, port, webhookId });
}

function registeredUrl(): URL {
	return new URL(sim.callbackUrlFor(ACCOUNT_NUMBER)!);
}

/** Sends that stored a callback URL (setup texts and the text that ends a test listen). */
const urlTexts = () => textRequests(sim).filter((r) => ((r.body as Record<string, string>).callbackUrl ?? '') !== '');

const incoming = (id: number, text: string) => ({
	id,
	time: '2023-09-14T13:52:27.881412Z',
	type: 'message-received',
	description: 'Incoming message received',
	segmentCount: 1,
	direction: 'in',
	to: ACCOUNT_NUMBER,
	from: US_NUMBER,
	text,
});

describe('activation and registration', () => {
	test('activation sends exactly one setup text whose callbackUrl is the webhook URL with a secret token', async () => {
		const host = await start({ setupMessage: 'Hi from n8n' });
		await host.activate();
		expect(textRequests(sim)).toHaveLength(1);
		const body = textRequests(sim)[0].body as Record<string, string>;
		expect(body).toMatchObject({ toNumber: SETUP_RECIPIENT, fromNumber: ACCOUNT_NUMBER, text: 'Hi from n8n' });
		const url = new URL(body.callbackUrl);
		expect(`${url.origin}${url.pathname}`).toBe(host.webhookUrl());
		const token = url.searchParams.get('token')!;
		expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
		expect(host.staticData['node:IO Phone Trigger']).toMatchObject({ webhookUrl: host.webhookUrl(), fromNumber: ACCOUNT_NUMBER, token });
		expect(host.hookCalls.map((c) => [c.method, c.result])).toEqual([
			['checkExists', false],
			['create', true],
		]);
	});

	test('an n8n restart sends no text and the webhook keeps working', async () => {
		const host = await start();
		await host.activate();
		await host.restart();
		expect(textRequests(sim)).toHaveLength(1);
		await sim.receive({ from: US_NUMBER, to: ACCOUNT_NUMBER, text: 'still there?' });
		await host.waitForExecutions(1);
		expect(emitted(host)[0]).toMatchObject({ type: 'message-received', text: 'still there?' });
	});

	test('activating again with the same static data (checkExists true) sends no text', async () => {
		const first = await start();
		await first.activate();
		const second = await takeOver(first, {});
		await second.activate();
		expect(second.hookCalls.map((c) => [c.method, c.result])).toEqual([['checkExists', true]]);
		expect(textRequests(sim)).toHaveLength(1);
	});

	test('a changed From Number is not "existing": it registers again', async () => {
		const first = await start();
		await first.activate();
		const second = await takeOver(first, { fromNumber: '+15553334444' });
		await second.activate();
		expect(second.hookCalls.map((c) => [c.method, c.result])).toEqual([
			['checkExists', false],
			['create', true],
		]);
		expect(sim.callbackUrlFor('+15553334444')).toContain(second.webhookUrl());
	});

	test('deactivation clears the stored URL with one text and forgets the registration', async () => {
		const host = await start();
		await host.activate();
		await host.deactivate();
		expect(textRequests(sim)).toHaveLength(2);
		expect(textRequests(sim)[1].body).toMatchObject({ fromNumber: ACCOUNT_NUMBER, callbackUrl: '', toNumber: SETUP_RECIPIENT });
		expect(sim.callbackUrlFor(ACCOUNT_NUMBER)).toBeUndefined();
		expect(JSON.stringify(host.staticData)).not.toContain('webhookUrl');
	});

	test('Clear On Deactivate off sends nothing on deactivation but still forgets', async () => {
		const host = await start({ clearOnDeactivate: false });
		await host.activate();
		await host.deactivate();
		expect(textRequests(sim)).toHaveLength(1);
		expect(JSON.stringify(host.staticData)).not.toContain('webhookUrl');
	});

	test('Manual registration sends nothing and accepts the URL with the user\'s token', async () => {
		const manualToken = 'my-own-secret-token-0123456789';
		const host = await start({ registration: 'manual', manualToken });
		await host.activate();
		await host.deactivate();
		await host.activate();
		expect(textRequests(sim)).toHaveLength(0);
		const event = { id: 1, time: '2023-09-14T13:52:27.881412Z', type: 'message-received', to: ACCOUNT_NUMBER, from: US_NUMBER, text: 'hi' };
		expect((await post(`${host.webhookUrl()}?token=${manualToken}`, event)).status).toBe(200);
		expect((await post(`${host.webhookUrl()}?token=wrong`, event)).status).toBe(401);
		await host.waitForExecutions(1);
		expect(host.executions).toHaveLength(1);
	});

	test('Manual registration refuses a Callback Token shorter than the 22 characters its hint asks for', async () => {
		const host = await start({ registration: 'manual', manualToken: 'short-token' });
		await expect(host.activate()).rejects.toThrow('Callback Token is too short (11 characters)');
		expect(host.isActive).toBe(false);
	});

	test('a rate-limited setup text fails activation with advice about the trigger, not the IO Phone node\'s options', async () => {
		const host = await start();
		sim.setFault({ kind: 'rateLimit', retryAfterSeconds: 0 });
		const failure = await host.activate().then(() => undefined, (error: Error & { description?: string }) => error);
		expect(failure).toMatchObject({ httpCode: '429' });
		expect(failure!.description).toMatch(/publish/i);
		expect(failure!.description).not.toContain('Sends at Once');
		expect(host.isActive).toBe(false);
	});

	test('activation fails with IO Phone\'s message when IO Phone refuses the From Number', async () => {
		const host = await start({ fromNumber: '+16142570000' });
		await expect(host.activate()).rejects.toThrow("This account is not authorized to send text messages from this number ('fromNumber')");
	});
});

describe('events', () => {
	test('an incoming text runs the auto-reply: the sender gets an answer from the number they texted', async () => {
		const host = await start({}, { withReply: true });
		await host.activate();
		await sim.receive({ from: US_NUMBER, to: ACCOUNT_NUMBER, text: 'Hello?' });
		const [execution] = await host.waitForExecutions(1);
		expect(execution.run.status).toBe('success');
		expect(emitted(host)[0]).toMatchObject({
			type: 'message-received',
			direction: 'in',
			from: US_NUMBER,
			to: ACCOUNT_NUMBER,
			text: 'Hello?',
			replyTo: US_NUMBER,
			replyFrom: ACCOUNT_NUMBER,
		});
		const reply = sim.sent[sim.sent.length - 1];
		expect(reply).toMatchObject({ to: US_NUMBER, from: ACCOUNT_NUMBER, text: 'Thanks! You said: Hello?' });
	});

	test('delivered and failed events each emit their item, payload as IO Phone sent it', async () => {
		const host = await start();
		await host.activate();
		const sent = await textFromAccount(sim);
		const delivered = await sim.deliver(sent.id);
		const failed = await sim.fail(sent.id, { errorCode: 4720, description: 'invalid-destination-address' });
		await host.waitForExecutions(2);
		expect(emitted(host)).toEqual([delivered!.payload, failed!.payload]);
		expect(emitted(host)[1]).toMatchObject({ type: 'message-failed', errorCode: 4720, segmentCount: 0 });
	});

	test('nanosecond timestamps are kept as sent', async () => {
		const host = await start();
		await host.activate();
		const time = '2023-09-14T15:59:38.406172698Z';
		const event = { id: 42, time, type: 'message-delivered', description: 'Message delivered to carrier.', segmentCount: 1, direction: 'out', to: US_NUMBER, from: ACCOUNT_NUMBER };
		expect(await post(registeredUrl().toString(), event)).toEqual({ status: 200, body: '' });
		await host.waitForExecutions(1);
		expect(emitted(host)[0].time).toBe(time);
	});

	test('events not selected are answered 200 and start nothing', async () => {
		const host = await start({ events: ['message-received'] });
		await host.activate();
		const delivery = await sim.deliver((await textFromAccount(sim)).id);
		expect(delivery!.status).toBe(200);
		await sim.receive({ from: US_NUMBER, to: ACCOUNT_NUMBER, text: 'counted' });
		await host.waitForExecutions(1);
		await host.idle();
		expect(emitted(host).map((e) => e.type)).toEqual(['message-received']);
	});

	test('a wrong or missing token is refused with 401 and starts nothing', async () => {
		const host = await start();
		await host.activate();
		const event = { id: 7, time: '2023-09-14T13:52:27.881412Z', type: 'message-received', to: ACCOUNT_NUMBER, from: US_NUMBER, text: 'forged' };
		const wrong = await post(`${host.webhookUrl()}?token=${'A'.repeat(32)}`, event);
		const missing = await post(host.webhookUrl(), event);
		expect([wrong.status, missing.status]).toEqual([401, 401]);
		await host.idle();
		expect(host.executions).toHaveLength(0);
	});

	test('n8n answers 404 for a GET on the callback URL and for an unknown path', async () => {
		const host = await start();
		await host.activate();
		expect(host.webhookUrl()).toBe(`${host.baseUrl}/webhook/${host.workflow.nodes[0].webhookId}/webhook`);
		const get = await axios.get(registeredUrl().toString(), { validateStatus: () => true });
		expect([get.status, get.data.message]).toEqual([404, expect.stringContaining('not registered for GET requests')]);
		expect((await post(`${host.baseUrl}/webhook/nope`, incoming(9, 'lost'))).status).toBe(404);
		await host.idle();
		expect(host.executions).toHaveLength(0);
	});

	test('a callback after the credential was deleted: n8n answers 500 and records a failed execution', async () => {
		const host = await start({}, { withReply: true });
		await host.activate();
		host.credentialsHelper.deleteCredential(host.workflow.nodes[0].credentials!.ioPhoneApi.id!);
		const answer = await post(`${host.webhookUrl()}?token=${'A'.repeat(32)}`, incoming(10, 'orphan'));
		expect(answer).toEqual({ status: 500, body: expect.objectContaining({ message: 'Workflow Webhook Error: Workflow could not be started!' }) });
		const [execution] = await host.waitForExecutions(1);
		expect(execution.run.status).toBe('error');
		expect(execution.run.data.resultData.error?.message).toMatch(/Credential .* does not exist/);
		expect(execution.run.data.resultData.runData.Reply).toBeUndefined();
	});

	test('invalid JSON is refused by n8n itself (422) before the node runs, and starts nothing', async () => {
		const host = await start();
		await host.activate();
		const answer = await post(registeredUrl().toString(), '{"id": 1, "type": ', true);
		expect(answer.status).toBe(422);
		await host.idle();
		expect(host.executions).toHaveLength(0);
	});

	test.each([
		['plain text', 'hello', 'text/plain'],
		['a JSON array', [{ id: 1, type: 'message-received' }], undefined],
		['an unknown type', { id: 1, type: 'message-exploded' }, undefined],
		['no type', { id: 1, text: 'hi' }, undefined],
		['a JSON string', '"message-received"', 'application/json'],
	])('a body that is %s is answered 400 and starts nothing', async (_label, body, rawType: string | undefined) => {
		const host = await start();
		await host.activate();
		const answer = await post(registeredUrl().toString(), body, Boolean(rawType), rawType);
		expect(answer.status).toBe(400);
		await host.idle();
		expect(host.executions).toHaveLength(0);
	});

	test('"Listen for test event" with the test number shows a sample delivery without any SMS', async () => {
		const host = await start({ fromNumber: TEST_NUMBER }, { mode: 'manual' });
		await host.activate();
		expect(sim.callbackUrlFor(TEST_NUMBER)).toContain('/webhook-test/');
		const [execution] = await host.waitForExecutions(1);
		expect(execution.mode).toBe('manual');
		expect(emitted(host)[0]).toMatchObject({ type: 'message-delivered', from: TEST_NUMBER, testNumberSample: expect.any(String) });
	});

	test('neither the apiKey nor the token appears in an emitted item, an answer or an error', async () => {
		const host = await start({}, { withReply: true });
		await host.activate();
		const token = registeredUrl().searchParams.get('token')!;
		await sim.receive({ from: US_NUMBER, to: ACCOUNT_NUMBER, text: 'hi' });
		await sim.deliver((await textFromAccount(sim)).id);
		await post(`${host.webhookUrl()}?token=nope`, { id: 9, type: 'message-received' });
		await post(registeredUrl().toString(), [1, 2]);
		await host.waitForExecutions(2);
		const everything = JSON.stringify({ executions: host.executions, requests: host.requests });
		expect(everything).not.toContain(token);
		expect(everything).not.toContain(sim.apiKey);
	});
});

describe('testing a published workflow ("Execute step" / "Listen for test event")', () => {
	test('an event while listening runs in the editor; then From Number points back at the Production URL and the published workflow answers the next text', async () => {
		const host = await start({}, { withReply: true });
		await host.activate();
		const production = sim.callbackUrlFor(ACCOUNT_NUMBER)!;
		const savedBefore = JSON.stringify(host.staticData);

		await host.listenForTestEvent();
		expect(sim.callbackUrlFor(ACCOUNT_NUMBER)).toContain(`${host.webhookUrl('default', true)}?token=`);
		await sim.receive({ from: US_NUMBER, to: ACCOUNT_NUMBER, text: 'while testing' });
		const [testRun] = await host.waitForExecutions(1);
		expect(testRun.mode).toBe('manual');
		await host.idle();
		expect(host.isListening).toBe(false);

		// The text that ends the listen stores the production URL with the published token.
		expect(sim.callbackUrlFor(ACCOUNT_NUMBER)).toBe(production);
		expect(JSON.stringify(host.staticData)).toBe(savedBefore);
		expect(urlTexts().map((r) => (r.body as Record<string, string>).callbackUrl.includes('/webhook-test/'))).toEqual([false, true, false]);
		expect(textRequests(sim).find((r) => (r.body as Record<string, string>).callbackUrl === '')).toBeUndefined();

		await sim.receive({ from: US_NUMBER, to: ACCOUNT_NUMBER, text: 'after testing' });
		const runs = await host.waitForExecutions(2);
		expect(runs[1]).toMatchObject({ mode: 'webhook' });
		expect(sim.sent.at(-1)).toMatchObject({ to: US_NUMBER, from: ACCOUNT_NUMBER, text: 'Thanks! You said: after testing' });
		// Setup, test setup, back to production; the replies carry no callback URL.
		expect(urlTexts()).toHaveLength(3);
	});

	test('stopping without any event also points the number back, with Clear On Deactivate off too', async () => {
		const host = await start({ clearOnDeactivate: false });
		await host.activate();
		const production = sim.callbackUrlFor(ACCOUNT_NUMBER);
		await host.listenForTestEvent();
		await host.stopListening();
		expect(sim.callbackUrlFor(ACCOUNT_NUMBER)).toBe(production);
		expect(host.hookCalls.map((c) => c.method)).toEqual(['checkExists', 'create', 'checkExists', 'create', 'delete']);
		expect(urlTexts()).toHaveLength(3);
	});

	test('an n8n restart after test listening sends nothing and the published workflow still receives', async () => {
		const host = await start();
		await host.activate();
		await host.listenForTestEvent();
		await host.stopListening();
		await host.restart();
		const texts = textRequests(sim).length;
		expect((await post(sim.callbackUrlFor(ACCOUNT_NUMBER)!, incoming(501, 'after restart'))).status).toBe(200);
		await host.waitForExecutions(1);
		expect(textRequests(sim)).toHaveLength(texts);
	});

	test('a registration with a random token (0.1.0) accepts the derived token the end of a test listen registers', async () => {
		const first = await start({}, { withReply: false });
		await first.activate();
		const nodeKey = 'node:IO Phone Trigger';
		const saved = first.staticData[nodeKey] as Record<string, string>;
		const randomToken = 'r4nd0m-t0ken-from-version-0-1-0-xyz';
		const staticData = { ...first.staticData, [nodeKey]: { ...saved, token: randomToken } };
		const port = Number(new URL(first.baseUrl).port);
		const webhookId = first.workflow.nodes[0].webhookId!;
		await first.close();
		hosts.splice(hosts.indexOf(first), 1);
		const host = await start({}, { staticData, port, webhookId });
		await host.activate(); // checkExists: true, nothing sent
		expect((await post(`${host.webhookUrl()}?token=${randomToken}`, incoming(601, 'old token'))).status).toBe(200);

		await host.listenForTestEvent();
		await host.stopListening();
		const restored = new URL(sim.callbackUrlFor(ACCOUNT_NUMBER)!);
		expect(restored.searchParams.get('token')).not.toBe(randomToken);
		expect((await post(restored.toString(), incoming(602, 'derived token'))).status).toBe(200);
		expect((await post(`${host.webhookUrl()}?token=${randomToken}`, incoming(603, 'old token again'))).status).toBe(200);
		expect((await post(`${host.webhookUrl()}?token=${'x'.repeat(32)}`, incoming(604, 'forged'))).status).toBe(401);
		await host.waitForExecutions(3);
		await host.idle();
		expect(emitted(host).map((e) => e.text)).toEqual(['old token', 'derived token', 'old token again']);
	});

	test('after an API key change, the end of a test listen registers a token the published workflow accepts', async () => {
		const host = await start();
		await host.activate();
		const oldKey = sim.apiKey;
		const reference = host.workflow.nodes[0].credentials!.ioPhoneApi;
		try {
			sim.rotateApiKey(`${oldKey}-rotated`);
			await host.credentialsHelper.updateCredentials(reference, 'ioPhoneApi', { apiKey: sim.apiKey, baseUrl: sim.baseUrl });
			const before = registeredUrl().toString();
			await host.listenForTestEvent();
			await host.stopListening();
			expect(registeredUrl().toString()).not.toBe(before);
			expect((await post(registeredUrl().toString(), incoming(701, 'new key'))).status).toBe(200);
			expect((await post(before, incoming(702, 'old registration'))).status).toBe(200);
			await host.waitForExecutions(2);
		} finally {
			sim.rotateApiKey(oldKey);
		}
	});

	test('listening to an unpublished workflow ends pointing at its Production URL; publishing then registers with one setup text', async () => {
		const host = await start();
		await host.listenForTestEvent();
		await host.stopListening();
		expect(sim.callbackUrlFor(ACCOUNT_NUMBER)).toContain(`${host.webhookUrl('default', false)}?token=`);
		expect((await post(sim.callbackUrlFor(ACCOUNT_NUMBER)!, incoming(801, 'nobody home'))).status).toBe(404);
		await host.activate();
		expect(urlTexts()).toHaveLength(3);
		await sim.receive({ from: US_NUMBER, to: ACCOUNT_NUMBER, text: 'published now' });
		await host.waitForExecutions(1);
	});

	test('Manual registration: test listening sends nothing', async () => {
		const host = await start({ registration: 'manual', manualToken: 'a-long-enough-manual-token-0123' });
		await host.activate();
		await host.listenForTestEvent();
		await host.stopListening();
		expect(textRequests(sim)).toHaveLength(0);
	});

	test('the test number with only "Message Received" selected still gives a sample: its simulated delivery, which says so', async () => {
		const host = await start({ fromNumber: TEST_NUMBER, events: ['message-received'] }, { mode: 'manual' });
		await host.activate();
		const [execution] = await host.waitForExecutions(1);
		expect(execution.mode).toBe('manual');
		const [sample] = emitted(host);
		expect(sample).toMatchObject({ type: 'message-delivered', from: TEST_NUMBER });
		// IO Phone's own fields come as sent; the note is one field more.
		const delivery = (await sim.waitForWebhooks(1))[0].payload as Record<string, unknown>;
		expect(sample).toEqual({ ...delivery, testNumberSample: expect.stringMatching(/\S/) });
	});

	test('a sample from another number carries no test-number note', async () => {
		const host = await start({}, { mode: 'manual' });
		await host.activate();
		await sim.receive({ from: US_NUMBER, to: ACCOUNT_NUMBER, text: 'a real sample' });
		await host.waitForExecutions(1);
		expect(emitted(host)[0]).not.toHaveProperty('testNumberSample');
	});

	test('published with the test number and no Setup Recipient: the setup text goes out, its own delivery starts nothing, the next test-number send runs the workflow', async () => {
		const host = await start({ fromNumber: TEST_NUMBER, setupRecipient: '' });
		await host.activate();
		expect(textRequests(sim)).toHaveLength(1);
		expect(textRequests(sim)[0].body).toMatchObject({ fromNumber: TEST_NUMBER });
		const [ownDelivery] = await sim.waitForWebhooks(1);
		expect(ownDelivery.status).toBe(200);
		const sent = await textFromAccount(sim, TEST_NUMBER);
		await host.waitForExecutions(1);
		const deliveries = await sim.waitForWebhooks(2);
		expect(emitted(host)).toEqual([deliveries[1].payload]);
		expect(emitted(host)[0]).toMatchObject({ id: sent.id, type: 'message-delivered' });
		await host.deactivate();
		expect(sim.callbackUrlFor(TEST_NUMBER)).toBeUndefined();
	});

	test("the trigger's own texts start no workflow: the setup text's delivery and failure, and the delivery of the text that ends a test listen", async () => {
		const host = await start();
		await host.activate();
		const setupId = sim.sent[0].id;
		expect((await sim.deliver(setupId))!.status).toBe(200);
		expect((await sim.fail(setupId))!.status).toBe(200);

		await host.listenForTestEvent();
		await host.stopListening();
		const closing = sim.sent[sim.sent.length - 1];
		expect(sim.callbackUrlFor(ACCOUNT_NUMBER)).not.toContain('/webhook-test/');
		expect((await sim.deliver(closing.id))!.status).toBe(200);

		const other = await textFromAccount(sim);
		await sim.deliver(other.id);
		await host.waitForExecutions(1);
		expect(emitted(host).map((item) => item.id)).toEqual([other.id]);
	});

	test('the test number written another way is still the test number: no Setup Recipient needed for a sample', async () => {
		const host = await start({ fromNumber: '(999) 999-9999', setupRecipient: '' }, { mode: 'manual' });
		await host.activate();
		await host.waitForExecutions(1);
		expect(emitted(host)[0]).toMatchObject({ type: 'message-delivered', from: TEST_NUMBER });
	});

	test('an account number still needs its Setup Recipient', async () => {
		const host = await start({ setupRecipient: '' });
		await expect(host.activate()).rejects.toThrow('Setup Recipient');
		expect(textRequests(sim)).toHaveLength(0);
	});

	test('published, the test number\'s deliveries are still filtered by Events', async () => {
		const host = await start({ fromNumber: TEST_NUMBER, events: ['message-received'] });
		await host.activate();
		await sim.waitForWebhooks(1);
		await host.idle();
		expect(host.executions).toHaveLength(0);
	});
});

describe('duplicate-event guard', () => {
	test('the same callback posted twice gives one execution, both answered 200', async () => {
		const host = await start();
		await host.activate();
		const first = await sim.deliver((await textFromAccount(sim)).id);
		const again = await sim.postWebhook(first!.url, first!.payload);
		expect([first!.status, again.status]).toEqual([200, 200]);
		await host.idle();
		expect(host.executions).toHaveLength(1);
	});

	test('different types for the same id give one execution each', async () => {
		const host = await start();
		await host.activate();
		const { id } = await textFromAccount(sim);
		await sim.deliver(id);
		await sim.fail(id);
		await host.waitForExecutions(2);
		expect(emitted(host).map((e) => e.type)).toEqual(['message-delivered', 'message-failed']);
	});

	test('turned off, a duplicate runs again', async () => {
		const host = await start({ ignoreDuplicates: false });
		await host.activate();
		const first = await sim.deliver((await textFromAccount(sim)).id);
		await sim.postWebhook(first!.url, first!.payload);
		await host.waitForExecutions(2);
		expect(host.executions).toHaveLength(2);
	});

	test('the window also lives in static data: a new process with the saved static data still drops a duplicate', async () => {
		// n8n 1.x saves static data written while a webhook is answered; a fresh process has an
		// empty in-memory window, modelled here by another workflow id (the in-memory scope).
		const first = await start({}, { workflowId: 'process-1' });
		await first.activate();
		const delivery = await sim.deliver((await textFromAccount(sim)).id);
		await first.idle();
		const second = await takeOver(first, {}, { workflowId: 'process-2' });
		await second.activate();
		const again = await sim.postWebhook(delivery!.url, delivery!.payload);
		expect(again.status).toBe(200);
		await second.idle();
		expect(second.executions).toHaveLength(0);
	});

	test('concurrent copies of one event start one execution (the in-process window is checked atomically)', async () => {
		const host = await start();
		await host.activate();
		const delivery = await sim.deliver((await textFromAccount(sim)).id);
		await Promise.all(Array.from({ length: 10 }, () => sim.postWebhook(delivery!.url, delivery!.payload)));
		await host.idle();
		expect(host.executions).toHaveLength(1);
	});
});
