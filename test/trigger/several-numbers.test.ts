/**
 * One trigger for several numbers (typeVersion 1.3): one registration per From Number, events
 * marked with their number, deactivation clearing each, and a re-publish that texts only the
 * numbers added or removed. Through n8n's engine and the simulator over real HTTP.
 *
 * A re-publish is what n8n does when a published workflow's trigger changed: `delete` on the old
 * node, then `checkExists`/`create` on the new one, in one process, with the saved static data.
 */
import { randomBytes } from 'node:crypto';

import { sleep } from 'n8n-workflow';

import { IoPhoneSimulator, TEST_NUMBER } from '../../tools/simulator';
import type { TriggerHost } from '../../tools/harness';
import { REPUBLISH_GRACE_MS } from '../../nodes/IoPhoneTrigger/deferred-clears';
import { ACCOUNT_NUMBER, US_NUMBER, textRequests } from '../support/send-node';
import { SETUP_RECIPIENT, emitted, hostTrigger, post, textFromAccount } from '../support/trigger-workflow';

const [FIRST, SECOND, THIRD] = [ACCOUNT_NUMBER, '+15553334444', '+15556667777'];

let sim: IoPhoneSimulator;
const hosts: TriggerHost[] = [];

beforeAll(async () => {
	sim = await IoPhoneSimulator.start({ accountNumbers: [FIRST, SECOND, THIRD] });
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());
afterEach(async () => {
	for (const host of hosts.splice(0)) await host.close();
});

let workflows = 0;

async function publish(fromNumbers: string, parameters: Record<string, unknown> = {}, workflowId = `several-${(workflows += 1)}-${Date.now()}`) {
	const host = await hostTrigger(sim, { fromNumbers, ...parameters }, { typeVersion: 1.3, workflowId });
	hosts.push(host);
	await host.activate();
	return host;
}

/** n8n re-publishing a changed trigger: `delete` on the old node, then the new node on the saved static data. */
async function republish(host: TriggerHost, fromNumbers: string, parameters: Record<string, unknown> = {}) {
	await host.deactivate();
	const port = Number(new URL(host.baseUrl).port);
	const { staticData } = host;
	const webhookId = host.workflow.nodes[0].webhookId!;
	const workflowId = String(host.workflow.id);
	await host.close();
	hosts.splice(hosts.indexOf(host), 1);
	const next = await hostTrigger(sim, { fromNumbers, ...parameters }, { typeVersion: 1.3, workflowId, staticData, port, webhookId });
	hosts.push(next);
	await next.activate();
	return next;
}

const body = (index: number) => textRequests(sim)[index].body as Record<string, string>;
const setupTextsFrom = () => textRequests(sim).map((r) => r.body as Record<string, string>).filter((b) => b.callbackUrl).map((b) => b.fromNumber);
const clearTextsFrom = () => textRequests(sim).map((r) => r.body as Record<string, string>).filter((b) => b.callbackUrl === '').map((b) => b.fromNumber);

/** Resolves once `n` clear texts went out (they wait REPUBLISH_GRACE_MS for a re-publish first). */
async function clearTexts(n: number): Promise<string[]> {
	const deadline = Date.now() + REPUBLISH_GRACE_MS + 5_000;
	while (clearTextsFrom().length < n && Date.now() < deadline) await sleep(50);
	return clearTextsFrom();
}

test('publishing sends one setup text per number, each registering the same webhook', async () => {
	const host = await publish(`${FIRST}, ${SECOND}`);
	expect(textRequests(sim)).toHaveLength(2);
	expect([body(0).fromNumber, body(1).fromNumber]).toEqual([FIRST, SECOND]);
	for (const number of [FIRST, SECOND]) {
		expect(new URL(sim.callbackUrlFor(number)!).pathname).toBe(new URL(host.webhookUrl()).pathname);
	}
	expect(body(0).callbackUrl).toBe(body(1).callbackUrl);
	expect(body(0).toNumber).toBe(SETUP_RECIPIENT);
});

test('From Numbers written with spaces, semicolons or line breaks, or twice, is each number once', async () => {
	await publish(` (555) 111-2222 ;\n+1 555 333 4444, ${FIRST}`);
	expect(setupTextsFrom()).toEqual([FIRST, SECOND]);
});

test('events from each number arrive marked with their number; their own setup texts start nothing', async () => {
	const host = await publish(`${FIRST}, ${SECOND}`);
	for (const sent of [...sim.sent]) await sim.deliver(sent.id);
	await sim.receive({ from: US_NUMBER, to: FIRST, text: 'to the first' });
	await sim.receive({ from: US_NUMBER, to: SECOND, text: 'to the second' });
	const delivery = await textFromAccount(sim, SECOND);
	await sim.deliver(delivery.id);
	await host.waitForExecutions(3);
	await host.idle();
	expect(emitted(host).map((item) => [item.type, item.ourNumber, item.sessionId])).toEqual([
		['message-received', FIRST, `${FIRST}:${US_NUMBER}`],
		['message-received', SECOND, `${SECOND}:${US_NUMBER}`],
		['message-delivered', SECOND, undefined],
	]);
});

test('an n8n restart sends nothing and both numbers keep working', async () => {
	const host = await publish(`${FIRST}, ${SECOND}`);
	await host.restart();
	expect(textRequests(sim)).toHaveLength(2);
	await sim.receive({ from: US_NUMBER, to: SECOND, text: 'after restart' });
	await host.waitForExecutions(1);
});

test('publishing again with the same numbers and static data sends nothing', async () => {
	const host = await publish(`${FIRST}, ${SECOND}`);
	const saved = { workflowId: String(host.workflow.id), staticData: host.staticData, webhookId: host.workflow.nodes[0].webhookId!, port: Number(new URL(host.baseUrl).port) };
	await host.close();
	const again = await hostTrigger(sim, { fromNumbers: `${SECOND}, ${FIRST}` }, { typeVersion: 1.3, ...saved });
	hosts.splice(hosts.indexOf(host), 1, again);
	await again.activate();
	expect(again.hookCalls.map((c) => [c.method, c.result])).toEqual([['checkExists', true]]);
	expect(textRequests(sim)).toHaveLength(2);
});

test('a re-publish that adds a number sends one setup text, from that number; a re-publish that removes one sends one clear text', async () => {
	const host = await publish(`${FIRST}, ${SECOND}`);
	const added = await republish(host, `${FIRST}, ${SECOND}, ${THIRD}`);
	expect(setupTextsFrom()).toEqual([FIRST, SECOND, THIRD]);
	expect(clearTextsFrom()).toEqual([]);
	expect(new URL(sim.callbackUrlFor(THIRD)!).pathname).toBe(new URL(added.webhookUrl()).pathname);

	const removed = await republish(added, `${FIRST}, ${THIRD}`);
	expect(clearTextsFrom()).toEqual([SECOND]);
	expect(sim.callbackUrlFor(SECOND)).toBeUndefined();
	expect(setupTextsFrom()).toHaveLength(3);

	// Nothing waits to clear the numbers kept: past the grace, they still point at the trigger.
	await sleep(REPUBLISH_GRACE_MS + 200);
	expect(clearTextsFrom()).toEqual([SECOND]);
	await sim.receive({ from: US_NUMBER, to: THIRD, text: 'to the third' });
	await sim.receive({ from: US_NUMBER, to: FIRST, text: 'to the first' });
	await removed.waitForExecutions(2);
	expect(emitted(removed).map((item) => item.ourNumber)).toEqual([THIRD, FIRST]);
});

test('unpublishing clears each number, one text each, once the grace for a re-publish is over', async () => {
	const host = await publish(`${FIRST}, ${SECOND}`);
	await host.deactivate();
	expect((await clearTexts(2)).sort()).toEqual([FIRST, SECOND]);
	expect(sim.callbackUrlFor(FIRST)).toBeUndefined();
	expect(sim.callbackUrlFor(SECOND)).toBeUndefined();
	expect(JSON.stringify(host.staticData)).not.toContain('webhookUrl');
});

test('unpublishing with Clear On Deactivate off sends nothing', async () => {
	const host = await publish(`${FIRST}, ${SECOND}`, { clearOnDeactivate: false });
	await host.deactivate();
	await sleep(REPUBLISH_GRACE_MS + 200);
	expect(textRequests(sim)).toHaveLength(2);
});

test('a number IO Phone refuses fails publishing with its number in the message; publishing without it then works', async () => {
	const workflowId = `several-refused-${Date.now()}`;
	const host = await hostTrigger(sim, { fromNumbers: `${FIRST}, +16142570000` }, { typeVersion: 1.3, workflowId });
	hosts.push(host);
	await expect(host.activate()).rejects.toThrow(/^From Number \+16142570000: This account is not authorized/);
	expect(host.isActive).toBe(false);
	const fixed = await republish(host, FIRST);
	expect(setupTextsFrom()).toEqual([FIRST, '+16142570000', FIRST]);
	await sim.receive({ from: US_NUMBER, to: FIRST, text: 'works' });
	await fixed.waitForExecutions(1);
});

test('listening for a test event moves each number to the test URL and points each back at the Production URL afterwards', async () => {
	const host = await publish(`${FIRST}, ${SECOND}`);
	const production = [sim.callbackUrlFor(FIRST), sim.callbackUrlFor(SECOND)];
	await host.listenForTestEvent();
	expect(sim.callbackUrlFor(FIRST)).toContain('/webhook-test/');
	expect(sim.callbackUrlFor(SECOND)).toContain('/webhook-test/');
	await sim.receive({ from: US_NUMBER, to: SECOND, text: 'while testing' });
	const [run] = await host.waitForExecutions(1);
	expect(run.mode).toBe('manual');
	await host.idle();
	expect([sim.callbackUrlFor(FIRST), sim.callbackUrlFor(SECOND)]).toEqual(production);
	// Publish 2, listen 2, back 2.
	expect(setupTextsFrom()).toHaveLength(6);
});

test('with the test number among others, Execute step shows its simulated delivery as the sample', async () => {
	const host = await hostTrigger(sim, { fromNumbers: `${FIRST}, ${TEST_NUMBER}`, events: ['message-received'] }, { typeVersion: 1.3, mode: 'manual', workflowId: `several-test-${Date.now()}` });
	hosts.push(host);
	await host.activate();
	const [run] = await host.waitForExecutions(1);
	expect(run.mode).toBe('manual');
	expect(emitted(host)[0]).toMatchObject({ type: 'message-delivered', from: TEST_NUMBER, ourNumber: TEST_NUMBER, testNumberSample: expect.any(String) });
});

test('Manual registration with several numbers sends nothing and takes events for each', async () => {
	const manualToken = randomBytes(16).toString('hex');
	const host = await publish(`${FIRST}, ${SECOND}`, { registration: 'manual', manualToken });
	expect(textRequests(sim)).toHaveLength(0);
	for (const to of [FIRST, SECOND]) {
		const event = { id: `manual-${to}`, time: '2023-09-14T13:52:27.881412Z', type: 'message-received', direction: 'in', to, from: US_NUMBER, text: 'hi' };
		expect((await post(`${host.webhookUrl()}?token=${manualToken}`, event)).status).toBe(200);
	}
	await host.waitForExecutions(2);
	expect(emitted(host).map((item) => item.ourNumber)).toEqual([FIRST, SECOND]);
});

test('a re-publish that changes the callback URL\'s token (Verify Callback Token off) registers every number again', async () => {
	const host = await publish(`${FIRST}, ${SECOND}`);
	await republish(host, `${FIRST}, ${SECOND}`, { verifyToken: false });
	expect(setupTextsFrom()).toEqual([FIRST, SECOND, FIRST, SECOND]);
	expect(sim.callbackUrlFor(FIRST)).not.toContain('token=');
	expect(clearTextsFrom()).toEqual([]);
});

test('a re-publish that changes only Setup Message or Events sends nothing', async () => {
	const host = await publish(`${FIRST}, ${SECOND}`);
	const next = await republish(host, `${SECOND}, ${FIRST}`, { setupMessage: 'Another setup message', events: ['message-received'] });
	expect(next.hookCalls.map((c) => [c.method, c.result])).toEqual([
		['checkExists', false],
		['create', true],
	]);
	expect(textRequests(sim)).toHaveLength(2);
	await sim.receive({ from: US_NUMBER, to: SECOND, text: 'still registered' });
	await next.waitForExecutions(1);
});
