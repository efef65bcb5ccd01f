#!/usr/bin/env node
/**
 * Measures what users pay for this package, from the current dist/ (run `npm run build` first):
 *
 * - the tarball `npm pack` would publish (packed and unpacked size, file count, runtime
 *   dependencies and, if any, what `npm install` adds for them);
 * - the load time of each node file listed in package.json's `n8n` section: fresh
 *   `node -e` processes, median of RUNS runs, `require(<node file>)` minus `require('n8n-workflow')`
 *   alone (the peer dependency n8n has loaded anyway);
 * - the first phone-number check (libphonenumber-js loads lazily on first use).
 *
 * Usage: node scripts/measure-package.mjs [--runs 15] [--json]
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 15;
const asJson = args.includes('--json');

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

function pack() {
	const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
	const [info] = JSON.parse(out);
	return { file: info.filename, packedBytes: info.size, unpackedBytes: info.unpackedSize, files: info.entryCount };
}

/** Milliseconds a fresh Node process spends in `code` (timed inside the process). */
function timeInFreshProcess(code, setup = '') {
	const script = `${setup};const t=process.hrtime.bigint();${code};process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6));`;
	return Number(execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' }));
}

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function medianOf(code, setup) {
	const samples = [];
	for (let i = 0; i < RUNS; i++) samples.push(timeInFreshProcess(code, setup));
	return median(samples);
}

const req = (file) => `require(${JSON.stringify(path.join(ROOT, file))})`;

const result = { runs: RUNS, tarball: pack(), dependencies: Object.keys(pkg.dependencies ?? {}), load: {} };

// Interleaved samples (baseline, node, node after peer) so machine-load drift hits all three alike.
const files = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
const samples = { baseline: [] };
for (const file of files) samples[file] = { total: [], paired: [], afterPeer: [] };
for (let i = 0; i < RUNS; i++) {
	for (const file of files) {
		const base = timeInFreshProcess(`require('n8n-workflow')`);
		const total = timeInFreshProcess(req(file));
		samples.baseline.push(base);
		samples[file].total.push(total);
		samples[file].paired.push(total - base);
		// Less noisy cross-check: the same require timed after n8n-workflow is already loaded.
		samples[file].afterPeer.push(timeInFreshProcess(req(file), `require('n8n-workflow')`));
	}
}
const baseline = median(samples.baseline);
result.load.n8nWorkflowMs = round(baseline);
for (const file of files) {
	const total = median(samples[file].total);
	result.load[file] = {
		totalMs: round(total),
		ownMs: round(total - baseline),
		pairedOwnMs: round(median(samples[file].paired)),
		afterPeerMs: round(median(samples[file].afterPeer)),
	};
}

// First number formatted: the phone library loads here (lazily), not when n8n loads the node.
// The node's execute path is not reachable without n8n, so time the same require the node does.
const phone = firstPhoneUse();
if (phone) result.load.firstPhoneCheck = phone;

function firstPhoneUse() {
	const bundled = path.join(ROOT, 'dist', 'vendor', 'libphonenumber-js.js');
	let from = 'libphonenumber-js/min';
	try {
		readFileSync(bundled);
		from = bundled;
	} catch {
		// not bundled: the node requires the installed dependency
	}
	const check = `require(${JSON.stringify(from)}).parsePhoneNumberFromString('+16142579242').isValid()`;
	return { via: path.relative(ROOT, from) === from ? from : path.relative(ROOT, from), ms: round(medianOf(check)) };
}

function round(n) {
	return Math.round(n * 100) / 100;
}

if (asJson) {
	console.log(JSON.stringify(result, null, 2));
} else {
	const t = result.tarball;
	console.log(`${t.file}: ${t.packedBytes} B packed, ${t.unpackedBytes} B unpacked, ${t.files} files`);
	console.log(`runtime dependencies: ${result.dependencies.length ? result.dependencies.join(', ') : 'none'}`);
	console.log(`load (median of ${RUNS} fresh processes): n8n-workflow alone ${result.load.n8nWorkflowMs} ms`);
	for (const [file, m] of Object.entries(result.load)) {
		if (typeof m === 'object' && 'ownMs' in m) console.log(
				`  ${file}: ${m.totalMs} ms total; own = total - n8n-workflow: ${m.ownMs} ms (median of paired differences ${m.pairedOwnMs} ms); ${m.afterPeerMs} ms with n8n-workflow already loaded`,
			);
	}
	if (phone) console.log(`  first phone check (${phone.via}): ${phone.ms} ms`);
}
