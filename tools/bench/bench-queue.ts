/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (README, Development) */
/**
 * `npm run bench:queue`: the nodes in n8n 2.41.1 regular mode (one process, SQLite) beside queue
 * mode (Postgres, Redis, 2 webhook processes behind a round-robin proxy) with 2 workers and with 1,
 * on the same machine, against the IO Phone simulator (answering after 20 ms). Per mode:
 *   - callbacks/s: incoming texts posted 20 at a time to the auto-reply workflow
 *     (examples/auto-reply.json), first POST to the last reply at IO Phone;
 *   - the same with the workflow started by n8n's own Webhook node instead of the IO Phone Trigger
 *     (same Filter and reply), for the trigger's per-event cost;
 *   - bulk texts/s: one run of ROWS rows (Webhook → Split Out → IO Phone, default options),
 *     POST to the answer after the last text, and the peak RSS of the process that ran it; then
 *     the same with Skip Texts Already Sent on (new rows, so each is claimed, sent and marked).
 * Figures are ratios to regular mode, measured in the same run.
 * Environment: IOPHONE_BENCH_EVENTS (default 200), IOPHONE_BENCH_ROWS (default 10000).
 */
import { randomBytes, randomUUID } from 'node:crypto';

import { LocalN8n } from '../n8n/local-n8n';
import type { N8nApi, WorkflowDefinition } from '../n8n/n8n-api';
import { waitFor } from '../n8n/wait';
import { autoReplyWorkflow, bulkSendIoPhoneWorkflow, triggerWebhookPath, type CredentialRef } from '../n8n/workflows';
import { IoPhoneSimulator } from '../simulator';
import { groupPeakRssKb, QueueCluster } from '../queue/cluster';
import { bulkRows, queueAutoReplyWorkflow, redisCredentialData, removeDuplicatesWorkflow } from '../queue/shapes';
import { incomingText, inPool, onHost, post } from '../queue/traffic';

const EVENTS = Number(process.env.IOPHONE_BENCH_EVENTS ?? 200);
const ROWS = Number(process.env.IOPHONE_BENCH_ROWS ?? 10_000);
const AT_ONCE = 20;
const DELAY_MS = 20;
const API_KEY = `bench-${randomBytes(12).toString('hex')}`;
const ACCOUNT = '+15551112222';
/** From Numbers of the duplicate-handling workflows (Remove Duplicates, the Redis example). */
const DUPLICATE_ACCOUNTS = ['+15553334444', '+15556667777'];
const DUPLICATES = 100;
const TEXTER = '+12025550123';
const say = (message: string) => process.stdout.write(`[bench:queue] ${message}\n`);
const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

interface Figures {
	triggerEventsPerSecond: number;
	webhookNodeEventsPerSecond: number;
	bulkTextsPerSecond: number;
	/** The same bulk send with Skip Texts Already Sent on (every row new). */
	bulkSkipTextsPerSecond: number;
	bulkPeakRssMb: number;
}

interface Target {
	api: N8nApi;
	/** Where IO Phone-like callers post: the n8n process, or the proxy in queue mode. */
	webhookBase: string;
	/** Peak RSS (MB) of the process(es) that run executions. */
	peakRssMb: () => number;
}

let nextId = 50_000_000;

/** examples/auto-reply.json's Filter and reply, started by n8n's own Webhook node (answers at once, no data). */
function webhookNodeAutoReply(credential: CredentialRef, path: string): WorkflowDefinition {
	const workflow = autoReplyWorkflow(credential, { name: 'Auto-reply via Webhook node' });
	const trigger = workflow.nodes.findIndex((n) => n.name === 'IO Phone Trigger');
	workflow.nodes[trigger] = {
		id: randomUUID(),
		name: 'IO Phone Trigger',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', responseData: 'noData', options: {} },
	};
	for (const node of workflow.nodes) {
		const parameters = node.parameters as Record<string, unknown>;
		if (node.name === 'Incoming Text?') {
			const condition = (parameters.conditions as { conditions: Array<Record<string, unknown>> }).conditions[0];
			condition.leftValue = '={{ $json.body.type }}';
		}
		if (node.name === 'Send Reply') {
			parameters.toNumber = '={{ $json.body.from }}';
			parameters.text = '=Thanks! You said: {{ $json.body.text }}';
			parameters.additionalFields = { fromNumber: '={{ $json.body.to }}' };
		}
	}
	return workflow;
}

