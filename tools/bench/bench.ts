/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * `npm run bench`: throughput, concurrency, formatting, import and memory figures of the IO
 * Phone send node against the IO Phone simulator on loopback. Every figure is measured in
 * the same run as its baseline and printed as a ratio. See tools/bench/README.md.
 *
 * Options (flags win over environment variables):
 *   --delay <ms>          simulator response delay, default 20        (BENCH_DELAY_MS)
 *   --sizes <n,n>         item counts for node vs raw, default 1000,10000 (BENCH_SIZES)
 *   --concurrency-items <n>  items for default vs one-at-a-time, default 500 (BENCH_CONCURRENCY_ITEMS)
 *   --memory-items <n>    items for the memory figure, default 10000  (BENCH_MEMORY_ITEMS)
 *   --memory-delay <ms>   response delay during the memory run, default 0 (BENCH_MEMORY_DELAY_MS)
 *   --compliance-items <n>  items for the opt-out and quiet-hours costs, default 2000 (BENCH_COMPLIANCE_ITEMS)
 *   --only <a,b>          run only some parts: throughput, concurrency, compliance, startup, memory
 *   BENCH_PACKAGE_DIR=<dir>  measure another build: a folder with its package.json and dist/
 *   --quick               small sizes, for trying the benchmark out (not for figures)
 *   --strict              exit with code 1 when a target is missed (default: only on errors)
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { measureMemory, WARM_UP_ITEMS, type MemoryResult } from './memory';
import { assertInOrder, benchPackage, PACKAGE_DIR, sendRaw, sendWithNode, timed } from './senders';
import { SimulatorProcess } from './simulator-process';
import { BUILT_NODE, measureFormatting, measureImport, ROOT } from './startup';
import { contactItems, sendParameters } from '../simulator/workload';
import { recipientDigits } from '../../nodes/IoPhone/helpers/quiet-hours';
import { decideQuietHours } from '../../nodes/IoPhone/helpers/quiet-hours-decision';
import { numberKey, toE164 } from '../../nodes/shared/phone';

// ---- options ---------------------------------------------------------------------------

function option(flag: string, env: string, fallback: string): string {
	const args = process.argv.slice(2);
	const at = args.findIndex((a) => a === `--${flag}` || a.startsWith(`--${flag}=`));
	if (at >= 0) return args[at].includes('=') ? args[at].split('=')[1] : (args[at + 1] ?? '');
	return process.env[env] ?? fallback;
}

const quick = process.argv.includes('--quick');
const DELAY_MS = Number(option('delay', 'BENCH_DELAY_MS', '20'));
const SIZES = option('sizes', 'BENCH_SIZES', quick ? '200,1000' : '1000,10000').split(',').map(Number);
const CONCURRENCY_ITEMS = Number(option('concurrency-items', 'BENCH_CONCURRENCY_ITEMS', quick ? '100' : '500'));
const MEMORY_ITEMS = Number(option('memory-items', 'BENCH_MEMORY_ITEMS', quick ? '2000' : '10000'));
const MEMORY_DELAY_MS = Number(option('memory-delay', 'BENCH_MEMORY_DELAY_MS', '0'));
const COMPLIANCE_ITEMS = Number(option('compliance-items', 'BENCH_COMPLIANCE_ITEMS', quick ? '500' : '2000'));
const ONLY = option('only', 'BENCH_ONLY', 'throughput,concurrency,compliance,startup,memory').split(',');
/** Opted-out numbers in the list the opt-out figure reads. */
const OPTED_OUT_COUNT = 10_000;
/** Alternating rounds of the compliance figures; each figure is the median of its rounds. */
const COMPLIANCE_ROUNDS = 3;
const DEFAULT_CONCURRENCY = 16; // the node's "Sends at Once" default; the node is run without setting it
const SWEEP = [6, 8, 12, 24];
/** Figure 1 also at these concurrencies (items), as information: the ratio depends on it. */
const OTHER_WIDTHS: Array<[number, number]> = [
	[1, 300],
	[8, 1000],
];

for (const [name, value] of Object.entries({ DELAY_MS, CONCURRENCY_ITEMS, COMPLIANCE_ITEMS, MEMORY_ITEMS, MEMORY_DELAY_MS })) {
	if (!Number.isFinite(value) || value < 0) throw new Error(`Bad ${name}: ${value}`);
}

