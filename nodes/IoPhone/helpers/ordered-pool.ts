import { sleep } from 'n8n-workflow';

interface PoolOptions {
	/** How many tasks run at once (at least 1). */
	concurrency: number;
	/** When above 0, tasks run in batches of `concurrency` with this pause (ms) between batches. */
	pauseBetweenBatchesMs?: number;
}

/**
 * Runs task(0..count-1) with bounded concurrency and returns the results in index order,
 * whatever finishes first. On the first rejection no new task starts; the running ones
 * settle, then that rejection is thrown.
 */
export async function runInOrder<R>(
	count: number,
	task: (index: number) => Promise<R>,
	{ concurrency, pauseBetweenBatchesMs = 0 }: PoolOptions,
): Promise<R[]> {
	const width = Math.max(1, Math.floor(concurrency));
	const results = new Array<R>(count);
	if (pauseBetweenBatchesMs > 0) {
		for (let start = 0; start < count; start += width) {
			if (start > 0) await sleep(pauseBetweenBatchesMs);
			const end = Math.min(start + width, count);
			await settleAll(start, end, task, results);
		}
		return results;
	}
	let next = 0;
	let failure: { error: unknown } | undefined;
	const worker = async () => {
		while (!failure && next < count) {
			const index = next++;
			try {
				results[index] = await task(index);
			} catch (error) {
				failure ??= { error };
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(width, count) }, worker));
	if (failure) throw failure.error;
	return results;
}

async function settleAll<R>(start: number, end: number, task: (i: number) => Promise<R>, results: R[]) {
	const settled = await Promise.allSettled(
		Array.from({ length: end - start }, (_, k) => task(start + k)),
	);
	settled.forEach((outcome, k) => {
		if (outcome.status === 'rejected') throw outcome.reason;
		results[start + k] = outcome.value;
	});
}