/** Posts EVENTS incoming texts to `url`, AT_ONCE at a time; events/s from the first POST to the last reply at IO Phone. */
async function events(sim: IoPhoneSimulator, url: string, label: string): Promise<number> {
	const payloads = Array.from({ length: EVENTS }, (_, k) => incomingText(nextId++, TEXTER, ACCOUNT, `${label} ${k}`));
	const wanted = new Set(payloads.map((p) => `Thanks! You said: ${String(p.text)}`));
	const t0 = Date.now();
	const deliveries = await inPool(payloads, AT_ONCE, async (payload) => await post(url, payload));
	const refused = deliveries.filter((d) => d.status !== 200).length;
	if (refused) throw new Error(`${label}: ${refused} callbacks refused`);
	const last = await waitFor(
		() => {
			const replies = sim.sent.filter((m) => wanted.has(m.text));
			return replies.length >= EVENTS ? Math.max(...replies.map((m) => Date.parse(m.time))) : undefined;
		},
		{ timeoutMs: 600_000, intervalMs: 200, what: `${EVENTS} replies (${label})` },
	);
	return (EVENTS * 1000) / (last - t0);
}

let bulkRuns = 0;

async function bulk(sim: IoPhoneSimulator, url: string): Promise<number> {
	const rows = bulkRows(ROWS, 'Bench', ROWS * bulkRuns++);
	const before = sim.sent.length;
	const t0 = performance.now();
	const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows }), signal: AbortSignal.timeout(900_000) });
	const body = await res.text();
	const ms = performance.now() - t0;
	if (res.status !== 200) throw new Error(`bulk: HTTP ${res.status} ${body.slice(0, 200)}`);
	const output = JSON.parse(body) as unknown[];
	if ( output.length !== ROWS || sim.sent.length - before !== ROWS) {
		throw new Error(`bulk: HTTP ${res.status}, ${output.length} items, ${sim.sent.length - before} texts for ${ROWS} rows`);
	}
	return (ROWS * 1000) / ms;
}

/** Creates the three workflows on `target` and measures them. */
async function measure(sim: IoPhoneSimulator, target: Target, mode: string): Promise<Figures> {
	const { api } = target;
	const credential = await api.createCredential(`IO Phone (${mode})`, 'ioPhoneApi', { apiKey: API_KEY, baseUrl: sim.baseUrl });
	const trigger = autoReplyWorkflow(credential, { fromNumber: ACCOUNT, name: `Auto-reply (${mode})` });
	const hookPath = `bench-hook-${randomBytes(4).toString('hex')}`;
	const bulkPath = `bench-bulk-${randomBytes(4).toString('hex')}`;
	const skipPath = `bench-skip-${randomBytes(4).toString('hex')}`;
	for (const definition of [
		trigger,
		webhookNodeAutoReply(credential, hookPath),
		bulkSendIoPhoneWorkflow(credential, bulkPath),
		{ ...bulkSendIoPhoneWorkflow(credential, skipPath, { skipAlreadySent: true }), name: 'Bulk send: Skip Texts Already Sent' },
	]) {
		const { id } = await api.createWorkflow(definition);
		const published = await api.publishWorkflow(id);
		if (published.status !== 200) throw new Error(`publish ${definition.name}: ${published.text.slice(0, 200)}`);
	}
	const registered = (path: string) => async () => {
		const res = await fetch(`${target.webhookBase}webhook/${path}`, { signal: AbortSignal.timeout(5000) });
		return res.status === 404 && /POST request/i.test(await res.text());
	};
	for (const path of [triggerWebhookPath(trigger), hookPath, bulkPath, skipPath]) await waitFor(registered(path), { timeoutMs: 120_000, intervalMs: 250, what: `webhook ${path}` });
	const callbackUrl = await waitFor(() => sim.callbackUrlFor(ACCOUNT)?.startsWith(target.webhookBase) && sim.callbackUrlFor(ACCOUNT), { timeoutMs: 60_000, what: 'the callback URL' });
	return await run(sim, target, mode, callbackUrl as string, hookPath, bulkPath, skipPath);
}