// ---- output ----------------------------------------------------------------------------

interface Row {
	figure: string;
	measured: string;
	baseline: string;
	ratio: string;
	target: string;
	pass?: boolean;
}

const rows: Row[] = [];
const notes: string[] = [];

const log = (line: string) => process.stderr.write(`${line}\n`);
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const perSecond = (items: number, ms: number) => (items * 1000) / ms;
const mb = (bytes: number) => `${fmt(bytes / 1024 / 1024, 1)} MB`;

function printTable(): void {
	const header: Row = { figure: 'Figure', measured: 'Measured', baseline: 'Baseline', ratio: 'Ratio', target: 'Target', pass: undefined };
	const cells = (r: Row) => [r.figure, r.measured, r.baseline, r.ratio, r.target, r.pass === undefined ? (r === header ? 'Result' : 'info') : r.pass ? 'PASS' : 'FAIL'];
	const all = [header, ...rows].map(cells);
	const widths = all[0].map((_, c) => Math.max(...all.map((r) => r[c].length)));
	const line = (r: string[]) => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
	console.log(line(all[0]));
	console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
	for (const r of all.slice(1)) console.log(line(r));
}

function machine(): string {
	const cpus = os.cpus();
	const model = cpus[0]?.model.trim() ?? 'unknown CPU';
	let libs = '';
	try {
		const versions = JSON.parse(
			execFileSync(process.execPath, ['-e', "process.stdout.write(JSON.stringify(['n8n-core','n8n-workflow'].map(p => require(p + '/package.json').version)))"], { cwd: ROOT, encoding: 'utf8' }),
		) as string[];
		libs = `, n8n-core ${versions[0]}, n8n-workflow ${versions[1]}`;
	} catch {
		// versions are informative only
	}
	return `${model}, ${cpus.length} cores, ${fmt(os.totalmem() / 1024 ** 3, 0)} GB RAM, ${os.type()} ${os.release()}, Node ${process.version}${libs}`;
}

// ---- figures ---------------------------------------------------------------------------

const e164Of = (items: INodeExecutionData[]) => (i: number) => String(items[i].json.phone).replace(/\s+/g, '');

async function checkCount(sim: SimulatorProcess, expected: number, what: string): Promise<void> {
	const { sent, requests } = await sim.takeCounts();
	if (sent !== expected || requests !== expected) {
		throw new Error(`${what}: the simulator accepted ${sent} texts in ${requests} requests, expected ${expected} of each`);
	}
}

async function nodeRun(sim: SimulatorProcess, items: INodeExecutionData[], concurrency?: number): Promise<number> {
	await sim.takeCounts();
	const { ms, value } = await timed(() => sendWithNode(sim, items, sendParameters(concurrency)));
	assertInOrder(items, value, e164Of(items));
	await checkCount(sim, items.length, `node, ${items.length} items, concurrency ${concurrency ?? 'default'}`);
	return ms;
}

async function rawRun(
	sim: SimulatorProcess,
	items: INodeExecutionData[],
	newConnectionPerRequest = false,
	concurrency = DEFAULT_CONCURRENCY,
): Promise<number> {
	await sim.takeCounts();
	const { ms, value } = await timed(() => sendRaw(sim, items, { concurrency, newConnectionPerRequest }));
	assertInOrder(items, value, e164Of(items));
	await checkCount(sim, items.length, `raw HTTP, ${items.length} items`);
	return ms;
}

/** Time the node spends reading and checking every item before its first send: the last item is invalid, so nothing is sent. */
async function preparePhaseMs(sim: SimulatorProcess, count: number): Promise<number> {
	const items = contactItems(count);
	items[count - 1] = { json: { ...items[count - 1].json, phone: '12' } };
	await sim.takeCounts();
	const { ms } = await timed(async () => {
		try {
			await sendWithNode(sim, items, sendParameters());
		} catch {
			return; // expected: "To Number "12" is not a phone number [item N]"
		}
		throw new Error('The invalid item was not refused');
	});
	await checkCount(sim, 0, 'prepare phase');
	return ms;
}

