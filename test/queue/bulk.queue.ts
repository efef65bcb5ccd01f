/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * A 2,000-row bulk send in n8n 2.41.1 queue mode with "Skip Texts Already Sent" on, and its
 * worker killed (SIGKILL to n8n and its task runner) in the middle; then what a user does: run the
 * same rows again, and n8n's own Retry of the crashed execution (EXECUTIONS_DATA_SAVE_ON_PROGRESS
 * =true). Texts are counted at the IO Phone simulator: no row may go out twice, every row that
 * was not in flight at the kill goes out once, and the rows in flight are reported in doubt.
 *
 * To keep the wait for n8n's crash handling short, this cluster uses a 10 s job lock (n8n's
 * default is 60 s) and checks for dangling executions every minute (default 180).
 */
import { randomBytes } from 'node:crypto';

import { record, stopAndPrintFigures } from '../e2e/figures';
import { nodeOutput, type ExecutionSummary } from '../../tools/n8n/n8n-api';
import { sleep, waitFor } from '../../tools/n8n/wait';
import { IoPhoneSimulator } from '../../tools/simulator';
import { QueueCluster } from '../../tools/queue/cluster';
import { BULK_NODE, bulkRows, bulkSendWorkflow } from '../../tools/queue/shapes';
import { post } from '../../tools/queue/traffic';

const API_KEY = `queue-key-${randomBytes(12).toString('hex')}`;
const ROWS = Number(process.env.IOPHONE_QUEUE_BULK_ROWS ?? 2000);
const SENDS_AT_ONCE = 16;
/** IO Phone's answer time: long enough that texts are in flight when the worker dies. */
const IO_PHONE_DELAY_MS = 100;
const KILL_AFTER = Math.round(ROWS * 0.3);
const WEBHOOK_PATH = `bulk-${randomBytes(4).toString('hex')}`;

let sim: IoPhoneSimulator;
let cluster: QueueCluster | undefined;
let workflowId: string;
let killedExecutionId: string;
const rows = bulkRows(ROWS);
const log = (message: string) => process.stdout.write(`[queue bulk] ${message}\n`);

/** Texts IO Phone accepted, per To Number (the rows' numbers are distinct). */
function sentPerRow(): Map<string, number> {
	const counts = new Map<string, number>();
	for (const message of sim.sent) counts.set(message.to, (counts.get(message.to) ?? 0) + 1);
	return counts;
}

const rowsSentTwice = () => [...sentPerRow()].filter(([, n]) => n > 1).map(([to, n]) => `${to} × ${n}`);

async function executions(): Promise<ExecutionSummary[]> {
	return await cluster!.api.listAllExecutions(workflowId);
}

/** Waits for the execution to leave "running"/"new"; returns it with its data. */
async function finished(id: string, timeoutMs: number): Promise<ExecutionSummary> {
	return await waitFor(
		async () => {
			const { json } = await cluster!.api.getExecution(id);
			return json.status !== 'running' && json.status !== 'new' ? json : undefined;
		},
		{ timeoutMs, intervalMs: 1000, what: `execution ${id} to finish` },
	);
}

function outcome(items: Array<Record<string, unknown>>) {
	const count = (f: (j: Record<string, unknown>) => boolean) => items.filter(f).length;
	return {
		sent: count((j) => typeof j.id === 'number' && !j.skipped),
		alreadySent: count((j) => j.skipReason === 'alreadySent'),
		inDoubt: count((j) => j.skipReason === 'inDoubt'),
		errors: count((j) => 'error' in j),
	};
}

beforeAll(async () => {
	sim = await IoPhoneSimulator.start({ apiKey: API_KEY, responseDelayMs: IO_PHONE_DELAY_MS });
	cluster = await QueueCluster.create({
		say: log,
		extraEnv: {
			EXECUTIONS_DATA_SAVE_ON_PROGRESS: 'true',
			QUEUE_WORKER_LOCK_DURATION: '10000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
			QUEUE_WORKER_STALLED_INTERVAL: '5000',
			N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL: '1',
		},
	});
	const credential = await cluster.api.createCredential('IO Phone (simulator)', 'ioPhoneApi', { apiKey: API_KEY, baseUrl: sim.baseUrl });
	workflowId = (await cluster.api.createWorkflow(bulkSendWorkflow(credential, WEBHOOK_PATH, { skipAlreadySent: true, concurrency: SENDS_AT_ONCE }))).id;
	expect((await cluster.api.publishWorkflow(workflowId)).status).toBe(200);
	await cluster.waitForPostWebhookEverywhere(WEBHOOK_PATH, 120_000);
}, 15 * 60_000);

afterAll(() => stopAndPrintFigures(() => `Bulk send in queue mode (${ROWS} rows, Skip Texts Already Sent on, IO Phone answering after ${IO_PHONE_DELAY_MS} ms):`, () => cluster?.dispose(), () => sim?.close()), 120_000);

