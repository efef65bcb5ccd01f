/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * `npm run bench:queue`: the nodes in n8n 2.41.1 regular mode (one process, SQLite) beside queue
 * mode (Postgres, Redis, 2 webhook processes behind a round-robin proxy) with 2 workers and with 1,
 * on the same machine, against the IO Phone simulator (answering after 20 ms). Per mode:
 *   - callbacks/s: incoming texts posted 20 at a time to the auto-reply workflow
 *     (examples/auto-reply.json), first POST to the last reply at IO Phone, and the CPU time n8n's
 *     processes spent per event;
 *   - bulk texts/s: a send of ROWS rows (Webhook → Split Out → IO Phone, default options),
 *     POST to the answer after the last text, and the peak RSS of the process that ran it, beside
 *     the same send with Skip Texts Already Sent on (new rows, so each is claimed, sent and
 *     marked; a new workflow each time, so every such send starts with an empty record). Sent in
 *     A-B-B-A order (plain, Skip, Skip, plain), so a machine that slows down or speeds up during
 *     the run weighs on both alike; the ratio Skip ÷ plain is per mode, from the same run. Then
 *     one more Skip send of new rows on the last Skip workflow: its record already holds that send's
 *     texts, and the run looks back a window (three entries per text), as a second run in a window does.
 * Figures are ratios to regular mode, measured in the same run.
 * Environment: IOPHONE_BENCH_EVENTS (default 200), IOPHONE_BENCH_ROWS (default 10000),
 * IOPHONE_BENCH_MODES (default `regular,queue`), IOPHONE_BENCH_PARTS (default
 * `callbacks,bulk,duplicates`).
 * n8n's own settings pass through, e.g. N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true (docs: running at scale).
 * IOPHONE_BENCH_CPU_PROF=<folder>: every n8n process writes a V8 CPU profile there when it stops
 * (node --cpu-prof; open it in Chrome DevTools or summarise it with tools/bench/profile-summary.ts).
 */
import { randomBytes } from 'node:crypto';

import { LocalN8n } from '../n8n/local-n8n';
import type { N8nApi, WorkflowDefinition } from '../n8n/n8n-api';
import { waitFor } from '../n8n/wait';
import { autoReplyWorkflow, bulkSendIoPhoneWorkflow, triggerWebhookPath, type CredentialRef } from '../n8n/workflows';
import { IoPhoneSimulator } from '../simulator';
import { groupCpuMs, groupPeakRssKb, QueueCluster, treeCpuMs } from '../queue/cluster';
import { bulkRows, queueAutoReplyWorkflow, redisCredentialData, removeDuplicatesWorkflow } from '../queue/shapes';
import { incomingText, inPool, onHost, post } from '../queue/traffic';