async function throughput(sim: SimulatorProcess): Promise<void> {
	log('Warming up (node and raw HTTP, 300 items each)…');
	const warm = contactItems(300);
	await nodeRun(sim, warm);
	await rawRun(sim, warm);
	await preparePhaseMs(sim, 300);

	for (const size of SIZES) {
		const items = contactItems(size);
		log(`Node vs raw HTTP, ${fmt(size)} items…`);
		const raw = await rawRun(sim, items);
		const node = await nodeRun(sim, items);
		const nodeRate = perSecond(size, node);
		const rawRate = perSecond(size, raw);
		rows.push({
			figure: `1. Node in n8n's engine vs raw HTTP (axios), ${fmt(size)} items, concurrency ${DEFAULT_CONCURRENCY}`,
			measured: `${fmt(nodeRate)} texts/s (${fmt(node / 1000, 1)} s)`,
			baseline: `${fmt(rawRate)} texts/s (${fmt(raw / 1000, 1)} s)`,
			ratio: `${fmt(nodeRate / rawRate, 2)}`,
			// Information: no node that sends through n8n's request helper gets near raw HTTP (docs/performance.md).
			target: '',
		});
	}

	for (const [width, size] of OTHER_WIDTHS) {
		const items = contactItems(size);
		log(`Node vs raw HTTP at concurrency ${width}, ${fmt(size)} items…`);
		const raw = await rawRun(sim, items, false, width);
		const node = await nodeRun(sim, items, width);
		rows.push({
			figure: `   The same at concurrency ${width}, ${fmt(size)} items`,
			measured: `${fmt(perSecond(size, node))} texts/s`,
			baseline: `${fmt(perSecond(size, raw))} texts/s`,
			ratio: fmt(raw / node, 2),
			target: '',
		});
	}

	const size = SIZES[0];
	const items = contactItems(size);
	log(`Where the gap comes from, ${fmt(size)} items…`);
	const prepare = await preparePhaseMs(sim, size);
	const fresh = await rawRun(sim, items, true);
	const raw = await rawRun(sim, items);
	const node = await nodeRun(sim, items);
	rows.push({
		figure: `   Raw HTTP with a new connection per request (as n8n's helper) vs keep-alive, ${fmt(size)} items`,
		measured: `${fmt(perSecond(size, fresh))} texts/s`,
		baseline: `${fmt(perSecond(size, raw))} texts/s`,
		ratio: fmt(raw / fresh, 2),
		target: '',
	});
	rows.push({
		figure: `   Node's checks of all items before the first send, ${fmt(size)} items`,
		measured: `${fmt(prepare)} ms (${fmt((prepare * 1000) / size)} µs/item)`,
		baseline: `${fmt(raw)} ms raw send`,
		ratio: fmt(prepare / raw, 2),
		target: '',
	});
}

async function concurrency(sim: SimulatorProcess): Promise<void> {
	const items = contactItems(CONCURRENCY_ITEMS);
	log(`Default concurrency vs one at a time, ${fmt(CONCURRENCY_ITEMS)} items…`);
	const one = await nodeRun(sim, items, 1);
	const byDefault = await nodeRun(sim, items);
	const speedup = one / byDefault;
	rows.push({
		figure: `2. Node at default concurrency (${DEFAULT_CONCURRENCY}) vs one at a time, ${fmt(CONCURRENCY_ITEMS)} items`,
		measured: `${fmt(perSecond(CONCURRENCY_ITEMS, byDefault))} texts/s`,
		baseline: `${fmt(perSecond(CONCURRENCY_ITEMS, one))} texts/s`,
		ratio: `${fmt(speedup, 2)}×`,
		target: '≥ 5.00×',
		pass: speedup >= 5,
	});
	for (const width of SWEEP) {
		const ms = await nodeRun(sim, items, width);
		rows.push({
			figure: `   Node at concurrency ${width} vs one at a time`,
			measured: `${fmt(perSecond(CONCURRENCY_ITEMS, ms))} texts/s`,
			baseline: `${fmt(perSecond(CONCURRENCY_ITEMS, one))} texts/s`,
			ratio: `${fmt(one / ms, 2)}×`,
			target: '',
		});
	}
}

/**
 * 10,000 opted-out numbers none of the contacts has, half in E.164 and half in US national format,
 * so the list is read as users' lists are (numbers compared as numbers).
 */
