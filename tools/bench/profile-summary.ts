/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * `node tools/run-ts.js tools/bench/profile-summary.ts <file.cpuprofile> [pattern…]`: where a V8 CPU
 * profile (node --cpu-prof, e.g. from IOPHONE_BENCH_CPU_PROF with bench:queue) spent its time.
 * Prints the busiest functions by self time, then, per pattern (a regular expression on
 * "function file:line"), the time inside matching functions with everything they called
 * (counted once where matches nest), e.g. `DeduplicationHelper` or `sent-ledger`.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}

interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
	startTime: number;
	endTime: number;
}

const [file, ...patterns] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [pattern…]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

/** Microseconds of samples per node (each sample's time is the delta to the next). */
const selfUs = new Map<number, number>();
profile.samples.forEach((id, k) => {
	const dt = profile.timeDeltas[k + 1] ?? 0;
	selfUs.set(id, (selfUs.get(id) ?? 0) + dt);
});
const label = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.replace(/^.*node_modules\//, '')}:${n.callFrame.lineNumber + 1}`;
const totalUs = profile.endTime - profile.startTime;
const idle = [...selfUs].filter(([id]) => ['(idle)', '(program)'].includes(byId.get(id)!.callFrame.functionName)).reduce((s, [, us]) => s + us, 0);
const ms = (us: number) => `${(us / 1000).toFixed(0)} ms`;

const out: string[] = [`${file}: ${ms(totalUs)} profiled, ${ms(totalUs - idle)} busy (not idle or "(program)")`, '', 'Busiest functions (self time):'];
const selfByLabel = new Map<string, number>();
for (const [id, us] of selfUs) {
	const name = label(byId.get(id)!);
	selfByLabel.set(name, (selfByLabel.get(name) ?? 0) + us);
}
for (const [name, us] of [...selfByLabel].sort((a, b) => b[1] - a[1]).slice(0, 25)) out.push(`  ${ms(us).padStart(9)}  ${name}`);

for (const pattern of patterns) {
	const re = new RegExp(pattern);
	let inside = 0;
	for (const [id, us] of selfUs) {
		// A sample counts when it, or any caller of it, matches.
		for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
			if (re.test(label(byId.get(at)!))) {
				inside += us;
				break;
			}
		}
	}
	out.push('', `Inside /${pattern}/ (with what it called): ${ms(inside)} (${((100 * inside) / (totalUs - idle)).toFixed(1)} % of busy time)`);
}
process.stdout.write(`${out.join('\n')}\n`);
