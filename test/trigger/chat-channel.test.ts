/**
 * The trigger as a chat channel (typeVersion 1.3): received texts carry `chatInput` and
 * `sessionId`, what n8n's AI Agent and memory nodes read with their default settings ("Connected
 * Chat Trigger Node"), and every item says which of the trigger's numbers it concerns.
 * Through n8n's engine and the simulator over real HTTP.
 */
import { IoPhoneSimulator } from '../../tools/simulator';
import type { TriggerHost } from '../../tools/harness';
import { ACCOUNT_NUMBER, OTHER_US_NUMBER, US_NUMBER } from '../support/send-node';
import { emitted, hostTrigger, textFromAccount } from '../support/trigger-workflow';

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

async function published(typeVersion: number, parameters: Record<string, unknown> = {}) {
	// Each host its own workflow id: the in-process windows are per workflow and node.
	const numbers = typeVersion >= 1.3 ? { fromNumbers: ACCOUNT_NUMBER } : { fromNumber: ACCOUNT_NUMBER };
	const host = await hostTrigger(sim, { ...numbers, ...parameters }, { typeVersion, workflowId: `chat-${hosts.length}-${Date.now()}` });
	hosts.push(host);
	await host.activate();
	return host;
}

describe('version 1.3', () => {
	test('a received text carries chatInput (its text) and sessionId (our number and theirs), beside its existing fields', async () => {
		const host = await published(1.3);
		await sim.receive({ from: US_NUMBER, to: ACCOUNT_NUMBER, text: 'Do you open on Sundays?' });
		await host.waitForExecutions(1);
		expect(emitted(host)[0]).toMatchObject({
			type: 'message-received',
			text: 'Do you open on Sundays?',
			from: US_NUMBER,
			to: ACCOUNT_NUMBER,
			replyTo: US_NUMBER,
			replyFrom: ACCOUNT_NUMBER,
			keyword: null,
			chatInput: 'Do you open on Sundays?',
			sessionId: `${ACCOUNT_NUMBER}:${US_NUMBER}`,
			ourNumber: ACCOUNT_NUMBER,
		});
	});

	test('one conversation keeps its sessionId; another sender gets another', async () => {
		const host = await published(1.3);
		await sim.receive({ from: US_NUMBER, to: ACCOUNT_NUMBER, text: 'first' });
		await sim.receive({ from: OTHER_US_NUMBER, to: ACCOUNT_NUMBER, text: 'someone else' });
		await sim.receive({ from: US_NUMBER, to: ACCOUNT_NUMBER, text: 'second' });
		await host.waitForExecutions(3);
		const sessions = Object.fromEntries(emitted(host).map((item) => [item.chatInput as string, item.sessionId]));
		expect(sessions.first).toBe(sessions.second);
		expect(sessions['someone else']).toBe(`${ACCOUNT_NUMBER}:${OTHER_US_NUMBER}`);
		expect(sessions['someone else']).not.toBe(sessions.first);
	});

	test('delivered and failed items say which number they concern, and carry no chatInput or sessionId', async () => {
		const host = await published(1.3);
		const { id } = await textFromAccount(sim);
		await sim.deliver(id);
		await sim.fail(id);
		await host.waitForExecutions(2);
		for (const item of emitted(host)) {
			expect(item).toMatchObject({ from: ACCOUNT_NUMBER, ourNumber: ACCOUNT_NUMBER });
			expect(item).not.toHaveProperty('chatInput');
			expect(item).not.toHaveProperty('sessionId');
		}
	});
});

describe.each([1, 1.1, 1.2])('version %s (saved workflows) is unchanged', (typeVersion) => {
	test('a received text carries no chatInput, sessionId or ourNumber', async () => {
		const host = await published(typeVersion);
		await sim.receive({ from: US_NUMBER, to: ACCOUNT_NUMBER, text: 'Hello?' });
		await host.waitForExecutions(1);
		const [item] = emitted(host);
		expect(item).toMatchObject({ type: 'message-received', text: 'Hello?', replyTo: US_NUMBER, replyFrom: ACCOUNT_NUMBER });
		for (const field of ['chatInput', 'sessionId', 'ourNumber']) expect(item).not.toHaveProperty(field);
	});
});
