/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/** Measured figures, printed once at the end of the suite. */

const figures: Array<[string, string]> = [];

export function record(label: string, value: string | number): void {
	figures.push([label, typeof value === 'number' ? `${value} ms` : value]);
}

export function summarize(samples: number[]): string {
	if (samples.length === 0) return 'n/a';
	const sorted = [...samples].sort((a, b) => a - b);
	const median = sorted[Math.floor(sorted.length / 2)];
	return `median ${median} ms, min ${sorted[0]} ms, max ${sorted[sorted.length - 1]} ms (n=${samples.length})`;
}

export function printFigures(title: string): void {
	if (figures.length === 0) return;
	const width = Math.max(...figures.map(([label]) => label.length));
	const lines = figures.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`);
	process.stdout.write(`\n${title}\n${lines.join('\n')}\n\n`);
}

/**
 * For afterAll: stops n8n and then the rest (each even when one before it fails), then prints the
 * figures under `title` (a function: it reads the n8n version, known only once n8n started).
 */
export async function stopAndPrintFigures(title: () => string, ...stops: Array<() => unknown>): Promise<void> {
	let failure: unknown;
	for (const stop of stops) await Promise.resolve().then(stop).catch((error: unknown) => (failure ??= error));
	printFigures(title());
	if (failure) throw failure;
}
