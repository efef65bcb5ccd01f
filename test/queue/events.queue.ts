/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * The queue-mode auto-reply example (examples/queue-mode/auto-reply.json: IO Phone Trigger →
 * Redis Increment → Filter → IO Phone) in n8n 2.41.1 queue mode: main, 2 workers and
 * 2 webhook processes behind a round-robin proxy, Postgres and Redis, against the IO Phone
 * simulator. In order: activation → load through the proxy → forged callbacks on each webhook
 * process → the same events delivered to both webhook processes → restart of every process.
 */
import { randomBytes } from 'node:crypto';

import { record, stopAndPrintFigures } from '../e2e/figures';
import { sleep, waitFor } from '../../tools/n8n/wait';
import { triggerWebhookPath } from '../../tools/n8n/workflows';
import { IoPhoneSimulator } from '../../tools/simulator';
import { QueueCluster } from '../../tools/queue/cluster';
import { queueAutoReplyWorkflow, redisCredentialData } from '../../tools/queue/shapes';
import { incomingText, inPool, keyOf, onHost, post, settledExecutions, type Payload } from '../../tools/queue/traffic';

const API_KEY = `queue-key-${randomBytes(12).toString('hex')}`;
const ACCOUNT_NUMBER = '+15551112222';
const SETUP_RECIPIENT = '+16142579242';
const TEXTER = '+12025550123';

const EVENTS = Number(process.env.IOPHONE_QUEUE_EVENTS ?? 1000);
const AT_ONCE = 20;
const DUPLICATES = 100;
const FORGED_PER_PROCESS = 20;

let sim: IoPhoneSimulator;
let cluster: QueueCluster | undefined;
let workflowId: string;
let callbackUrl: string;
let nextId = 8_000_000;
const log = (message: string) => process.stdout.write(`[queue] ${message}\n`);

const replyText = (text: string) => `Thanks! You said: ${text}`;
/** POST /text requests that registered a callback URL. */
const setupTexts = () =>
	sim.requests.filter((r) => r.path === '/api6/text' && typeof (r.body as { callbackUrl?: unknown })?.callbackUrl === 'string' && (r.body as { callbackUrl: string }).callbackUrl !== '');
const repliesTo = (texts: string[]) => {
	const wanted = new Set(texts.map(replyText));
	return sim.sent.filter((m) => wanted.has(m.text));
};
const newEvents = (count: number, label: string): Payload[] =>
	Array.from({ length: count }, (_, i) => incomingText(nextId++, TEXTER, ACCOUNT_NUMBER, `${label} ${i}`));

/** What a refused callback got back, and the webhook processes' logs, for the CI output. */
function printWebhookProcessLogs(answers: string[]): void {
	log(`refused callbacks' answers:\n${answers.join('\n')}`);
	for (const m of cluster!.members.filter((member) => member.role === 'webhook')) {
		log(`webhook process ${m.index}, last lines:\n${cluster!.output(m.role, m.index).split('\n').slice(-80).join('\n')}`);
	}
}

beforeAll(async () => {
	sim = await IoPhoneSimulator.start({ apiKey: API_KEY, accountNumbers: [ACCOUNT_NUMBER] });
	const t0 = Date.now();
	cluster = await QueueCluster.create({ say: log });
	record('queue cluster: Postgres, Redis, main, 2 workers, 2 webhook processes ready', Date.now() - t0);
}, 15 * 60_000);

afterAll(async () => {
	if (cluster && process.env.IOPHONE_E2E_SHOW_LOG === '1') for (const m of cluster.members) process.stdout.write(cluster.output(m.role, m.index));
	await stopAndPrintFigures(() => 'Queue mode (n8n 2.41.1, 2 workers, 2 webhook processes):', () => cluster?.dispose(), () => sim?.close());
}, 120_000);

