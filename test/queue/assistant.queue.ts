/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * The queue-mode AI SMS assistant (examples/queue-mode/ai-sms-assistant.json: IO Phone Trigger →
 * AI Agent with Redis Chat Memory → IO Phone send) in n8n 2.41.1 queue mode (main, 2 workers,
 * 2 webhook processes, Postgres, Redis; this file starts its own cluster), its model the scripted
 * OpenAI-compatible server (tools/llm). One customer's three texts go to alternate webhook
 * processes; the first runs on worker 1 (worker 2 stopped), the second on worker 2 (worker 1
 * stopped), so the third reaches the model with both only if the memory is shared. The model
 * refuses (HTTP 500, the execution fails) a conversation other than the expected one.
 */
import { randomBytes } from 'node:crypto';

import { record, stopAndPrintFigures } from '../e2e/figures';
import { conversationCheckingScript, conversationOf, FakeOpenAi, lastUserText, type Turn } from '../../tools/llm/fake-openai';
import { QUEUE_ASSISTANT_EXAMPLE, assistantWorkflow } from '../../tools/n8n/assistant-workflow';
import { expectOk } from '../../tools/n8n/n8n-api';
import { waitFor } from '../../tools/n8n/wait';
import { triggerWebhookPath } from '../../tools/n8n/workflows';
import { QueueCluster } from '../../tools/queue/cluster';
import { redisCredentialData } from '../../tools/queue/shapes';
import { incomingText, onHost, post } from '../../tools/queue/traffic';
import { IoPhoneSimulator } from '../../tools/simulator';

const IOPHONE_KEY = `queue-key-${randomBytes(12).toString('hex')}`;
const LLM_KEY = `sk-fake-${randomBytes(12).toString('hex')}`;
const ACCOUNT_NUMBER = '+15551112222';
const CUSTOMER = '+12025550123';

const answerTo = (text: string) => `You asked: ${text}`;
const user = (text: string): Turn => ({ role: 'user', text });
const assistant = (text: string): Turn => ({ role: 'assistant', text });

let sim: IoPhoneSimulator;
let llm: FakeOpenAi;
let cluster: QueueCluster | undefined;
let workflowId: string;
let callbackUrl: string;
let nextEventId = 700_001;
const expectedConversation = new Map<string, Turn[]>();
const refusals: string[] = [];
const log = (message: string) => process.stdout.write(`[queue assistant] ${message}\n`);
const api = () => cluster!.api;

/** Answers each text; refuses (500) a request whose conversation is not the one registered for its text. */
const script = conversationCheckingScript(expectedConversation, refusals, answerTo);

/** The text posted straight to one webhook process; resolves with the id of the execution that answered it. */
async function textVia(webhookIndex: number, text: string): Promise<string> {
	const before = new Set((await api().listExecutions(workflowId)).map((e) => e.id));
	const delivery = await post(onHost(callbackUrl, cluster!.webhookProcesses[webhookIndex].baseUrl), incomingText(nextEventId++, CUSTOMER, ACCOUNT_NUMBER, text));
	expect(delivery.status).toBe(200);
	await waitFor(() => sim.sent.some((m) => m.to === CUSTOMER && m.text === answerTo(text)), {
		timeoutMs: 90_000,
		intervalMs: 100,
		what: `the answer to "${text}" (model refusals: ${refusals.join('; ') || 'none'})`,
	});
	const execution = await waitFor(async () => (await api().listExecutions(workflowId)).find((e) => !before.has(e.id) && e.status !== 'running' && e.status !== 'new'), {
		timeoutMs: 30_000,
		what: `the execution of "${text}"`,
	});
	expect(execution.status).toBe('success');
	return String(execution.id);
}

/** Only worker `running` (0-based) takes jobs: the other is stopped, this one started if it was not. */
async function onlyWorker(running: number): Promise<void> {
	const other = 1 - running;
	await cluster!.member('worker', other).process.stop();
	if (!cluster!.member('worker', running).process.isRunning) await cluster!.start('worker', running);
}

beforeAll(async () => {
	sim = await IoPhoneSimulator.start({ apiKey: IOPHONE_KEY, accountNumbers: [ACCOUNT_NUMBER] });
	llm = await FakeOpenAi.start({ apiKey: LLM_KEY, script });
	const t0 = Date.now();
	cluster = await QueueCluster.create({ say: log });
	record('queue cluster ready', Date.now() - t0);
	const ioPhone = await api().createCredential('IO Phone (simulator)', 'ioPhoneApi', { apiKey: IOPHONE_KEY, baseUrl: sim.baseUrl });
	const openAi = await api().createCredential('OpenAI (scripted model)', 'openAiApi', { apiKey: LLM_KEY, url: llm.baseUrl, header: false });
	const redis = await api().createCredential("Redis (n8n's queue)", 'redis', redisCredentialData(cluster.redis.port));
	const workflow = assistantWorkflow(QUEUE_ASSISTANT_EXAMPLE, { ioPhoneApi: ioPhone, openAiApi: openAi, redis }, { fromNumbers: ACCOUNT_NUMBER });
	const imported = await api().rest<{ data: { id: string } }>('POST', '/workflows', { ...workflow, active: false });
	expectOk(imported, 'import the queue-mode AI SMS assistant');
	workflowId = imported.json.data.id;
	expect((await api().publishWorkflow(workflowId)).status).toBe(200);
	callbackUrl = await waitFor(() => sim.callbackUrlFor(ACCOUNT_NUMBER), { timeoutMs: 60_000, what: 'the stored callback URL' });
	await cluster.waitForPostWebhookEverywhere(triggerWebhookPath(workflow), 120_000);
}, 15 * 60_000);

afterAll(async () => {
	if (cluster && process.env.IOPHONE_E2E_SHOW_LOG === '1') for (const m of cluster.members) process.stdout.write(cluster.output(m.role, m.index));
	await stopAndPrintFigures(() => 'AI SMS assistant in queue mode (n8n 2.41.1, 2 workers, 2 webhook processes):', () => cluster?.dispose(), () => sim?.close(), () => llm?.close());
}, 120_000);

test('one conversation over both webhook processes and both workers keeps its context in Redis Chat Memory', async () => {
	const turns = ['Hi, do you deliver on Sundays?', 'And to Brooklyn?', 'What did I ask first?'];
	const history: Turn[] = [];
	const ranOn: Array<number | undefined> = [];
	for (const [i, text] of turns.entries()) {
		if (i < 2) await onlyWorker(i);
		else await cluster!.start('worker', 0); // both workers: either may run the last turn
		expectedConversation.set(text, [...history, user(text)]);
		const t0 = Date.now();
		const executionId = await textVia(i % 2, text);
		record(`turn ${i + 1}: text → answer at IO Phone`, Date.now() - t0);
		ranOn.push(cluster!.executionsByWorker().get(executionId));
		history.push(user(text), assistant(answerTo(text)));
	}
	expect(refusals).toEqual([]);
	// Turns 1 and 2 ran on different workers, and turn 3 was told both.
	expect(ranOn.slice(0, 2)).toEqual([0, 1]);
	const third = llm.chatRequests.find((r) => lastUserText(r) === turns[2])!;
	expect(conversationOf(third)).toEqual(history.slice(0, 5));
	expect(sim.sent.filter((m) => m.to === CUSTOMER).map((m) => ({ from: m.from, text: m.text }))).toEqual(turns.map((t) => ({ from: ACCOUNT_NUMBER, text: answerTo(t) })));
	record('turns run on workers', ranOn.map((w) => (w === undefined ? '?' : w + 1)).join(', '));
}, 600_000);
