/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * Benchmark item 5: the same bulk send in a real n8n 2.41.1, through the IO Phone node and
 * through n8n's HTTP Request node set up by hand for IO Phone, against the IO Phone simulator
 * with a response delay (20 ms by default).
 *
 * Each arm is a published workflow Webhook (POST, `{ rows: [...] }`, answers when the last node
 * is done) → Split Out → sender; one run is one webhook request carrying all rows, timed from
 * sending it to having the last node's items back. Arms run alternately, several rounds, after a
 * small warm-up run of each; medians are reported. Arms:
 *   - ioPhone:      the IO Phone node, default options (Sends at Once 16);
 *   - http:         HTTP Request, no batching options (n8n then starts every item's request at once);
 *   - httpBatched:  HTTP Request with Options → Batching: 16 items per batch, one batch every
 *                   <delay> ms. (n8n's batching is a rate limit, not a limit on requests in flight:
 *                   it sleeps between batches without waiting for their answers; 0 ms disables it.)
 *
 * The rows are the benchmark's own contacts (tools/simulator/workload.ts `contactItems`), the text its
 * reminder text. Needs a built dist/ (the package is packed and installed into n8n).
 *
 * Then, in the same n8n, incoming texts → answers: the AI SMS assistant beside the plain auto-reply,
 * 20 customers at once (bench-assistant.ts).
 *
 * `benchN8n()` is for the benchmark to call (`import { benchN8n } from './bench-n8n'`); the CLI:
 *   npm run bench:n8n -- [--items 1000] [--delay 20] [--rounds 3] [--sends-at-once n] [--senders 20] [--conversation-rounds 5]
 * (environment: N8N_BENCH_ITEMS, N8N_BENCH_DELAY_MS, N8N_BENCH_ROUNDS, N8N_BENCH_SENDS_AT_ONCE, N8N_BENCH_SENDERS,
 * N8N_BENCH_CONVERSATION_ROUNDS; 0 conversation rounds leaves that part out). ~3 min.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { benchConversations, type ConversationArm, type ConversationArmSummary } from './bench-assistant';
import { contactItems } from '../simulator/workload';
import { IoPhoneSimulator } from '../simulator';
import { LocalN8n } from '../n8n/local-n8n';
import { nodeOutput } from '../n8n/n8n-api';
import { waitFor } from '../n8n/wait';
import {
	BULK_SEND_NODE,
	bulkSendHttpRequestWorkflow,
	bulkSendIoPhoneWorkflow,
	type CredentialRef,
} from '../n8n/workflows';
import type { WorkflowDefinition } from '../n8n/n8n-api';

export type Arm = 'ioPhone' | 'http' | 'httpBatched';

export interface N8nBenchOptions {
	/** Rows per run (default 1000). */
	items?: number;
	/** Simulator response delay in ms (default 20). */
	delayMs?: number;
	/** Measured runs per arm (default 3, at least 2). */
	rounds?: number;
	/** Items per batch of the batched HTTP Request arm (default 16: the IO Phone node's default Sends at Once). */
	batchSize?: number;
	/** The IO Phone node's "Sends at Once" (default: not set, so the node's default). */
	sendsAtOnce?: number;
	/** Rows of the warm-up run of each arm (default 50; 0 skips it). */
	warmUpItems?: number;
	/** Customers texting at once in the conversation part (default 20). */
	senders?: number;
	/** Rounds per workflow of the conversation part (default 5; 0 leaves the part out). */
	conversationRounds?: number;
	/** Progress messages. */
	say?: (message: string) => void;
}

export interface N8nBenchRun {
	arm: Arm;
	round: number;
	items: number;
	/** Webhook request sent → last node's items received. */
	ms: number;
	itemsPerSecond: number;
	/** The sender node's own executionTime in the saved execution. */
	nodeMs: number;
	/** CPU time (user + system) of n8n's main process during the request; undefined where /proc is missing. */
	cpuMs?: number;
}

export interface N8nBenchArmSummary {
	label: string;
	medianMs: number;
	medianItemsPerSecond: number;
	medianNodeMs: number;
	nodeItemsPerSecond: number;
	/** Median CPU ms of n8n's main process per item. */
	cpuMsPerItem?: number;
}

export interface N8nBenchResult {
	n8nVersion: string;
	items: number;
	delayMs: number;
	rounds: number;
	batch: { batchSize: number; batchInterval: number };
	runs: N8nBenchRun[];
	arms: Record<Arm, N8nBenchArmSummary>;
	/** Throughput ratios (items/s of the IO Phone node ÷ items/s of the other arm), whole request and node only. */
	ratios: { vsHttp: number; vsHttpBatched: number; nodeVsHttp: number; nodeVsHttpBatched: number };
	/** Incoming text → answer, auto-reply and AI SMS assistant; absent when left out. */
	conversations?: Record<ConversationArm, ConversationArmSummary>;
	/** The report, ready to print. */
	lines: string[];
}

const ARMS: Arm[] = ['ioPhone', 'http', 'httpBatched'];
const RUN_TIMEOUT_MS = 180_000;

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
/** CPU ms (user + system) the process has used so far, from /proc (Linux); undefined elsewhere. */
function cpuMsOf(pid: number | undefined): number | undefined {
	if (!pid) return undefined;
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, in USER_HZ (100 on Linux)
	} catch {
		return undefined;
	}
}
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

