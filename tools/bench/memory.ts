/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * Peak memory of the send node over N items, measured in a fresh process started with
 * --expose-gc (so nothing else the benchmark did is on the heap).
 *
 * "Memory" is live data: `heapUsed + external − code space` right after a forced full GC.
 * Garbage waiting to be collected is not counted (it depends on when V8 chooses to collect,
 * not on what the node keeps), nor is compiled code (it depends on what V8 optimises).
 *
 * - input    = live memory with the N input items − live memory without them: the retained
 *              size of the items array (median of three build/drop rounds). Items are parsed
 *              from JSON, as n8n gets them from an HTTP Request, a database or a spreadsheet node.
 * - peak     = the largest live memory seen while a run goes − live memory just before it
 *              (items already built). Sampled every SAMPLE_MS by a timer that forces a GC, and
 *              once when the run has returned, with its whole result (output and n8n's run
 *              data) still referenced. Everything counts: n8n's engine, prepared request
 *              bodies, requests in flight, output items.
 * - engine   = the same for a pass-through node (returns its input) over the same items: what
 *              n8n's engine itself keeps for N items whatever the node does. (n8n 2.x copies
 *              every input item to add its paired-item lineage before the node runs.)
 * - node's share = peak − engine.
 *
 * Before the baseline, a warm-up run of up to 3,000 items loads every lazily loaded module
 * (libphonenumber-js, n8n's request stack) and lets V8 build its type feedback for the hot
 * code: without it, ~3 MB of one-time V8 and module state would count as the node's memory.
 */
import { fork } from 'node:child_process';
import path from 'node:path';
import v8 from 'node:v8';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { runNode } from '../harness';
import type { LoadedPackage, RunNodeResult } from '../harness';
import { benchPackage, runSendNode } from './senders';
import type { SimulatorProcess } from './simulator-process';
import { contactItems, sendParameters } from '../simulator/workload';

const SAMPLE_MS = 500;
export const WARM_UP_ITEMS = 3000;

export interface MemoryResult {
	items: number;
	inputBytes: number;
	/** Peak of the IO Phone node's run. */
	peakBytes: number;
	/** Peak of a pass-through node's run over the same items: n8n's engine alone. */
	engineBytes: number;
	/** Live memory the finished IO Phone run holds (its output and n8n's run data) while referenced. */
	retainedAfterBytes: number;
	samples: number;
	runMs: number;
}

/** Runs the measurement in a child process against the given simulator. */
export async function measureMemory(sim: SimulatorProcess, items: number): Promise<MemoryResult> {
	const child = fork(path.join(__dirname, '..', 'run-ts.js'), [__filename, '--child'], {
		execArgv: ['--expose-gc'],
		env: { ...process.env, BENCH_SIM_URL: sim.baseUrl, BENCH_SIM_KEY: sim.apiKey, BENCH_ITEMS: String(items) },
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	return await new Promise((resolve, reject) => {
		let result: MemoryResult | undefined;
		child.once('message', (message: MemoryResult | { error: string }) => {
			if ('error' in message) reject(new Error(`Memory run failed: ${message.error}`));
			else result = message;
		});
		child.once('exit', (code) => (result ? resolve(result) : reject(new Error(`Memory run exited (${code})`))));
	});
}

/** Returns its input: a run of it is what n8n's engine keeps for the items by itself. */
class BenchPassThrough implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bench Pass Through',
		name: 'benchPassThrough',
		group: ['transform'],
		version: 1,
		description: 'Returns its input items',
		defaults: { name: 'Bench Pass Through' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/** Live data after a full GC (twice when `settle`, so weak references and finalizers are done too). */
function live(settle = false): number {
	const gc = (globalThis as { gc?: () => void }).gc;
	if (!gc) throw new Error('Run with --expose-gc');
	gc();
	if (settle) gc();
	const { heapUsed, external } = process.memoryUsage();
	const code = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'code_space')?.space_used_size ?? 0;
	return heapUsed + external - code;
}

/** Peak live memory over `run` above `base`; the run's result stays referenced for the last sample. */
async function peakDuring(base: number, run: () => Promise<RunNodeResult>) {
	let peak = base;
	let samples = 0;
	const start = performance.now();
	const sampler = setInterval(() => {
		const now = live(true);
		if (process.env.BENCH_MEMORY_TRACE) {
			process.stderr.write(`${Math.round(performance.now() - start)} ms ${((now - base) / 1048576).toFixed(2)} MB\n`);
		}
		peak = Math.max(peak, now);
		samples++;
	}, SAMPLE_MS);
	let result: RunNodeResult | undefined = await run();
	const ms = performance.now() - start;
	clearInterval(sampler);
	const after = live(true);
	const outputs = result.items.length;
	result = undefined;
	return { peak: Math.max(peak, after) - base, after: after - base, samples: samples + 1, ms, outputs };
}

/**
 * Runs and forgets. Not inline in child(): an awaited value can stay in the async function's
 * frame until V8 reuses that slot, so a warm-up result could be counted in the baseline and
 * then freed during the measured run.
 */
async function warmUp(run: () => Promise<RunNodeResult>): Promise<void> {
	await run();
}

async function child(): Promise<MemoryResult> {
	const count = Number(process.env.BENCH_ITEMS);
	const sim = { baseUrl: process.env.BENCH_SIM_URL!, apiKey: process.env.BENCH_SIM_KEY! };
	const pkg: LoadedPackage = benchPackage({ nodes: [BenchPassThrough] });
	const passThrough = (items: INodeExecutionData[]) =>
		runNode({ type: `${pkg.packageName}.benchPassThrough`, parameters: {}, items, pkg });
	const send = (items: INodeExecutionData[]) => runSendNode(sim, items, sendParameters());

	await warmUp(() => send(contactItems(Math.min(count, WARM_UP_ITEMS))));
	await warmUp(() => passThrough(contactItems(Math.min(count, WARM_UP_ITEMS))));

	// Input size: live memory with the items − without them, twice (build, drop, build again).
	const sizes: number[] = [];
	let items: INodeExecutionData[] = [];
	let without = live(true);
	for (let round = 0; round < 3; round++) {
		items = contactItems(count);
		sizes.push(live(true) - without);
		if (round === 2) break;
		items = [];
		without = live(true);
	}
	const withItems = live(true);
	const inputBytes = sizes.sort((x, y) => x - y)[1];

	// The node first: its base is then exactly "the items built", as for the input figure.
	const node = await peakDuring(withItems, () => send(items));
	const engine = await peakDuring(live(true), () => passThrough(items));
	if (process.env.BENCH_MEMORY_TRACE) {
		const mb = (bytes: number) => `${(bytes / 1048576).toFixed(2)} MB`;
		process.stderr.write(`IO Phone node: peak ${mb(node.peak)}, kept ${mb(node.after)}, pass-through: peak ${mb(engine.peak)}\n`);
	}
	if (node.outputs !== count) throw new Error(`Expected ${count} outputs, got ${node.outputs}`);
	items = [];

	return {
		items: count,
		inputBytes,
		peakBytes: node.peak,
		engineBytes: engine.peak,
		retainedAfterBytes: node.after,
		samples: node.samples,
		runMs: node.ms,
	};
}

if (process.argv[1] === __filename && process.argv[2] === '--child') {
	child().then(
		(result) => process.send?.(result, undefined, {}, () => process.exit(0)),
		(error: Error) => process.send?.({ error: error.stack ?? error.message }, undefined, {}, () => process.exit(1)),
	);
}