async function run(sim: IoPhoneSimulator, target: Target, mode: string, callbackUrl: string, hookPath: string, bulkPath: string, skipPath: string): Promise<Figures> {
	say(`${mode}: warm-up…`);
	await events(sim, callbackUrl, `${mode} warm-up`).catch(() => 0);
	say(`${mode}: ${EVENTS} callbacks to the IO Phone Trigger, then to n8n's Webhook node, then again…`);
	const trigger = [await events(sim, callbackUrl, `${mode} trigger a`)];
	const hook = [await events(sim, `${target.webhookBase}webhook/${hookPath}`, `${mode} hook a`)];
	hook.push(await events(sim, `${target.webhookBase}webhook/${hookPath}`, `${mode} hook b`));
	trigger.push(await events(sim, callbackUrl, `${mode} trigger b`));
	say(`${mode}: bulk send of ${ROWS} rows…`);
	const bulkTextsPerSecond = await bulk(sim, `${target.webhookBase}webhook/${bulkPath}`);
	const bulkPeakRssMb = target.peakRssMb();
	say(`${mode}: bulk send of ${ROWS} rows with Skip Texts Already Sent…`);
	const bulkSkipTextsPerSecond = await bulk(sim, `${target.webhookBase}webhook/${skipPath}`);
	const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
	const figures = { triggerEventsPerSecond: mean(trigger), webhookNodeEventsPerSecond: mean(hook), bulkTextsPerSecond, bulkSkipTextsPerSecond, bulkPeakRssMb };
	say(`${mode}: ${JSON.stringify(figures)}`);
	return figures;
}

async function main(): Promise<void> {
	const started = new Date();
	const sim = await IoPhoneSimulator.start({ apiKey: API_KEY, accountNumbers: [ACCOUNT, ...DUPLICATE_ACCOUNTS], responseDelayMs: DELAY_MS });
	const results: Record<string, Figures> = {};
	let duplicateReplies: Record<string, number> = {};
	try {
		say('Regular mode: one n8n process…');
		const local = await LocalN8n.create({ logLevel: 'warn', say });
		try {
			results.regular = await measure(sim, { api: local.api, webhookBase: `${local.n8n.baseUrl}/`, peakRssMb: () => groupPeakRssKb(local.n8n.pid!) / 1024 }, 'regular');
		} finally {
			await local.dispose();
		}
		say('Queue mode: main, 2 workers, 2 webhook processes…');
		const cluster = await QueueCluster.create({ say });
		try {
			const workersPeak = () => Math.max(...cluster.workers.filter((w) => w.isRunning).map((w) => groupPeakRssKb(w.pid!))) / 1024;
			const target = { api: cluster.api, webhookBase: cluster.webhookBaseUrl, peakRssMb: workersPeak };
			results['queue, 2 workers'] = await measure(sim, target, 'queue, 2 workers');
			duplicateReplies = await duplicates(sim, cluster);
			await cluster.workers[1].stop();
			const callbackUrl = sim.callbackUrlFor(ACCOUNT)!;
			results['queue, 1 worker'] = await measureAgain(sim, cluster, target, callbackUrl);
		} finally {
			await cluster.dispose();
		}
	} finally {
		await sim.close();
	}
	print(results, started);
	process.stdout.write(
		`\n${DUPLICATES} events each posted once to each webhook process at the same time (2 workers): replies from ${Object.entries(duplicateReplies)
			.map(([shape, n]) => `${shape}: ${n}`)
			.join(', ')}\n`,
	);
}

/**
 * The same events posted once to each webhook process at the same time, to examples/auto-reply.json
 * with n8n's Remove Duplicates before the filter, and to examples/queue-mode/auto-reply.json (Redis).
 */