describe('auto-reply example for queue mode (examples/queue-mode/auto-reply.json)', () => {
	test('activation on main sends exactly one setup text, with the proxy URL as callback', async () => {
		const credential = await cluster!.api.createCredential('IO Phone (simulator)', 'ioPhoneApi', { apiKey: API_KEY, baseUrl: sim.baseUrl });
		const redis = await cluster!.api.createCredential('Redis', 'redis', redisCredentialData(cluster!.redis.port));
		const definition = queueAutoReplyWorkflow(credential, redis, { fromNumber: ACCOUNT_NUMBER, setupRecipient: SETUP_RECIPIENT });
		workflowId = (await cluster!.api.createWorkflow(definition)).id;
		expect((await cluster!.api.publishWorkflow(workflowId)).status).toBe(200);
		callbackUrl = await waitFor(() => sim.callbackUrlFor(ACCOUNT_NUMBER), { timeoutMs: 60_000, what: 'the stored callback URL' });
		await cluster!.waitForPostWebhookEverywhere(triggerWebhookPath(definition), 120_000);
		await sleep(2000);
		expect(setupTexts()).toHaveLength(1);
		expect(callbackUrl.startsWith(`${cluster!.webhookBaseUrl}webhook/`)).toBe(true);
		expect(new URL(callbackUrl).searchParams.get('token')).toBeTruthy();
	});

	test(`${EVENTS} distinct callbacks, ${AT_ONCE} at a time through the proxy: ${EVENTS} successful executions on both workers, ${EVENTS} replies`, async () => {
		const events = newEvents(EVENTS, 'load');
		const before = (await cluster!.api.listAllExecutions(workflowId)).length;
		const t0 = Date.now();
		const deliveries = await inPool(events, AT_ONCE, async (payload) => await post(callbackUrl, payload));
		const postedMs = Date.now() - t0;
		const refused = deliveries.filter((d) => d.status !== 200);
		if (refused.length > 0) printWebhookProcessLogs(refused.map((d) => `${d.status ?? d.error}: ${d.responseBody}`));
		expect(refused.map((d) => `${keyOf(d.payload as Payload)} → ${d.status ?? d.error}`)).toEqual([]);

		const finished = await settledExecutions(cluster!.api, workflowId, before + EVENTS, 600_000);
		const settledMs = Date.now() - t0;
		const mine = finished.slice(0, finished.length - before);
		expect(mine.filter((e) => e.status !== 'success').map((e) => `${e.id}: ${e.status}`)).toEqual([]);
		expect(mine).toHaveLength(EVENTS);

		const replies = await waitFor(() => (repliesTo(events.map((e) => e.text as string)).length >= EVENTS ? repliesTo(events.map((e) => e.text as string)) : undefined), {
			timeoutMs: 60_000,
			what: `${EVENTS} replies`,
		}).catch(() => repliesTo(events.map((e) => e.text as string)));
		expect(replies).toHaveLength(EVENTS);
		expect(new Set(replies.map((m) => m.text)).size).toBe(EVENTS);

		const byWorker = cluster!.executionsByWorker();
		const perWorker = [0, 1].map((w) => mine.filter((e) => byWorker.get(String(e.id)) === w).length);
		expect(perWorker[0] + perWorker[1]).toBe(EVENTS);
		expect(perWorker.every((n) => n > 0)).toBe(true);
		expect(cluster!.proxy.forwarded.every((n) => n >= EVENTS / 2 - 1)).toBe(true);

		const lastStop = Math.max(...mine.map((e) => Date.parse(e.stoppedAt ?? '')));
		record('load: callbacks posted (all answered)', `${postedMs} ms (${((EVENTS * 1000) / postedMs).toFixed(1)} callbacks/s)`);
		record('load: first POST to last execution stoppedAt', `${lastStop - t0} ms → ${((EVENTS * 1000) / (lastStop - t0)).toFixed(1)} events/s`);
		record('load: first POST to executions settled (incl. polling)', settledMs);
		record('load: executions per worker', perWorker.join(' / '));
	}, 900_000);

	test('forged callbacks (wrong token) get 401 on each webhook process and start nothing', async () => {
		const before = (await cluster!.api.listAllExecutions(workflowId)).length;
		for (const webhook of cluster!.webhookProcesses) {
			const forged = newEvents(FORGED_PER_PROCESS, 'forged').map((payload) => {
				const url = new URL(onHost(callbackUrl, webhook.baseUrl));
				url.searchParams.set('token', randomBytes(24).toString('base64url'));
				return { url: url.toString(), payload };
			});
			const deliveries = await inPool(forged, 10, async ({ url, payload }) => await post(url, payload));
			expect(deliveries.map((d) => d.status)).toEqual(Array(FORGED_PER_PROCESS).fill(401));
		}
		await sleep(3000);
		expect((await cluster!.api.listAllExecutions(workflowId)).length).toBe(before);
		record('forged callbacks', `${FORGED_PER_PROCESS} per webhook process, each 401, 0 executions`);
	}, 120_000);

	test(`${DUPLICATES} events each delivered twice, once to each webhook process at the same time: ${DUPLICATES} replies`, async () => {
		const events = newEvents(DUPLICATES, 'twice');
		const [first, second] = cluster!.webhookProcesses.map((p) => onHost(callbackUrl, p.baseUrl));
		const deliveries = await inPool(events, AT_ONCE / 2, async (payload) => await Promise.all([post(first, payload), post(second, payload)]));
		expect(deliveries.flat().filter((d) => d.status !== 200).map((d) => `${d.url} → ${d.status ?? d.error}`)).toEqual([]);
		await settledExecutions(cluster!.api, workflowId, 0, 300_000, 5000);
		await sleep(3000);
		const replies = repliesTo(events.map((e) => e.text as string));
		record('duplicates across webhook processes: replies', `${replies.length} for ${DUPLICATES} events delivered twice`);
		expect(replies).toHaveLength(DUPLICATES);
	}, 600_000);

	test('restarting every process sends no setup text, and the next text is answered', async () => {
		const t0 = Date.now();
		await cluster!.restartAll();
		record('restart of all 5 n8n processes', Date.now() - t0);
		const [event] = newEvents(1, 'after restart');
		await waitFor(async () => (await post(callbackUrl, event)).status === 200, { timeoutMs: 120_000, intervalMs: 1000, what: 'the callback accepted after the restart' });
		await waitFor(() => repliesTo([event.text as string]).length > 0, { timeoutMs: 60_000, what: 'the reply after the restart' });
		expect(setupTexts()).toHaveLength(1);
	}, 600_000);
});
