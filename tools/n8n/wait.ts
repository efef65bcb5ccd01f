/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/** Bounded waiting: every wait in the e2e suite and the dev script goes through here. */

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface WaitOptions {
	/** Give up after this many milliseconds (required: no wait is unbounded). */
	timeoutMs: number;
	/** Pause between attempts. Default 200 ms. */
	intervalMs?: number;
	/** What is awaited, for the timeout message. */
	what: string;
}

/**
 * Calls `probe` until it returns something other than undefined/false, and returns that.
 * Errors thrown by `probe` count as "not yet" (the last one is quoted when the wait times out),
 * except errors with `fatal: true`, which end the wait at once.
 */
export async function waitFor<T>(probe: () => Promise<T | undefined | false> | T | undefined | false, options: WaitOptions): Promise<T> {
	const { timeoutMs, intervalMs = 200, what } = options;
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown;
	for (;;) {
		try {
			const value = await probe();
			if (value !== undefined && value !== false) return value as T;
		} catch (error) {
			if ((error as { fatal?: boolean })?.fatal) throw error;
			lastError = error;
		}
		if (Date.now() >= deadline) {
			const detail = lastError ? ` (last error: ${(lastError as Error).message ?? String(lastError)})` : '';
			throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
		}
		await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())));
	}
}

/** Rejects when `promise` takes longer than `timeoutMs`. */
export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	try {
		return await Promise.race([
			promise,
			new Promise<never>((_, reject) => {
				timer = setTimeout(() => reject(new Error(`Timed out after ${timeoutMs} ms: ${what}`)), timeoutMs);
			}),
		]);
	} finally {
		clearTimeout(timer);
	}
}