async function duplicates(sim: IoPhoneSimulator, cluster: QueueCluster): Promise<Record<string, number>> {
	const { api } = cluster;
	const credential = await api.createCredential('IO Phone (duplicates)', 'ioPhoneApi', { apiKey: API_KEY, baseUrl: sim.baseUrl });
	const redis = await api.createCredential('Redis', 'redis', redisCredentialData(cluster.redis.port));
	const shapes: Array<[string, string, WorkflowDefinition]> = [
		['Remove Duplicates', DUPLICATE_ACCOUNTS[0], removeDuplicatesWorkflow(credential, { fromNumber: DUPLICATE_ACCOUNTS[0], name: 'Remove Duplicates' })],
		['Redis (examples/queue-mode/auto-reply.json)', DUPLICATE_ACCOUNTS[1], queueAutoReplyWorkflow(credential, redis, { fromNumber: DUPLICATE_ACCOUNTS[1] })],
	];
	const replies: Record<string, number> = {};
	for (const [shape, number, definition] of shapes) {
		say(`duplicates: ${shape}…`);
		const { id } = await api.createWorkflow(definition);
		await api.publishWorkflow(id);
		await cluster.waitForPostWebhookEverywhere(triggerWebhookPath(definition), 120_000);
		const url = await waitFor(() => sim.callbackUrlFor(number), { timeoutMs: 60_000, what: `the callback URL of ${number}` });
		const [first, second] = cluster.webhookProcesses.map((p) => onHost(url, p.baseUrl));
		const events = Array.from({ length: DUPLICATES }, (_, k) => incomingText(nextId++, TEXTER, number, `${shape} ${k}`));
		await inPool(events, AT_ONCE / 2, async (event) => await Promise.all([post(first, event), post(second, event)]));
		const count = () => sim.sent.filter((m) => m.text.startsWith(`Thanks! You said: ${shape} `)).length;
		let last = -1;
		let stableSince = Date.now();
		await waitFor(
			() => {
				if (count() !== last) [last, stableSince] = [count(), Date.now()];
				return last >= DUPLICATES && Date.now() - stableSince > 10_000;
			},
			{ timeoutMs: 300_000, intervalMs: 500, what: `replies of ${shape} to settle` },
		);
		replies[shape] = count();
	}
	return replies;
}

/** The workflows of the 2-worker round again, with one worker left. */
async function measureAgain(sim: IoPhoneSimulator, cluster: QueueCluster, target: Target, callbackUrl: string): Promise<Figures> {
	const list = await cluster.api.public<{ data: Array<{ nodes: Array<{ type: string; parameters: { path?: string } }> }> }>('GET', '/workflows?limit=100');
	const paths = list.json.data.map((w) => w.nodes.find((n) => n.type === 'n8n-nodes-base.webhook')?.parameters.path).filter(Boolean) as string[];
	const hookPath = paths.find((p) => p.startsWith('bench-hook-'))!;
	const bulkPath = paths.find((p) => p.startsWith('bench-bulk-'))!;
	const skipPath = paths.find((p) => p.startsWith('bench-skip-'))!;
	return await run(sim, target, 'queue, 1 worker', callbackUrl, hookPath, bulkPath, skipPath);
}

function print(results: Record<string, Figures>, started: Date): void {
	const regular = results.regular;
	const lines = [
		'',
		`bench:queue — n8n 2.41.1, ${started.toISOString()}, ${EVENTS} callbacks ${AT_ONCE} at a time, ${ROWS}-row bulk send, IO Phone answering after ${DELAY_MS} ms`,
		'(2-core machine shared with other work: figures are noisy; ratios are to regular mode in the same run)',
		'',
		'| Mode | IO Phone Trigger auto-reply (events/s) | Same with n8n Webhook node (events/s) | Trigger ÷ Webhook node | Bulk (texts/s) | Bulk, Skip Texts Already Sent (texts/s) | Peak RSS of the process running the bulk send |',
		'|---|---|---|---|---|---|---|',
	];
	for (const [mode, f] of Object.entries(results)) {
		const vs = (value: number, base: number) => (mode === 'regular' ? '' : ` (${fmt(value / base, 2)}×)`);
		lines.push(
			`| ${mode} | ${fmt(f.triggerEventsPerSecond)}${vs(f.triggerEventsPerSecond, regular.triggerEventsPerSecond)} | ${fmt(f.webhookNodeEventsPerSecond)}${vs(f.webhookNodeEventsPerSecond, regular.webhookNodeEventsPerSecond)} | ${fmt(f.triggerEventsPerSecond / f.webhookNodeEventsPerSecond, 2)} | ${fmt(f.bulkTextsPerSecond, 0)}${vs(f.bulkTextsPerSecond, regular.bulkTextsPerSecond)} | ${fmt(f.bulkSkipTextsPerSecond, 0)} (${fmt(f.bulkSkipTextsPerSecond / f.bulkTextsPerSecond, 2)}× without) | ${fmt(f.bulkPeakRssMb, 0)} MB |`,
		);
	}
	process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: Error) => {
	process.stderr.write(`${error.stack ?? error.message}\n`);
	process.exitCode = 1;
});
