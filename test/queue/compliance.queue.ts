/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * docs/compliance.md in n8n 2.41.1 queue mode (main, 2 workers, 2 webhook processes behind the
 * round-robin proxy, Postgres, Redis; this file starts its own cluster): the opt-out keeper
 * (examples/opt-out-keeper.json) gets STOP at webhook process 1, a bulk send that honours the
 * `opted_out` Data Table runs on a worker and skips the number; START at webhook process 2, and
 * the next bulk send texts everyone. The bulk send is the example with a Webhook in place of the
 * manual trigger (tools/n8n/compliance-workflows.ts), posted through the proxy: a production
 * execution, which queue mode hands to a worker. Which worker ran an execution comes from the
 * workers' "Worker started execution N" log lines. The tests run in order and share the cluster.
 */
import { randomBytes } from 'node:crypto';

import { record, stopAndPrintFigures } from '../e2e/figures';
import { KEYWORD_ANSWERS } from '../../nodes/IoPhoneTrigger/description';
import { BULK_SEND_NODE_NAME, CUSTOMERS, OPTING_OUT, OPTING_OUT_IN_LIST, OPT_OUT_TABLE, bulkSendOnWebhookWorkflow, optOutKeeperWorkflow } from '../../tools/n8n/compliance-workflows';
import { expectOk, nodeOutput, type ExecutionSummary } from '../../tools/n8n/n8n-api';
import { sleep, waitFor } from '../../tools/n8n/wait';
import { triggerWebhookPath } from '../../tools/n8n/workflows';
import { QueueCluster } from '../../tools/queue/cluster';
import { incomingText, onHost, post } from '../../tools/queue/traffic';
import { IoPhoneSimulator } from '../../tools/simulator';

const API_KEY = `queue-key-${randomBytes(12).toString('hex')}`;
const ACCOUNT_NUMBER = '+15551112222';
const BULK_PATH = `bulk-opt-outs-${randomBytes(4).toString('hex')}`;

let sim: IoPhoneSimulator;
let cluster: QueueCluster | undefined;
let tableId: string;
let keeperId: string;
let bulkId: string;
let callbackUrl: string;
let nextEventId = 900_001;
const log = (message: string) => process.stdout.write(`[queue compliance] ${message}\n`);
const api = () => cluster!.api;

/** POST /text requests the simulator received, in order. */
const textRequests = () =>
	sim.requests.filter((r) => r.method === 'POST' && r.path === '/api6/text').map((r) => ({ body: (r.body ?? {}) as Record<string, unknown>, receivedAt: r.receivedAt }));

const answersTo = (to: string, keyword: keyof typeof KEYWORD_ANSWERS) =>
	textRequests().filter((r) => r.body.toNumber === to && r.body.text === KEYWORD_ANSWERS[keyword].defaultText);

/** The opted_out table's rows, through the public API. */
async function tableRows(): Promise<Array<Record<string, unknown>>> {
	const res = await api().public<{ data: Array<Record<string, unknown>> }>('GET', `/data-tables/${tableId}/rows?limit=250`);
	expectOk(res, 'read opted_out rows');
	return res.json.data;
}

/** "webhook process N" (1-based) as the report names it, with its port. */
const webhookName = (index: number) => `webhook process ${index + 1} (${cluster!.webhookProcesses[index].baseUrl})`;

/** A text from `from` to the account number, posted straight to one webhook process (not the proxy). */
async function textTo(webhookIndex: number, from: string, body: string) {
	const payload = incomingText(nextEventId++, from, ACCOUNT_NUMBER, body);
	const forwardedBefore = [...cluster!.proxy.forwarded];
	const delivery = await post(onHost(callbackUrl, cluster!.webhookProcesses[webhookIndex].baseUrl), payload);
	expect(delivery.status).toBe(200);
	// Straight to the process: the proxy forwarded nothing.
	expect(cluster!.proxy.forwarded).toEqual(forwardedBefore);
	return payload;
}