export async function benchN8n(options: N8nBenchOptions = {}): Promise<N8nBenchResult> {
	const items = options.items ?? 1000;
	const delayMs = options.delayMs ?? 20;
	const rounds = Math.max(2, options.rounds ?? 3);
	const batchSize = options.batchSize ?? 16;
	const warmUpItems = options.warmUpItems ?? 50;
	const batch = { batchSize, batchInterval: Math.max(1, delayMs) };
	const say = options.say ?? (() => undefined);
	const apiKey = `bench-${randomBytes(12).toString('hex')}`;
	const rows = contactItems(items).map((item) => item.json);

	const sim = await IoPhoneSimulator.start({ apiKey, responseDelayMs: delayMs });
	let local: LocalN8n | undefined;
	try {
		local = await LocalN8n.create({ logLevel: 'warn', say });
		const api = local.api;
		const ioPhoneCredential: CredentialRef = await api.createCredential('IO Phone (simulator)', 'ioPhoneApi', { apiKey, baseUrl: sim.baseUrl });
		const queryAuth: CredentialRef = await api.createCredential('IO Phone key as query parameter', 'httpQueryAuth', { name: 'apiKey', value: apiKey });

		const labels: Record<Arm, string> = {
			ioPhone: options.sendsAtOnce ? `IO Phone node (Sends at Once ${options.sendsAtOnce})` : 'IO Phone node (default options: Sends at Once 16)',
			http: 'HTTP Request (no batching: all requests at once)',
			httpBatched: `HTTP Request (batching: ${batch.batchSize} per batch, every ${batch.batchInterval} ms)`,
		};
		const definitions: Record<Arm, WorkflowDefinition> = {
			ioPhone: bulkSendIoPhoneWorkflow(
				ioPhoneCredential,
				`bench-iophone-${randomBytes(4).toString('hex')}`,
				options.sendsAtOnce ? { concurrency: options.sendsAtOnce } : {},
			),
			http: bulkSendHttpRequestWorkflow(queryAuth, sim.baseUrl, `bench-http-${randomBytes(4).toString('hex')}`),
			httpBatched: bulkSendHttpRequestWorkflow(queryAuth, sim.baseUrl, `bench-http-batched-${randomBytes(4).toString('hex')}`, batch),
		};
		const workflows = {} as Record<Arm, { id: string; path: string }>;
		for (const arm of ARMS) {
			const { id } = await api.createWorkflow(definitions[arm]);
			const published = await api.publishWorkflow(id);
			if (published.status !== 200) throw new Error(`Publishing ${arm}: HTTP ${published.status} ${published.text.slice(0, 300)}`);
			const path = (definitions[arm].nodes[0].parameters as { path: string }).path;
			await local.n8n.waitForPostWebhook(path, 30_000);
			workflows[arm] = { id, path };
		}

		/** One run: POST all rows, check every item was sent, read the node's time from the saved execution. */
		const run = async (arm: Arm, batchRows: Array<Record<string, unknown>>): Promise<Omit<N8nBenchRun, 'round'>> => {
			const { id, path } = workflows[arm];
			const executionsBefore = (await api.listAllExecutions(id)).length;
			const sentBefore = sim.sent.length;
			const cpuBefore = cpuMsOf(local!.n8n.pid);
			const t0 = performance.now();
			const res = await fetch(local!.n8n.webhookUrl(path), {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ rows: batchRows }),
				signal: AbortSignal.timeout(RUN_TIMEOUT_MS),
			});
			const text = await res.text();
			const ms = performance.now() - t0;
			const cpuAfter = cpuMsOf(local!.n8n.pid);
			const cpuMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
			if (res.status !== 200) throw new Error(`${arm}: HTTP ${res.status} ${text.slice(0, 300)}`);
			const output = JSON.parse(text) as Array<Record<string, unknown>>;
			const accepted = output.filter((item) => item.status === 202).length;
			const sent = sim.sent.length - sentBefore;
			if (output.length !== batchRows.length || accepted !== batchRows.length || sent !== batchRows.length) {
				throw new Error(`${arm}: ${batchRows.length} rows gave ${output.length} items, ${accepted} accepted, ${sent} texts at IO Phone`);
			}
			const [execution] = await waitFor(
				async () => {
					const list = await api.listAllExecutions(id);
					return list.length > executionsBefore && list[0].status === 'success' ? list : undefined;
				},
				{ timeoutMs: 30_000, intervalMs: 250, what: `the saved execution of ${arm}` },
			);
			const { json } = await api.getExecution(execution.id);
			if (nodeOutput(json, BULK_SEND_NODE).length !== batchRows.length) throw new Error(`${arm}: the saved execution lacks items`);
			const nodeMs = json.data!.resultData.runData[BULK_SEND_NODE][0] as unknown as { executionTime: number };
			return { arm, items: batchRows.length, ms, itemsPerSecond: (batchRows.length * 1000) / ms, nodeMs: nodeMs.executionTime, cpuMs };
		};

		if (warmUpItems > 0) {
			say(`Warm-up: ${warmUpItems} rows through each arm…`);
			for (const arm of ARMS) await run(arm, rows.slice(0, warmUpItems));
		}
		const runs: N8nBenchRun[] = [];
		for (let round = 1; round <= rounds; round++) {
			// Alternate, and rotate who goes first, so no arm always follows the same one.
			const order = ARMS.map((_, i) => ARMS[(i + round - 1) % ARMS.length]);
			for (const arm of order) {
				const result = { ...(await run(arm, rows)), round };
				runs.push(result);
				const cpu = result.cpuMs === undefined ? '' : `, n8n CPU ${fmt(result.cpuMs)} ms`;
				say(`round ${round} ${arm}: ${fmt(result.ms)} ms, ${fmt(result.itemsPerSecond, 1)} items/s (node ${fmt(result.nodeMs)} ms${cpu})`);
			}
		}

		const arms = {} as Record<Arm, N8nBenchArmSummary>;
		for (const arm of ARMS) {
			const mine = runs.filter((r) => r.arm === arm);
			const medianNodeMs = median(mine.map((r) => r.nodeMs));
			const cpu = mine.map((r) => r.cpuMs).filter((ms): ms is number => ms !== undefined);
			arms[arm] = {
				label: labels[arm],
				medianMs: median(mine.map((r) => r.ms)),
				medianItemsPerSecond: median(mine.map((r) => r.itemsPerSecond)),
				medianNodeMs,
				nodeItemsPerSecond: (items * 1000) / medianNodeMs,
				cpuMsPerItem: cpu.length === mine.length ? median(cpu) / items : undefined,
			};
		}
		const ratios = {
			vsHttp: arms.ioPhone.medianItemsPerSecond / arms.http.medianItemsPerSecond,
			vsHttpBatched: arms.ioPhone.medianItemsPerSecond / arms.httpBatched.medianItemsPerSecond,
			nodeVsHttp: arms.ioPhone.nodeItemsPerSecond / arms.http.nodeItemsPerSecond,
			nodeVsHttpBatched: arms.ioPhone.nodeItemsPerSecond / arms.httpBatched.nodeItemsPerSecond,
		};
		const n8nVersion = local.runtime.version;
		const lines = [
			`Bulk send in n8n ${n8nVersion}: ${fmt(items)} rows in one webhook request → Split Out → sender, IO Phone simulator with ${delayMs} ms response delay; ${rounds} alternating rounds, medians.`,
			'',
			...ARMS.map(
				(arm) =>
					`  ${arms[arm].label.padEnd(62)} ${fmt(arms[arm].medianItemsPerSecond, 1).padStart(7)} items/s  (request ${fmt(arms[arm].medianMs)} ms; node alone ${fmt(arms[arm].medianNodeMs)} ms = ${fmt(arms[arm].nodeItemsPerSecond, 1)} items/s${arms[arm].cpuMsPerItem === undefined ? '' : `; n8n CPU ${fmt(arms[arm].cpuMsPerItem!, 1)} ms/item`})`,
			),
			'',
			`  Ratio IO Phone / HTTP Request (no batching)   ${fmt(ratios.vsHttp, 2)}×  (node alone ${fmt(ratios.nodeVsHttp, 2)}×)   target ≥ 1×: ${ratios.vsHttp >= 1 ? 'PASS' : 'FAIL'}`,
			`  Ratio IO Phone / HTTP Request (batched)       ${fmt(ratios.vsHttpBatched, 2)}×  (node alone ${fmt(ratios.nodeVsHttpBatched, 2)}×)   target ≥ 1×: ${ratios.vsHttpBatched >= 1 ? 'PASS' : 'FAIL'}`,
			'',
			'  Runs (items/s): ' + ARMS.map((arm) => `${arm} ${runs.filter((r) => r.arm === arm).map((r) => fmt(r.itemsPerSecond, 1)).join(', ')}`).join('; '),
		];
		const conversationRounds = options.conversationRounds ?? 5;
		if (conversationRounds === 0) return { n8nVersion, items, delayMs, rounds, batch, runs, arms, ratios, lines };
		const conversations = await benchConversations({ local, sim, ioPhone: ioPhoneCredential, senders: options.senders, rounds: conversationRounds, say });
		return { n8nVersion, items, delayMs, rounds, batch, runs, arms, ratios, conversations: conversations.arms, lines: [...lines, '', ...conversations.lines] };
	} finally {
		await local?.dispose();
		await sim.close();
	}
}