describe(`${ROWS}-row bulk send, worker killed mid-run`, () => {
	let inDoubt: string[] = [];

	test('running the same rows again sends every row not in flight at the kill once, and none twice; the in-flight rows are reported in doubt', async () => {
		const url = `${cluster!.webhookBaseUrl}webhook/${WEBHOOK_PATH}`;
		expect((await post(url, { rows })).status).toBe(200);
		await waitFor(() => sim.sent.length >= KILL_AFTER, { timeoutMs: 300_000, intervalMs: 20, what: `${KILL_AFTER} texts sent` });
		const [running] = (await executions()).filter((e) => e.status === 'running');
		expect(running).toBeDefined();
		killedExecutionId = String(running.id);
		const worker = await waitFor(() => cluster!.executionsByWorker().get(killedExecutionId), { timeoutMs: 10_000, what: 'the worker running the bulk send' });
		cluster!.kill('worker', worker);
		const sentAtKill = sim.sent.length;
		await sleep(2000);
		const sentAfterKill = sim.sent.length;
		log(`killed worker ${worker} (execution ${killedExecutionId}) with ${sentAtKill} texts sent; ${sentAfterKill} once the in-flight requests landed`);
		expect(rowsSentTwice()).toEqual([]);
		expect(sentAfterKill).toBeLessThan(ROWS);

		await cluster!.start('worker', worker);
		const before = new Set((await executions()).map((e) => String(e.id)));
		const t0 = Date.now();
		expect((await post(url, { rows })).status).toBe(200);
		const rerunId = await waitFor(async () => (await executions()).map((e) => String(e.id)).find((id) => !before.has(id)), {
			timeoutMs: 60_000,
			what: 'the re-run execution',
		});
		const rerun = await finished(rerunId, 600_000);
		expect(rerun.status).toBe('success');
		const items = nodeOutput(rerun, BULK_NODE);
		expect(items).toHaveLength(ROWS);
		const result = outcome(items);
		inDoubt = items.filter((j) => j.skipReason === 'inDoubt').map((j) => String(j.to));

		const perRow = sentPerRow();
		expect(rowsSentTwice()).toEqual([]);
		expect(result.errors).toBe(0);
		expect(result.sent + result.alreadySent + result.inDoubt).toBe(ROWS);
		expect(result.inDoubt).toBeLessThanOrEqual(SENDS_AT_ONCE);
		// Every row is out exactly once, except in-doubt rows, which are out at most once.
		const notOut = rows.filter((r) => !perRow.has(r.phone)).map((r) => r.phone);
		expect(notOut.filter((phone) => !inDoubt.includes(phone))).toEqual([]);
		const inDoubtOut = inDoubt.filter((phone) => perRow.has(phone)).length;

		record('texts out when the worker was killed / once in-flight requests landed', `${sentAtKill} / ${sentAfterKill} of ${ROWS}`);
		record('re-run: sent / skipped as already sent / skipped in doubt', `${result.sent} / ${result.alreadySent} / ${result.inDoubt}`);
		record('in-doubt rows that IO Phone had in fact sent / not sent', `${inDoubtOut} / ${inDoubt.length - inDoubtOut}`);
		record('re-run time (POST to execution finished)', Date.parse(rerun.stoppedAt ?? '') - t0);
		record('rows sent twice', String(rowsSentTwice().length));
	}, 900_000);

	test("n8n's Retry of the crashed execution (EXECUTIONS_DATA_SAVE_ON_PROGRESS=true) sends nothing again", async () => {
		const crashed = await finished(killedExecutionId, 300_000);
		const t0 = Date.now();
		const sentBefore = sim.sent.length;
		const before = new Set((await executions()).map((e) => String(e.id)));
		const retry = await cluster!.api.public<Record<string, unknown>>('POST', `/executions/${killedExecutionId}/retry`, {});
		log(`retry of ${killedExecutionId} (${crashed.status}): HTTP ${retry.status} ${retry.text.slice(0, 300)}`);
		await sleep(5000);
		const retryId = (await executions()).map((e) => String(e.id)).find((id) => !before.has(id));
		let described = `HTTP ${retry.status}: ${retry.text.slice(0, 160)}`;
		if (retryId) {
			const run = await finished(retryId, 600_000);
			const items = nodeOutput(run, BULK_NODE);
			const result = outcome(items);
			const ranNodes = Object.keys(run.data?.resultData.runData ?? {});
			described = `execution ${retryId} (${run.status}), nodes run ${ranNodes.join(', ')}; ${BULK_NODE}: ${items.length} items, ${result.sent} sent, ${result.alreadySent} already sent, ${result.inDoubt} in doubt`;
		}
		record(`Retry of the crashed execution (status "${crashed.status}")`, described);
		record('texts sent by the Retry', String(sim.sent.length - sentBefore));
		record('Retry: time to settle', Date.now() - t0);
		expect(sim.sent.length - sentBefore).toBe(0);
		expect(rowsSentTwice()).toEqual([]);
		expect(inDoubt.length).toBeLessThanOrEqual(SENDS_AT_ONCE);
	}, 900_000);
});
