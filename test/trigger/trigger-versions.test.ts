/**
 * The trigger's typeVersion 1.1 behaves as 1; it exists because n8n
 * evaluates a legacy `options.binaryData` expression on every request to a version-1 start node
 * (webhook-helpers parseRequestBody), which makes each event need an expression isolate.
 * 1.2, the default for new nodes, adds keywords (keyword-answers.test.ts).
 */
import { WorkflowExpression } from 'n8n-workflow';

import { IoPhoneTrigger } from '../../nodes/IoPhoneTrigger/IoPhoneTrigger.node';
import type { TriggerHost } from '../../tools/harness';
import { IoPhoneSimulator } from '../../tools/simulator';
import { ACCOUNT_NUMBER, US_NUMBER } from '../support/send-node';
import { emitted, hostTrigger, post } from '../support/trigger-workflow';

let sim: IoPhoneSimulator;
const hosts: TriggerHost[] = [];

beforeAll(async () => {
	sim = await IoPhoneSimulator.start();
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());
afterEach(async () => {
	jest.restoreAllMocks();
	for (const host of hosts.splice(0)) await host.close();
});

async function start(typeVersion: number, withReply = false) {
	const host = await hostTrigger(sim, {}, { typeVersion, withReply });
	hosts.push(host);
	await host.activate();
	return host;
}

const registeredUrl = () => sim.callbackUrlFor(ACCOUNT_NUMBER)!;
const incoming = (id: number, text: string) => ({ id, time: '2023-09-14T13:52:27.881412Z', type: 'message-received', direction: 'in', to: ACCOUNT_NUMBER, from: US_NUMBER, text });

test('new nodes get version 1.3; workflows saved with version 1, 1.1 or 1.2 keep working', () => {
	const { description } = new IoPhoneTrigger();
	expect(description.defaultVersion).toBe(1.3);
	expect(description.version).toEqual([1, 1.1, 1.2, 1.3]);
});

describe.each([1, 1.1, 1.2])('typeVersion %s', (typeVersion) => {
	// Event ids of their own: the duplicate window is per workflow and node, which both versions share here.
	const id = (n: number) => typeVersion * 1000 + n;
	test('an incoming text runs the auto-reply', async () => {
		const host = await start(typeVersion, true);
		await sim.receive({ from: US_NUMBER, to: ACCOUNT_NUMBER, text: 'Hello?' });
		const [execution] = await host.waitForExecutions(1);
		expect(execution.run.status).toBe('success');
		expect(emitted(host)[0]).toMatchObject({ type: 'message-received', text: 'Hello?', replyTo: US_NUMBER, replyFrom: ACCOUNT_NUMBER });
		expect(sim.sent[sim.sent.length - 1]).toMatchObject({ to: US_NUMBER, from: ACCOUNT_NUMBER, text: 'Thanks! You said: Hello?' });
	});

	test('a forged callback is refused with 401 and starts nothing', async () => {
		const host = await start(typeVersion);
		const wrong = await post(`${host.webhookUrl()}?token=${'A'.repeat(32)}`, incoming(id(1), 'forged'));
		const missing = await post(host.webhookUrl(), incoming(id(2), 'forged'));
		expect([wrong.status, missing.status]).toEqual([401, 401]);
		await host.idle();
		expect(host.executions).toHaveLength(0);
	});

	test('the same event posted twice starts one execution', async () => {
		const host = await start(typeVersion);
		const answers = [await post(registeredUrl(), incoming(id(3), 'once')), await post(registeredUrl(), incoming(id(3), 'once'))];
		expect(answers.map((a) => a.status)).toEqual([200, 200]);
		await host.idle();
		expect(host.executions).toHaveLength(1);
	});

	test.each([
		['plain text', 'hello', 'text/plain'],
		['an octet stream', '{"id":4,"type":"message-received"}', 'application/octet-stream'],
	])('a body that is %s is answered 400 and starts nothing', async (_label, body, contentType) => {
		const host = await start(typeVersion);
		expect((await post(registeredUrl(), body, true, contentType)).status).toBe(400);
		await host.idle();
		expect(host.executions).toHaveLength(0);
	});
});

test('only version 1 makes n8n evaluate the legacy binaryData expression per request', async () => {
	const evaluated = jest.spyOn(WorkflowExpression.prototype, 'getSimpleParameterValue');
	const legacy = () => evaluated.mock.calls.filter(([, value]) => String(value).includes('binaryData')).length;
	const [v1, v11, v12] = [await start(1), await start(1.1), await start(1.2)];
	expect((await post(`${v1.webhookUrl()}?token=x`, incoming(5, 'v1'))).status).toBe(401);
	expect(legacy()).toBe(1);
	evaluated.mockClear();
	expect((await post(`${v11.webhookUrl()}?token=x`, incoming(6, 'v1.1'))).status).toBe(401);
	expect((await post(`${v12.webhookUrl()}?token=x`, incoming(7, 'v1.2'))).status).toBe(401);
	expect(legacy()).toBe(0);
});