// ---- CLI -------------------------------------------------------------------------------

function option(flag: string, env: string, fallback: number): number {
	const args = process.argv.slice(2);
	const at = args.findIndex((a) => a === `--${flag}` || a.startsWith(`--${flag}=`));
	const raw = at >= 0 ? (args[at].includes('=') ? args[at].split('=')[1] : args[at + 1]) : process.env[env];
	const value = raw === undefined || raw === '' ? fallback : Number(raw);
	if (!Number.isFinite(value) || value < 0) throw new Error(`Bad --${flag}: ${raw}`);
	return value;
}

if (process.argv[1] === __filename) {
	const say = (message: string) => process.stderr.write(`[bench:n8n] ${message}\n`);
	let stopping = false;
	benchN8n({
		items: option('items', 'N8N_BENCH_ITEMS', 1000),
		delayMs: option('delay', 'N8N_BENCH_DELAY_MS', 20),
		rounds: option('rounds', 'N8N_BENCH_ROUNDS', 3),
		sendsAtOnce: option('sends-at-once', 'N8N_BENCH_SENDS_AT_ONCE', 0) || undefined,
		senders: option('senders', 'N8N_BENCH_SENDERS', 20),
		conversationRounds: option('conversation-rounds', 'N8N_BENCH_CONVERSATION_ROUNDS', 5),
		say,
	})
		.then((result) => {
			process.stdout.write(`\n${result.lines.join('\n')}\n`);
		})
		.catch((error: Error) => {
			process.stderr.write(`${error.stack ?? error.message}\n`);
			process.exitCode = 1;
		});
	// Ctrl-C: n8n's watchdog (n8n-process.ts) stops n8n and removes its folder once we are gone.
	process.once('SIGINT', () => {
		if (stopping) return;
		stopping = true;
		process.exit(130);
	});
}
