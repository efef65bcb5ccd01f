/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * Number formatting cost (the node's phone helper, from its source) and the import cost of
 * the built node (dist/, so run `npm run build` first).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

import { PACKAGE_DIR } from './senders';
import { numberSamples } from '../simulator/workload';

export const ROOT = path.resolve(__dirname, '..', '..');
/** The built send node, in the package under test. */
export const BUILT_NODE = path.join(PACKAGE_DIR, 'dist', 'nodes', 'IoPhone', 'IoPhone.node.js');
const PHONE_HELPER = path.join(ROOT, 'nodes', 'shared', 'phone.ts');

export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface FormatResult {
	/** µs per number through the node's toE164 (nodes/shared/phone.ts). */
	nodeUs: number;
	/** µs per number calling libphonenumber-js directly: parse, isValid, number. */
	libraryUs: number;
	numbers: number;
	countries: number;
}

/**
 * µs per number, after warm-up, over 3,000 valid mobile numbers of 20 countries written
 * three ways (E.164, international with spaces, national + country). Median of 7 passes.
 */
export function measureFormatting(): FormatResult {
	const { toE164 } = require(PHONE_HELPER) as { toE164: (value: string, country: string) => { ok: boolean } };
	const samples = numberSamples(3000, 3);
	const viaNode = () => {
		let ok = 0;
		for (const { written, country } of samples) if (toE164(written, country).ok) ok++;
		return ok;
	};
	const direct = () => {
		let ok = 0;
		for (const { written, country } of samples) {
			const parsed = parsePhoneNumberFromString(written, country as CountryCode);
			if (parsed && !parsed.ext && parsed.isValid() && parsed.number) ok++;
		}
		return ok;
	};
	const perNumberUs = (fn: () => number) => {
		for (let i = 0; i < 5; i++) fn(); // warm-up: metadata loaded, code optimised
		const passes: number[] = [];
		for (let i = 0; i < 7; i++) {
			const start = performance.now();
			const ok = fn();
			passes.push(((performance.now() - start) * 1000) / samples.length);
			if (ok !== samples.length) throw new Error(`Only ${ok} of ${samples.length} numbers were valid`);
		}
		return median(passes);
	};
	// Alternate, so neither gets a systematically warmer machine.
	const node: number[] = [];
	const library: number[] = [];
	for (let round = 0; round < 3; round++) {
		node.push(perNumberUs(viaNode));
		library.push(perNumberUs(direct));
	}
	return {
		nodeUs: median(node),
		libraryUs: median(library),
		numbers: samples.length,
		countries: new Set(samples.map((s) => s.country)).size,
	};
}

export interface ImportResult {
	/** Median ms to require n8n-workflow in a fresh process. */
	workflowMs: number;
	/** Median ms to require the built node (which requires n8n-workflow) in a fresh process. */
	nodeMs: number;
	/** Median over the runs of (node − n8n-workflow), each pair run back to back. */
	extraMs: number;
	runs: number;
	/** Whether importing the node loaded libphonenumber-js (it should load on first use only). */
	loadsPhoneLibrary: boolean;
}

function timeRequire(target: string): { ms: number; phoneLib: boolean } {
	const script = `
		const start = performance.now();
		require(${JSON.stringify(target)});
		const ms = performance.now() - start;
		const phoneLib = Object.keys(require.cache).some((file) => file.includes('libphonenumber-js'));
		process.stdout.write(JSON.stringify({ ms, phoneLib }));`;
	const out = execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
	return JSON.parse(out) as { ms: number; phoneLib: boolean };
}

/** Import times in fresh child processes, alternating the two, median of `runs` each. */
export function measureImport(runs = 9): ImportResult {
	const workflow: number[] = [];
	const node: number[] = [];
	let loadsPhoneLibrary = false;
	timeRequire(BUILT_NODE); // warm the file system cache
	for (let i = 0; i < runs; i++) {
		workflow.push(timeRequire('n8n-workflow').ms);
		const result = timeRequire(BUILT_NODE);
		node.push(result.ms);
		loadsPhoneLibrary ||= result.phoneLib;
	}
	const extraMs = median(node.map((ms, i) => ms - workflow[i]));
	return { workflowMs: median(workflow), nodeMs: median(node), extraMs, runs, loadsPhoneLibrary };
}
