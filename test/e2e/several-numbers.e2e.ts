/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * IO Phone Trigger 1.3 in a real n8n: one trigger on two numbers (then three), as a chat channel,
 * with its loop guards. The tests share one n8n and run in order: publish → events from each
 * number → our own number texting → an auto-responder → restart → re-publish adding a number →
 * unpublish.
 */
import { randomBytes } from 'node:crypto';

import { IoPhoneSimulator } from '../../tools/simulator';
import { record, stopAndPrintFigures } from './figures';
import { LocalN8n } from '../../tools/n8n/local-n8n';
import { nodeOutput, type ExecutionSummary, type WorkflowDefinition } from '../../tools/n8n/n8n-api';
import { sleep, waitFor } from '../../tools/n8n/wait';
import { severalNumbersReplyWorkflow, TRIGGER_NODE, triggerWebhookPath } from '../../tools/n8n/workflows';
import { REPUBLISH_GRACE_MS } from '../../nodes/IoPhoneTrigger/deferred-clears';
import { DEFAULT_MAX_EXECUTIONS_PER_SENDER } from '../../nodes/IoPhoneTrigger/sender-limit';

jest.setTimeout(120_000);

const API_KEY = `e2e-key-${randomBytes(12).toString('hex')}`;
const [FIRST, SECOND, THIRD] = ['+15551112222', '+15553334444', '+15556667777'];
const SETUP_RECIPIENT = '+16142579242';
const TEXTER = '+12025550123';
const BOT = '+13125550188';

let sim: IoPhoneSimulator;
let local: LocalN8n | undefined;
let definition: WorkflowDefinition;
let workflowId: string;
let webhookPath: string;
const log = (message: string) => process.stdout.write(`[e2e] ${message}\n`);
const api = () => local!.api;

type Body = Record<string, unknown>;
const textBodies = (): Body[] => sim.requests.filter((r) => r.method === 'POST' && r.path === '/api6/text').map((r) => (r.body ?? {}) as Body);
const setupTextsFrom = () => textBodies().filter((b) => typeof b.callbackUrl === 'string' && b.callbackUrl !== '').map((b) => b.fromNumber);
const clearTextsFrom = () => textBodies().filter((b) => b.callbackUrl === '').map((b) => b.fromNumber);
const repliesTo = (number: string) => textBodies().filter((b) => b.toNumber === number && String(b.text).startsWith('Thanks!'));

async function finished(): Promise<ExecutionSummary[]> {
	return (await api().listExecutions(workflowId)).filter((e) => e.status !== 'running' && e.status !== 'new');
}

async function waitForExecutions(count: number): Promise<ExecutionSummary[]> {
	return await waitFor(async () => {
		const done = await finished();
		return done.length >= count ? done : undefined;
	}, { timeoutMs: 20_000, intervalMs: 250, what: `${count} finished execution(s)` });
}

beforeAll(async () => {
	sim = await IoPhoneSimulator.start({ apiKey: API_KEY, accountNumbers: [FIRST, SECOND, THIRD] });
	local = await LocalN8n.create({ say: log });
	const credential = await api().createCredential('IO Phone (simulator)', 'ioPhoneApi', { apiKey: API_KEY, baseUrl: sim.baseUrl });
	definition = severalNumbersReplyWorkflow(credential, { fromNumbers: `${FIRST}, ${SECOND}`, setupRecipient: SETUP_RECIPIENT });
	webhookPath = triggerWebhookPath(definition);
	workflowId = (await api().createWorkflow(definition)).id;
}, 20 * 60_000);

afterAll(async () => {
	await stopAndPrintFigures(() => `Figures (several numbers, n8n ${local?.runtime.version ?? '?'}):`, () => local?.dispose(), () => sim?.close());
}, 60_000);

test('publishing a trigger on two numbers sends two setup texts, one from each, with the same callback URL', async () => {
	const t0 = Date.now();
	expect((await api().publishWorkflow(workflowId)).status).toBe(200);
	await waitFor(() => (setupTextsFrom().length >= 2 ? true : undefined), { timeoutMs: 30_000, what: 'two setup texts' });
	await local!.n8n.waitForPostWebhook(webhookPath, 30_000);
	record('publish to two setup texts + webhook registered', Date.now() - t0);
	expect(setupTextsFrom()).toEqual([FIRST, SECOND]);
	expect(sim.callbackUrlFor(FIRST)).toBe(sim.callbackUrlFor(SECOND));
	expect(sim.callbackUrlFor(FIRST)!.startsWith(`${local!.n8n.webhookUrl(webhookPath)}?token=`)).toBe(true);
});

test('texts to each number run the workflow, marked with their number, with chatInput and sessionId; each reply goes out from the number texted', async () => {
	await sim.receive({ from: TEXTER, to: FIRST, text: 'hello first' });
	await sim.receive({ from: TEXTER, to: SECOND, text: 'hello second' });
	const runs = await waitForExecutions(2);
	const items = await Promise.all(runs.map(async (run) => nodeOutput((await api().getExecution(run.id)).json, TRIGGER_NODE)[0]));
	const byText = Object.fromEntries(items.map((item) => [item.chatInput as string, item]));
	expect(byText['hello first']).toMatchObject({ ourNumber: FIRST, sessionId: `${FIRST}:${TEXTER}`, text: 'hello first' });
	expect(byText['hello second']).toMatchObject({ ourNumber: SECOND, sessionId: `${SECOND}:${TEXTER}`, text: 'hello second' });
	await waitFor(() => (repliesTo(TEXTER).length >= 2 ? true : undefined), { timeoutMs: 15_000, what: 'two replies' });
	expect(repliesTo(TEXTER).map((b) => [b.fromNumber, b.text])).toEqual(
		expect.arrayContaining([
			[FIRST, 'Thanks! You said: hello first'],
			[SECOND, 'Thanks! You said: hello second'],
		]),
	);
});