/** Waits for the workflow's `count`th finished execution; returns it (with data) and the worker that ran it. */
async function nthExecution(workflowId: string, count: number): Promise<{ execution: ExecutionSummary; worker: number }> {
	const list = await waitFor(
		async () => {
			const all = await api().listAllExecutions(workflowId);
			const done = all.filter((e) => e.status !== 'running' && e.status !== 'new' && e.status !== 'waiting');
			return done.length >= count ? done : undefined;
		},
		{ timeoutMs: 60_000, intervalMs: 500, what: `${count} finished execution(s) of workflow ${workflowId}` },
	);
	const newest = list.reduce((a, b) => (Number(b.id) > Number(a.id) ? b : a));
	const { json } = await api().getExecution(newest.id);
	const worker = await waitFor(() => cluster!.executionsByWorker().get(String(newest.id)), { timeoutMs: 10_000, what: `the worker that ran execution ${newest.id}` });
	return { execution: json, worker };
}

/** The bulk send, posted through the proxy; returns the Send Texts output, the texts and who handled it. */
async function runBulkSend(): Promise<{ items: Array<Record<string, unknown>>; texts: ReturnType<typeof textRequests>; worker: number; webhook: number; ms: number }> {
	const runs = (await api().listAllExecutions(bulkId)).length;
	const before = textRequests().length;
	const forwardedBefore = [...cluster!.proxy.forwarded];
	const t0 = Date.now();
	expect((await post(`${cluster!.webhookBaseUrl}webhook/${BULK_PATH}`, { customers: CUSTOMERS })).status).toBe(200);
	const webhook = cluster!.proxy.forwarded.findIndex((n, i) => n > forwardedBefore[i]);
	const { execution, worker } = await nthExecution(bulkId, runs + 1);
	const ms = Date.now() - t0;
	expect(execution.data?.resultData.error).toBeUndefined();
	expect(execution.status).toBe('success');
	expect(execution.mode).toBe('webhook');
	return { items: nodeOutput(execution, BULK_SEND_NODE_NAME), texts: textRequests().slice(before), worker, webhook, ms };
}

beforeAll(async () => {
	sim = await IoPhoneSimulator.start({ apiKey: API_KEY, accountNumbers: [ACCOUNT_NUMBER] });
	const t0 = Date.now();
	cluster = await QueueCluster.create({ say: log });
	record('queue cluster: Postgres, Redis, main, 2 workers, 2 webhook processes ready', Date.now() - t0);
	const credential = await api().createCredential('IO Phone (simulator)', 'ioPhoneApi', { apiKey: API_KEY, baseUrl: sim.baseUrl });

	// docs/compliance.md, step 1: a Data Table opted_out with a text column phone.
	const table = await api().public<{ id: string }>('POST', '/data-tables', { name: OPT_OUT_TABLE, columns: [{ name: 'phone', type: 'string' }] });
	expectOk(table, 'create the opted_out data table');
	tableId = table.json.id;

	const keeper = optOutKeeperWorkflow(credential);
	keeperId = (await api().createWorkflow(keeper)).id;
	bulkId = (await api().createWorkflow(bulkSendOnWebhookWorkflow(credential, BULK_PATH))).id;
	expect((await api().publishWorkflow(keeperId)).status).toBe(200);
	expect((await api().publishWorkflow(bulkId)).status).toBe(200);
	callbackUrl = await waitFor(() => sim.callbackUrlFor(ACCOUNT_NUMBER), { timeoutMs: 60_000, what: 'the keeper’s callback URL at IO Phone' });
	await Promise.all([cluster.waitForPostWebhookEverywhere(triggerWebhookPath(keeper), 120_000), cluster.waitForPostWebhookEverywhere(BULK_PATH, 120_000)]);
	expect(callbackUrl.startsWith(`${cluster.webhookBaseUrl}webhook/`)).toBe(true);
}, 15 * 60_000);

afterAll(async () => {
	if (cluster && process.env.IOPHONE_E2E_SHOW_LOG === '1') for (const m of cluster.members) process.stdout.write(cluster.output(m.role, m.index));
	await stopAndPrintFigures(() => 'Compliance in queue mode (n8n 2.41.1, 2 workers, 2 webhook processes):', () => cluster?.dispose(), () => sim?.close());
}, 120_000);