const EVENTS = Number(process.env.IOPHONE_BENCH_EVENTS ?? 200);
const ROWS = Number(process.env.IOPHONE_BENCH_ROWS ?? 10_000);
const MODES = (process.env.IOPHONE_BENCH_MODES ?? 'regular,queue').split(',');
const PARTS = (process.env.IOPHONE_BENCH_PARTS ?? 'callbacks,bulk,duplicates').split(',');
/** n8n reads it from the environment every n8n process inherits (tools/n8n/n8n-install.ts runtimeEnv). */
const LAZY = process.env.N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE === 'true';
const CPU_PROF = process.env.IOPHONE_BENCH_CPU_PROF;
/** Only n8n's processes get it: the Node.js that runs this script refuses --cpu-prof in NODE_OPTIONS. */
const N8N_ENV: NodeJS.ProcessEnv = CPU_PROF ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${CPU_PROF} --cpu-prof-interval=2000` } : {};
const AT_ONCE = 20;
const DELAY_MS = 20;
const API_KEY = `bench-${randomBytes(12).toString('hex')}`;
const ACCOUNT = '+15551112222';
/** From Numbers of the duplicate-handling workflows (Remove Duplicates, the Redis example). */
const DUPLICATE_ACCOUNTS = ['+15553334444', '+15556667777'];
const DUPLICATES = 100;
const TEXTER = '+12025550123';
const say = (message: string) => process.stdout.write(`[bench:queue] ${message}\n`);
const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
const fmt = (n: number, digits = 1) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

interface EventFigures {
	eventsPerSecond: number;
	/** CPU time n8n's processes spent per event (ms). */
	cpuMsPerEvent: number;
}

interface Figures {
	/** The auto-reply example started by the IO Phone Trigger. */
	events: EventFigures;
	bulkTextsPerSecond?: number;
	/** The same bulk send with Skip Texts Already Sent on (every row new). */
	bulkSkipTextsPerSecond?: number;
	/** One more Skip send of new rows on the last one's workflow: its record holds that send's texts, and the run looks back a window. */
	bulkSkipAgain?: { textsPerSecond: number; cpuMsPerText: number; writes?: number };
	/** CPU time per text (ms) of the target's processes (n8n's, and Postgres in queue mode) during the plain and the Skip sends. */
	bulkCpuMsPerText?: number;
	bulkSkipCpuMsPerText?: number;
	/** Queue mode: writes to n8n's de-duplication table per Skip send, and the record's size after it. */
	ledger?: LedgerFigures;
	bulkPeakRssMb?: number;
}

/** Where each part posts, on one target. */
interface Urls {
	events: string;
	bulk: string;
	/** Creates a new bulk-send workflow with Skip Texts Already Sent on (its record empty); answers its URL. */
	newSkip: () => Promise<string>;
}

interface LedgerFigures {
	writes: number;
	entries: number;
	kb: number;
}

interface Target {
	api: N8nApi;
	/** Where IO Phone-like callers post: the n8n process, or the proxy in queue mode. */
	webhookBase: string;
	/** Peak RSS (MB) of the process(es) that run executions. */
	peakRssMb: () => number;
	/** CPU time (ms) used so far by every n8n process of the target. */
	cpuMs: () => number;
	/** The same plus the database's (Postgres in queue mode; SQLite runs inside n8n). */
	cpuMsWithDatabase: () => number;
	/** Queue mode: rows written to n8n's de-duplication table so far, and the size of the newest record (the send just measured). */
	ledger?: () => Promise<LedgerFigures>;
}

let nextId = 50_000_000;

/**
 * Posts EVENTS incoming texts to `url`, AT_ONCE at a time: events/s from the first POST to the last
 * reply at IO Phone, and n8n's CPU time per event over the same span plus a short settle (runs end after their reply).
 */
async function events(sim: IoPhoneSimulator, target: Target, url: string, label: string): Promise<EventFigures> {
	const cpu0 = target.cpuMs();
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
	await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
	return { eventsPerSecond: (EVENTS * 1000) / (last - t0), cpuMsPerEvent: (target.cpuMs() - cpu0) / EVENTS };
}

/** After the last reply: long enough for the last executions to finish, short beside a round's idle CPU. */
const SETTLE_MS = 1000;

let bulkRuns = 0;

/** One bulk send: texts/s (POST to answer) and CPU ms per text of the target and its database. */
async function bulk(sim: IoPhoneSimulator, target: Target, url: string): Promise<{ textsPerSecond: number; cpuMsPerText: number }> {
	const rows = bulkRows(ROWS, 'Bench', ROWS * bulkRuns++);
	const before = sim.sent.length;
	const cpu0 = target.cpuMsWithDatabase();
	const t0 = performance.now();
	const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rows }), signal: AbortSignal.timeout(900_000) });
	const body = await res.text();
	const ms = performance.now() - t0;
	const cpuMsPerText = (target.cpuMsWithDatabase() - cpu0) / ROWS;
	if (res.status !== 200) throw new Error(`bulk: HTTP ${res.status} ${body.slice(0, 200)}`);
	const output = JSON.parse(body) as unknown[];
	if ( output.length !== ROWS || sim.sent.length - before !== ROWS) {
		throw new Error(`bulk: HTTP ${res.status}, ${output.length} items, ${sim.sent.length - before} texts for ${ROWS} rows`);
	}
	return { textsPerSecond: (ROWS * 1000) / ms, cpuMsPerText };
}

/** Creates the workflows on `target`; answers where each part posts. */
async function setUp(sim: IoPhoneSimulator, target: Target, mode: string): Promise<Urls> {
	const { api } = target;
	const credential = await api.createCredential(`IO Phone (${mode})`, 'ioPhoneApi', { apiKey: API_KEY, baseUrl: sim.baseUrl });
	const trigger = autoReplyWorkflow(credential, { fromNumber: ACCOUNT, name: `Auto-reply (${mode})` });
	const bulkPath = `bench-bulk-${randomBytes(4).toString('hex')}`;
	const publish = async (definition: WorkflowDefinition) => {
		const { id } = await api.createWorkflow(definition);
		const published = await api.publishWorkflow(id);
		if (published.status !== 200) throw new Error(`publish ${definition.name}: ${published.text.slice(0, 200)}`);
	};
	const registered = (path: string) => async () => {
		const res = await fetch(`${target.webhookBase}webhook/${path}`, { signal: AbortSignal.timeout(5000) });
		return res.status === 404 && /POST request/i.test(await res.text());
	};
	for (const definition of [trigger, bulkSendIoPhoneWorkflow(credential, bulkPath)]) await publish(definition);
	for (const path of [triggerWebhookPath(trigger), bulkPath]) await waitFor(registered(path), { timeoutMs: 120_000, intervalMs: 250, what: `webhook ${path}` });
	const callbackUrl = async (account: string) =>
		(await waitFor(() => sim.callbackUrlFor(account)?.startsWith(target.webhookBase) && sim.callbackUrlFor(account), { timeoutMs: 60_000, what: `the callback URL of ${account}` })) as string;
	const url = (path: string) => `${target.webhookBase}webhook/${path}`;
	const newSkip = async () => {
		const skipPath = `bench-skip-${randomBytes(4).toString('hex')}`;
		await publish({ ...bulkSendIoPhoneWorkflow(credential, skipPath, { skipAlreadySent: true }), name: `Bulk send: Skip Texts Already Sent (${skipPath})` });
		await waitFor(registered(skipPath), { timeoutMs: 120_000, intervalMs: 250, what: `webhook ${skipPath}` });
		return url(skipPath);
	};
	return { events: await callbackUrl(ACCOUNT), bulk: url(bulkPath), newSkip };
}

async function run(sim: IoPhoneSimulator, target: Target, mode: string, urls: Urls): Promise<Figures> {
	const figures: Partial<Figures> = {};
	if (PARTS.includes('callbacks')) {
		say(`${mode}: warm-up…`);
		await events(sim, target, urls.events, `${mode} warm-up`).catch(() => undefined);
		say(`${mode}: ${EVENTS} callbacks to the auto-reply, twice…`);
		const measured = [await events(sim, target, urls.events, `${mode} 0`), await events(sim, target, urls.events, `${mode} 1`)];
		const mean = (key: keyof EventFigures) => measured.reduce((sum, v) => sum + v[key], 0) / measured.length;
		figures.events = { eventsPerSecond: mean('eventsPerSecond'), cpuMsPerEvent: mean('cpuMsPerEvent') };
	}
	if (PARTS.includes('bulk')) {
		const plain: Array<{ textsPerSecond: number; cpuMsPerText: number }> = [];
		const skip: typeof plain = [];
		const ledger: LedgerFigures[] = [];
		let lastSkip = '';
		for (const arm of ['plain', 'skip', 'skip', 'plain', 'skipAgain']) {
			say(`${mode}: bulk send of ${ROWS} rows${arm === 'skip' ? ' with Skip Texts Already Sent' : arm === 'skipAgain' ? ' with Skip Texts Already Sent, on the last one’s record' : ''}…`);
			const before = arm !== 'plain' ? await target.ledger?.() : undefined;
			if (arm === 'skip') lastSkip = await urls.newSkip();
			const result = await bulk(sim, target, arm === 'plain' ? urls.bulk : lastSkip);
			if (arm === 'skipAgain') figures.bulkSkipAgain = result;
			else (arm === 'plain' ? plain : skip).push(result);
			say(`${mode}: ${fmt(result.textsPerSecond, 0)} texts/s, ${fmt(result.cpuMsPerText, 2)} ms of CPU per text`);
			if (before) {
				await new Promise((resolve) => setTimeout(resolve, 2000)); // Postgres publishes its table statistics within a second or so
				const after = await target.ledger!();
				if (arm === 'skip') ledger.push({ ...after, writes: after.writes - before.writes });
				else figures.bulkSkipAgain!.writes = after.writes - before.writes;
				say(`${mode}: ${after.writes - before.writes} writes of the record, which ended at ${after.entries} entries (${fmt(after.kb, 0)} KB)`);
			}
		}
		if (ledger.length) figures.ledger = { writes: mean(ledger.map((l) => l.writes)), entries: mean(ledger.map((l) => l.entries)), kb: mean(ledger.map((l) => l.kb)) };
		figures.bulkTextsPerSecond = mean(plain.map((r) => r.textsPerSecond));
		figures.bulkSkipTextsPerSecond = mean(skip.map((r) => r.textsPerSecond));
		figures.bulkCpuMsPerText = mean(plain.map((r) => r.cpuMsPerText));
		figures.bulkSkipCpuMsPerText = mean(skip.map((r) => r.cpuMsPerText));
		figures.bulkPeakRssMb = target.peakRssMb();
	}
	say(`${mode}: ${JSON.stringify(figures)}`);
	return figures as Figures;
}

async function main(): Promise<void> {
	const started = new Date();
	const sim = await IoPhoneSimulator.start({ apiKey: API_KEY, accountNumbers: [ACCOUNT, ...DUPLICATE_ACCOUNTS], responseDelayMs: DELAY_MS });
	const results: Record<string, Figures> = {};
	let duplicateReplies: Record<string, number> | undefined;
	try {
		if (MODES.includes('regular')) {
			say('Regular mode: one n8n process…');
			const local = await LocalN8n.create({ logLevel: 'warn', say, extraEnv: N8N_ENV });
			try {
				const pid = local.n8n.pid!;
				const cpuMs = () => groupCpuMs(pid);
				const target = { api: local.api, webhookBase: `${local.n8n.baseUrl}/`, peakRssMb: () => groupPeakRssKb(pid) / 1024, cpuMs, cpuMsWithDatabase: cpuMs };
				results.regular = await run(sim, target, 'regular', await setUp(sim, target, 'regular'));
			} finally {
				await local.dispose();
			}
		}
		if (MODES.includes('queue')) {
			say('Queue mode: main, 2 workers, 2 webhook processes…');
			const cluster = await QueueCluster.create({ say, extraEnv: N8N_ENV });
			try {
				const workersPeak = () => Math.max(...cluster.workers.filter((w) => w.isRunning).map((w) => groupPeakRssKb(w.pid!))) / 1024;
				const allCpu = () => cluster.members.filter((m) => m.process.isRunning).reduce((sum, m) => sum + groupCpuMs(m.process.pid!), 0);
				const withDatabase = () => allCpu() + treeCpuMs(cluster.postgres.pid!);
				const ledger = async (): Promise<LedgerFigures> => {
					const [writes, entries, bytes] = (
						await cluster.postgres.psql(
							"select (select coalesce(sum(n_tup_upd + n_tup_ins), 0) from pg_stat_user_tables where relname = 'processed_data'), coalesce((select json_array_length(value::json->'data') from processed_data order by \"createdAt\" desc limit 1), 0), coalesce((select octet_length(value::text) from processed_data order by \"createdAt\" desc limit 1), 0)",
							'n8n',
						)
					)
						.trim()
						.split('|')
						.map(Number);
					return { writes, entries, kb: bytes / 1024 };
				};
				const target = { api: cluster.api, webhookBase: cluster.webhookBaseUrl, peakRssMb: workersPeak, cpuMs: allCpu, cpuMsWithDatabase: withDatabase, ledger };
				const urls = await setUp(sim, target, 'queue');
				results['queue, 2 workers'] = await run(sim, target, 'queue, 2 workers', urls);
				if (PARTS.includes('duplicates')) duplicateReplies = await duplicates(sim, cluster);
				await cluster.workers[1].stop();
				results['queue, 1 worker'] = await run(sim, target, 'queue, 1 worker', urls);
			} finally {
				await cluster.dispose();
			}
		}
	} finally {
		await sim.close();
	}
	print(results, started);
	if (duplicateReplies) {
		process.stdout.write(
			`\n${DUPLICATES} events each posted once to each webhook process at the same time (2 workers): replies from ${Object.entries(duplicateReplies)
				.map(([shape, n]) => `${shape}: ${n}`)
				.join(', ')}\n`,
		);
	}
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

function print(results: Record<string, Figures>, started: Date): void {
	const regular = results.regular;
	const vs = (mode: string, value: number, base: number | undefined) => (mode === 'regular' || !base ? '' : ` (${fmt(value / base, 2)}×)`);
	const lines = [
		'',
		`bench:queue — n8n 2.41.1, ${started.toISOString()}, ${[PARTS.includes('callbacks') && `${EVENTS} callbacks ${AT_ONCE} at a time`, PARTS.includes('bulk') && `${ROWS}-row bulk send`].filter(Boolean).join(', ')}, IO Phone answering after ${DELAY_MS} ms`,
		`(2-core machine shared with other work: figures are noisy; ratios are to regular mode in the same run; expression isolates acquired ${LAZY ? 'lazily (N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true)' : "eagerly (n8n's default)"})`,
	];
	if (PARTS.includes('callbacks')) {
		lines.push('', '| Mode | Auto-reply, IO Phone Trigger (events/s) | n8n CPU per event (ms) |', '|---|---|---|');
		for (const [mode, { events: e }] of Object.entries(results)) {
			lines.push(`| ${mode} | ${fmt(e.eventsPerSecond)}${vs(mode, e.eventsPerSecond, regular?.events.eventsPerSecond)} | ${fmt(e.cpuMsPerEvent, 0)} |`);
		}
	}
	if (PARTS.includes('bulk')) {
		lines.push(
			'',
			`${ROWS}-row bulk send, mean of 2 sends each (A-B-B-A); Skip Texts Already Sent starting with an empty record each time; then one more Skip send of new rows on the last one's record:`,
			'',
			'| Mode | Plain (texts/s) | Skip Texts Already Sent (texts/s) | Skip ÷ plain | Skip on the last one’s record (texts/s, ÷ plain) | CPU per text, plain / Skip (ms) | Peak RSS of the process running the bulk sends |',
			'|---|---|---|---|---|---|---|',
		);
		for (const [mode, f] of Object.entries(results)) {
			lines.push(
				`| ${mode} | ${fmt(f.bulkTextsPerSecond!, 0)}${vs(mode, f.bulkTextsPerSecond!, regular?.bulkTextsPerSecond)} | ${fmt(f.bulkSkipTextsPerSecond!, 0)} | **${fmt(f.bulkSkipTextsPerSecond! / f.bulkTextsPerSecond!, 2)}** | ${fmt(f.bulkSkipAgain!.textsPerSecond, 0)} (${fmt(f.bulkSkipAgain!.textsPerSecond / f.bulkTextsPerSecond!, 2)}) | ${fmt(f.bulkCpuMsPerText!, 2)} / ${fmt(f.bulkSkipCpuMsPerText!, 2)} | ${fmt(f.bulkPeakRssMb!, 0)} MB |`,
			);
		}
		lines.push('', "CPU per text: every n8n process's, plus Postgres's in queue mode (SQLite runs inside n8n).");
		for (const [mode, f] of Object.entries(results)) {
			if (!f.ledger) continue;
			const { writes, entries, kb } = f.ledger;
			lines.push(
				`${mode}: per Skip send, ${fmt(writes, 0)} writes of the node's record (${fmt(ROWS / writes, 1)} texts per write), which ended at ${fmt(entries, 0)} entries (${fmt(kb, 0)} KB); ` +
					`the extra CPU comes to ${fmt(((f.bulkSkipCpuMsPerText! - f.bulkCpuMsPerText!) * ROWS) / writes, 1)} ms per write.`,
			);
			const again = f.bulkSkipAgain;
			if (again?.writes) {
				lines.push(
					`${mode}: the Skip send on the last one's record: ${fmt(again.writes, 0)} writes (${fmt(ROWS / again.writes, 1)} texts per write), ${fmt(again.cpuMsPerText, 2)} ms of CPU per text; ` +
						`the extra CPU comes to ${fmt(((again.cpuMsPerText - f.bulkCpuMsPerText!) * ROWS) / again.writes, 1)} ms per write.`,
				);
			}
		}
	}
	process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: Error) => {
	process.stderr.write(`${error.stack ?? error.message}\n`);
	process.exitCode = 1;
});