test('one of our own numbers texting the trigger starts no execution', async () => {
	const before = (await finished()).length;
	expect((await sim.receive({ from: SECOND, to: FIRST, text: 'from our other number' }))?.status).toBe(200);
	expect((await sim.receive({ from: FIRST, to: FIRST, text: 'to itself' }))?.status).toBe(200);
	await sleep(2000);
	expect(await finished()).toHaveLength(before);
	expect(repliesTo(FIRST)).toHaveLength(0);
	expect(repliesTo(SECOND)).toHaveLength(0);
});

test('an auto-responder answering every reply: the exchange stops at Max Executions per Sender, and n8n logs the drop', async () => {
	const before = (await finished()).length;
	const t0 = Date.now();
	// The bot answers each reply it gets with another text, as an out-of-office responder does.
	await sim.receive({ from: BOT, to: FIRST, text: 'Auto-reply 0' });
	for (let answered = 0; ; ) {
		const replied = await waitFor(() => (repliesTo(BOT).length > answered ? true : undefined), { timeoutMs: 5_000, what: 'a reply to the bot' }).catch(() => false);
		if (!replied) break;
		answered = repliesTo(BOT).length;
		await sim.receive({ from: BOT, to: FIRST, text: `Auto-reply ${answered}` });
	}
	record('auto-responder exchange until the limit stopped it', Date.now() - t0);
	expect(repliesTo(BOT)).toHaveLength(DEFAULT_MAX_EXECUTIONS_PER_SENDER);
	expect(await finished()).toHaveLength(before + DEFAULT_MAX_EXECUTIONS_PER_SENDER);
	const warning = local!.n8n.output.split('\n').find((line) => line.includes('Max Executions per Sender'));
	expect(warning).toContain('1 text(s) in a row from +1312•••0188 dropped');
	expect(local!.n8n.output).not.toContain(BOT);
	// Another sender still gets through.
	await sim.receive({ from: TEXTER, to: FIRST, text: 'a person, meanwhile' });
	await waitFor(() => repliesTo(TEXTER).find((b) => b.text === 'Thanks! You said: a person, meanwhile'), { timeoutMs: 15_000, what: 'the reply to the person' });
});

test('after an n8n restart no setup text is sent and both numbers still work', async () => {
	const setups = setupTextsFrom().length;
	await local!.stop();
	const n8n = await local!.start();
	await n8n.waitForPostWebhook(webhookPath, 90_000);
	await n8n.waitUntilReady();
	await sim.receive({ from: TEXTER, to: SECOND, text: 'after restart' });
	await waitFor(() => repliesTo(TEXTER).find((b) => b.text === 'Thanks! You said: after restart'), { timeoutMs: 15_000, what: 'the reply after restart' });
	expect(setupTextsFrom()).toHaveLength(setups);
});

test('re-publishing with a third number sends one setup text, from it, and clears nothing', async () => {
	const setups = setupTextsFrom().length;
	const trigger = definition.nodes.find((n) => n.name === TRIGGER_NODE)!;
	(trigger.parameters as Record<string, unknown>).fromNumbers = `${FIRST}, ${SECOND}, ${THIRD}`;
	const t0 = Date.now();
	const saved = await api().updateWorkflow(workflowId, definition);
	expect(saved.status).toBe(200);
	await waitFor(() => (setupTextsFrom().length > setups ? true : undefined), { timeoutMs: 30_000, what: 'the third number\'s setup text' });
	record('re-publish to the added number\'s setup text', Date.now() - t0);
	// Past the grace a removed registration would wait for: still one text, nothing cleared.
	await sleep(REPUBLISH_GRACE_MS + 1000);
	expect(setupTextsFrom().slice(setups)).toEqual([THIRD]);
	expect(clearTextsFrom()).toEqual([]);
	for (const number of [FIRST, SECOND, THIRD]) expect(sim.callbackUrlFor(number)).toBe(sim.callbackUrlFor(FIRST));
	await sim.receive({ from: TEXTER, to: THIRD, text: 'hello third' });
	await waitFor(() => repliesTo(TEXTER).find((b) => b.text === 'Thanks! You said: hello third' && b.fromNumber === THIRD), { timeoutMs: 15_000, what: 'the reply from the third number' });
});

test('unpublishing clears each number, one text each', async () => {
	expect((await api().unpublishWorkflow(workflowId)).status).toBe(200);
	await waitFor(() => (clearTextsFrom().length >= 3 ? true : undefined), { timeoutMs: REPUBLISH_GRACE_MS + 20_000, what: 'three clear texts' });
	expect([...clearTextsFrom()].sort()).toEqual([FIRST, SECOND, THIRD].sort());
	for (const number of [FIRST, SECOND, THIRD]) expect(sim.callbackUrlFor(number)).toBeUndefined();
});