describe('opt-outs in queue mode (docs/compliance.md)', () => {
	test('STOP at webhook process 1: one confirmation, the keeper runs on a worker, the number lands in opted_out', async () => {
		const t0 = Date.now();
		await textTo(0, OPTING_OUT, 'Stop!');
		await waitFor(() => answersTo(OPTING_OUT, 'optOut')[0], { timeoutMs: 30_000, intervalMs: 50, what: 'the STOP confirmation' });
		const { execution, worker } = await nthExecution(keeperId, 1);
		expect(execution.status).toBe('success');
		expect(nodeOutput(execution, 'IO Phone Trigger')[0]).toMatchObject({ from: OPTING_OUT, keyword: 'optOut', keywordAnswer: { sent: true } });
		await waitFor(async () => (await tableRows()).some((r) => r.phone === OPTING_OUT), { timeoutMs: 30_000, what: 'the opted-out number in the table' });
		record('STOP', `received by ${webhookName(0)}, keeper execution ${execution.id} on worker ${worker + 1}; POST to row in opted_out ${Date.now() - t0} ms`);
		await sleep(2000);
		expect(answersTo(OPTING_OUT, 'optOut')).toHaveLength(1);
		expect((await tableRows()).map((r) => r.phone)).toEqual([OPTING_OUT]);
	});

	test('the bulk send, posted through the proxy, runs on a worker: 9 texts, the number written "(614) 555-0123" skipped optedOut', async () => {
		const { items, texts, worker, webhook, ms } = await runBulkSend();
		record('bulk send with 1 opted out', `received by webhook process ${webhook + 1}, run on worker ${worker + 1}, POST to execution finished ${ms} ms`);
		expect(items).toHaveLength(CUSTOMERS.length);
		const skipped = items.filter((item) => item.skipped === true);
		expect(skipped).toHaveLength(1);
		expect(skipped[0]).toMatchObject({ skipReason: 'optedOut', to: OPTING_OUT });
		expect(items.indexOf(skipped[0])).toBe(CUSTOMERS.findIndex((c) => c.phone === OPTING_OUT_IN_LIST));
		expect(texts).toHaveLength(CUSTOMERS.length - 1);
		expect(texts.map((r) => r.body.toNumber)).not.toContain(OPTING_OUT);
	});

	test('START at webhook process 2 removes the row; the next bulk send, on a worker, texts all 10', async () => {
		const t0 = Date.now();
		await textTo(1, OPTING_OUT, 'START');
		await waitFor(() => answersTo(OPTING_OUT, 'optIn')[0], { timeoutMs: 30_000, intervalMs: 50, what: 'the START answer' });
		const { execution, worker } = await nthExecution(keeperId, 2);
		expect(nodeOutput(execution, 'IO Phone Trigger')[0]).toMatchObject({ keyword: 'optIn', keywordAnswer: { sent: true } });
		await waitFor(async () => (await tableRows()).length === 0, { timeoutMs: 30_000, what: 'the opted_out table to be empty' });
		record('START', `received by ${webhookName(1)}, keeper execution ${execution.id} on worker ${worker + 1}; POST to row gone ${Date.now() - t0} ms`);

		const bulk = await runBulkSend();
		record('bulk send after START', `received by webhook process ${bulk.webhook + 1}, run on worker ${bulk.worker + 1}, POST to execution finished ${bulk.ms} ms`);
		expect(bulk.items.filter((i) => i.skipped)).toEqual([]);
		expect(bulk.texts).toHaveLength(CUSTOMERS.length);
		expect(bulk.texts.map((r) => r.body.toNumber)).toContain(OPTING_OUT);
	});

	test('the same STOP event delivered to both webhook processes at once: the number is opted out (confirmations counted, reported)', async () => {
		const payload = incomingText(nextEventId++, OPTING_OUT, ACCOUNT_NUMBER, 'STOP');
		const before = answersTo(OPTING_OUT, 'optOut').length;
		const runs = (await api().listAllExecutions(keeperId)).length;
		const deliveries = await Promise.all(cluster!.webhookProcesses.map((p) => post(onHost(callbackUrl, p.baseUrl), payload)));
		expect(deliveries.map((d) => d.status)).toEqual([200, 200]);
		await waitFor(async () => (await tableRows()).some((r) => r.phone === OPTING_OUT), { timeoutMs: 30_000, what: 'the opted-out number in the table' });
		await sleep(5000);
		const confirmations = answersTo(OPTING_OUT, 'optOut').length - before;
		const executions = (await api().listAllExecutions(keeperId)).length - runs;
		record('one STOP event delivered to both webhook processes at once', `${confirmations} confirmation(s), ${executions} keeper execution(s), ${(await tableRows()).length} row(s)`);
		expect(confirmations).toBeGreaterThanOrEqual(1);
		expect((await tableRows()).map((r) => r.phone)).toEqual([OPTING_OUT]);
	});
});