function optedOutNumbers(items: INodeExecutionData[]): string[] {
	const contacts = new Set(items.map((item) => String(item.json.phone).replace(/\D/g, '')));
	const numbers: string[] = [];
	for (let n = 0; numbers.length < OPTED_OUT_COUNT; n++) {
		const areaCode = [212, 312, 415, 512, 614, 702, 808, 917][n % 8];
		const line = String(Math.floor(n / 8)).padStart(4, '0');
		if (contacts.has(`1${areaCode}257${line}`)) continue;
		numbers.push(n % 2 ? `+1${areaCode}257${line}` : `(${areaCode}) 257-${line}`);
	}
	return numbers;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * What Guard Rails → Opted-Out Numbers (a 10,000-number list) and → Quiet Hours cost per text,
 * beside the same send without them, in alternating rounds of the same run. Every text is sent in
 * every variant (no contact is on the list; the quiet-hours window is the whole day), so the
 * difference is the checks alone.
 */
async function compliance(sim: SimulatorProcess): Promise<void> {
	const items = contactItems(COMPLIANCE_ITEMS);
	// As an Aggregate node before the IO Phone node gives the list: one field of the first item, read once per run.
	items[0] = { json: { ...items[0].json, optedOut: optedOutNumbers(items) } };
	const plain = sendParameters();
	const variants: Array<{ name: string; parameters: INodeParameters; ms: number[] }> = [
		{ name: 'plain', parameters: plain, ms: [] },
		{ name: 'optOut', parameters: { ...plain, guardRails: { optedOutNumbers: '={{ $json.optedOut }}' } }, ms: [] },
		{
			name: 'quietHours',
			parameters: { ...plain, guardRails: { quietHours: { values: { windowStart: 0, windowEnd: 24, stateRules: false } } } },
			ms: [],
		},
	];
	log(`Opt-out list (${fmt(OPTED_OUT_COUNT)} numbers) and quiet hours vs a plain send, ${fmt(COMPLIANCE_ITEMS)} items, ${COMPLIANCE_ROUNDS} rounds…`);
	await nodeRunWith(sim, contactItems(300), variants[1].parameters); // warm-up of the list and time-zone code
	await nodeRunWith(sim, contactItems(300), variants[2].parameters);
	for (let round = 0; round < COMPLIANCE_ROUNDS; round++) {
		for (const variant of variants) variant.ms.push(await nodeRunWith(sim, items, variant.parameters));
	}
	const [base, optOut, quiet] = variants.map((variant) => median(variant.ms));
	const perText = (ms: number) => `${fmt(((ms - base) * 1000) / COMPLIANCE_ITEMS)} µs/text`;
	rows.push({
		figure: `5a. Send with Opted-Out Numbers (${fmt(OPTED_OUT_COUNT)} numbers) vs without, ${fmt(COMPLIANCE_ITEMS)} items (median of ${COMPLIANCE_ROUNDS})`,
		measured: `${fmt(perSecond(COMPLIANCE_ITEMS, optOut))} texts/s (${perText(optOut)})`,
		baseline: `${fmt(perSecond(COMPLIANCE_ITEMS, base))} texts/s`,
		ratio: fmt(base / optOut, 2),
		target: '',
	});
	rows.push({
		figure: `5b. Send with Quiet Hours vs without, ${fmt(COMPLIANCE_ITEMS)} items (median of ${COMPLIANCE_ROUNDS})`,
		measured: `${fmt(perSecond(COMPLIANCE_ITEMS, quiet))} texts/s (${perText(quiet)})`,
		baseline: `${fmt(perSecond(COMPLIANCE_ITEMS, base))} texts/s`,
		ratio: fmt(base / quiet, 2),
		target: '',
	});
	checksAlone(items, (base * 1000) / COMPLIANCE_ITEMS);
	notes.push(
		`Compliance: rounds in ms — plain ${variants[0].ms.map((ms) => fmt(ms)).join(' / ')}, opt-out ${variants[1].ms.map((ms) => fmt(ms)).join(' / ')}, quiet hours ${variants[2].ms.map((ms) => fmt(ms)).join(' / ')}. µs/text is the median run's extra time over the plain one, per text; it includes reading the list once per run.`,
	);
}

/**
 * The checks alone, without n8n or the network (the node's own code, from source): reading the
 * 10,000-number list once, then per text the opt-out lookup and the quiet-hours decision, beside
 * the time per text of the plain send above (and, in the notes, formatting the To Number, which the
 * node does for every text anyway). The clock moves one second per text, as in a run. The
 * difference between the node runs is within their run-to-run noise; these are the figures that
 * say what the checks cost.
 */
function checksAlone(items: INodeExecutionData[], plainUsPerText: number): void {
	const numbers = items.map((item) => ({ phone: String(item.json.phone), country: String(item.json.country) }));
	const e164 = numbers.map(({ phone, country }) => toE164(phone, country)).map((result) => (result.ok ? result.e164 : ''));
	const listStart = performance.now();
	const list = new Set(optedOutNumbers(items).map((entry) => numberKey(entry, 'US')));
	const listMs = performance.now() - listStart;
	const rule = { window: { start: 8, end: 21 }, stateRules: true, fallbackZone: 'America/New_York' };
	const start = Date.parse('2026-03-04T15:00:00Z');
	const passes = {
		format: () => numbers.reduce((ok, { phone, country }) => ok + (toE164(phone, country).ok ? 1 : 0), 0),
		optOut: () => e164.reduce((hits, to) => hits + (list.has(numberKey(to, 'US')) ? 1 : 0), 0),
		quietHours: () => e164.reduce((open, to, i) => open + (decideQuietHours(recipientDigits(to, 'US'), rule, start + i * 1000).open ? 1 : 0), 0),
	};
	const us: Record<string, number> = {};
	for (const [name, pass] of Object.entries(passes)) {
		for (let i = 0; i < 3; i++) pass(); // warm-up
		const times: number[] = [];
		for (let i = 0; i < 7; i++) {
			const t = performance.now();
			pass();
			times.push(((performance.now() - t) * 1000) / numbers.length);
		}
		us[name] = median(times);
	}
	for (const [name, label] of [['optOut', 'Opt-out lookup'], ['quietHours', 'Quiet-hours decision']]) {
		rows.push({
			figure: `5${name === 'optOut' ? 'c' : 'd'}. ${label} alone, per text (the node's code without n8n; ${fmt(numbers.length)} numbers, 20 countries)`,
			measured: `${fmt(us[name], 2)} µs`,
			baseline: `${fmt(plainUsPerText)} µs (a plain send, per text, 5a)`,
			ratio: fmt(us[name] / plainUsPerText, 4),
			target: '',
		});
	}
	notes.push(
		`Checks alone: formatting the To Number (done for every text anyway) took ${fmt(us.format, 2)} µs per text in the same passes; reading the ${fmt(OPTED_OUT_COUNT)}-number list into its set took ${fmt(listMs)} ms (once per run).`,
	);
}

/** A node run with the given parameters; every item must be sent. */
async function nodeRunWith(sim: SimulatorProcess, items: INodeExecutionData[], parameters: INodeParameters): Promise<number> {
	await sim.takeCounts();
	const { ms, value } = await timed(() => sendWithNode(sim, items, parameters));
	assertInOrder(items, value, e164Of(items));
	await checkCount(sim, items.length, `compliance run, ${items.length} items`);
	return ms;
}

function formattingAndImport(): void {
	log('Number formatting…');
	const format = measureFormatting();
	rows.push({
		figure: `3a. Number formatting, after warm-up (${fmt(format.numbers)} numbers, ${format.countries} countries, 3 notations)`,
		measured: `${fmt(format.nodeUs, 2)} µs/number`,
		baseline: `${fmt(format.libraryUs, 2)} µs (libphonenumber-js direct)`,
		ratio: fmt(format.nodeUs / format.libraryUs, 2),
		target: '≤ 20 µs',
		pass: format.nodeUs <= 20,
	});
	log('Import time (fresh processes)…');
	const imports = measureImport();
	rows.push({
		figure: `3b. Extra time to import ${path.relative(PACKAGE_DIR, BUILT_NODE)} (median of ${imports.runs} fresh processes)`,
		measured: `${imports.extraMs < 0 ? '−' : '+'}${fmt(Math.abs(imports.extraMs), 1)} ms`,
		baseline: `${fmt(imports.workflowMs, 1)} ms (n8n-workflow alone)`,
		ratio: fmt(Math.max(0, imports.extraMs) / imports.workflowMs, 2),
		target: '≤ 30 ms',
		pass: imports.extraMs <= 30,
	});
	notes.push(
		`Import: node ${fmt(imports.nodeMs, 1)} ms vs n8n-workflow ${fmt(imports.workflowMs, 1)} ms; libphonenumber-js loaded by the import: ${imports.loadsPhoneLibrary ? 'yes' : 'no (loads on the first number)'}.`,
	);
}

async function memory(sim: SimulatorProcess): Promise<void> {
	log(`Memory, ${fmt(MEMORY_ITEMS)} items (child process, --expose-gc, response delay ${MEMORY_DELAY_MS} ms)…`);
	await sim.setDelay(MEMORY_DELAY_MS);
	let result: MemoryResult;
	try {
		await sim.takeCounts();
		result = await measureMemory(sim, MEMORY_ITEMS);
		// The IO Phone node's run, with its warm-up run.
		await checkCount(sim, (MEMORY_ITEMS + Math.min(MEMORY_ITEMS, WARM_UP_ITEMS)), 'memory runs (with their warm-ups)');
	} finally {
		await sim.setDelay(DELAY_MS);
	}
	const ratio = result.peakBytes / result.inputBytes;
	const share = result.peakBytes - result.engineBytes;
	rows.push({
		figure: `4. Peak live memory during a ${fmt(MEMORY_ITEMS)}-item run (n8n's engine + node)`,
		measured: mb(result.peakBytes),
		baseline: `${mb(result.inputBytes)} (the input items)`,
		ratio: `${fmt(ratio, 2)}×`,
		// Information: n8n's copy of the input items plus IO Phone's answers already exceed 2×.
		target: '',
	});
	rows.push({
		figure: `   The node's share: run − a pass-through node's run (${mb(result.engineBytes)}, n8n's engine alone)`,
		measured: mb(share),
		baseline: `${mb(result.inputBytes)} (the input items)`,
		ratio: `${fmt(share / result.inputBytes, 2)}×`,
		target: '≤ 2.00×',
		pass: share / result.inputBytes <= 2,
	});
	rows.push({
		figure: `   Of which the node's output items (what the finished run still holds)`,
		measured: mb(result.retainedAfterBytes),
		baseline: `${mb(result.inputBytes)} (the input items)`,
		ratio: `${fmt(result.retainedAfterBytes / result.inputBytes, 2)}×`,
		target: '',
	});
	notes.push(
		`Memory: live data after forced full GCs (heapUsed + external − code space), sampled every 0.5 s (${result.samples} samples) over the ${fmt(result.runMs / 1000, 1)} s run, response delay ${MEMORY_DELAY_MS} ms; input items parsed from JSON, ${fmt(result.inputBytes / MEMORY_ITEMS)} bytes each.`,
	);
}

const loadAverage = () => os.loadavg()[0].toFixed(2);

async function main(): Promise<void> {
	const started = new Date();
	const loadBefore = loadAverage();
	benchPackage();
	const sim = await SimulatorProcess.start(DELAY_MS);
	try {
		if (ONLY.includes('throughput')) await throughput(sim);
		if (ONLY.includes('concurrency')) await concurrency(sim);
		if (ONLY.includes('compliance')) await compliance(sim);
		if (ONLY.includes('startup')) formattingAndImport();
		if (ONLY.includes('memory')) await memory(sim);
	} finally {
		await sim.close();
	}
	const seconds = (Date.now() - started.getTime()) / 1000;

	console.log('');
	console.log(`IO Phone send node benchmark — ${started.toISOString()}`);
	console.log(`Machine: ${machine()}`);
	console.log(`Load average (1 min): ${loadBefore} at the start, ${loadAverage()} at the end, on ${os.cpus().length} cores.`);
	if (PACKAGE_DIR !== ROOT) console.log(`Package measured: ${PACKAGE_DIR}`);
	console.log(
		`Simulator: child process on 127.0.0.1, response delay ${DELAY_MS} ms. Items: contact records, 20 countries; To Number and Text are expressions ({{ $json.phone }}, a 100-character reminder).`,
	);
	console.log('');
	printTable();
	console.log('');
	for (const note of notes) console.log(note);
	if (Math.max(Number(loadBefore), Number(loadAverage())) > os.cpus().length * 0.75) {
		console.log('WARNING: the machine was busy with other work during the run; time figures are not reliable.');
	}
	if (process.argv.includes('--strict') && rows.some((row) => row.pass === false)) process.exitCode = 1;
	console.log(`Total time ${fmt(seconds)} s.`);
}

main().catch((error: Error) => {
	console.error(error.stack ?? error.message);
	process.exitCode = 1;
});
