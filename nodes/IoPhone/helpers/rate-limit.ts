import { NodeOperationError, sleep } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

import { maxPerSecondOption } from '../descriptions/options';
import { itemError } from './item-errors';
import type { ParameterReader } from './parameters';
import { describeValue } from './values';

const WINDOW_MS = 1000;
/** For clock rounding: the node's monotonic clock against IO Phone's wall clock, whole-millisecond timers. */
const CLOCK_MARGIN_MS = 5;

/**
 * Options → Max Texts per Second: a sliding window of `limit` turns. A request starts only once
 * the request `limit` turns before it was answered (or failed) more than a second ago.
 *
 * Why answered, not started: a carrier counts when IO Phone receives a request, which trails the
 * node's start by a delay that varies (the event loop, the network, a burst of requests being
 * built one after another). IO Phone received a request before it answered it, and receives the
 * next one after the node starts it, so the two are more than a second apart at IO Phone whatever
 * the delays: no second holds more than `limit` requests, bursts included. The price is the time
 * IO Phone takes to answer, added to each second.
 *
 * Turns are given one at a time in the order they are asked for, whichever pool worker asks. The
 * limiter only delays: a request is never dropped or repeated because of it.
 */
export class RateLimiter {
	/** When each of the last `limit` requests settled (performance.now()), the oldest at `next % limit`. */
	private readonly settled: Array<Promise<number>> = [];
	private next = 0;
	private queue: Promise<void> = Promise.resolve();

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly limit: number,
	) {}

	/** Runs `request` in its turn; call it with the request alone, after anything that may skip the text. */
	async paced<T>(request: () => Promise<T>): Promise<T> {
		let settle = () => {};
		const settled = new Promise<number>((resolve) => (settle = () => resolve(performance.now())));
		const turn = this.queue.then(async () => await this.take(settled));
		this.queue = turn.catch(() => undefined);
		await turn;
		try {
			return await request();
		} finally {
			settle();
		}
	}

	private async take(settled: Promise<number>): Promise<void> {
		const slot = this.next % this.limit;
		const previous = this.settled[slot];
		if (previous !== undefined) {
			const opensAt = (await previous) + WINDOW_MS + CLOCK_MARGIN_MS;
			// Timers may fire a little early: sleep again until the window is really open.
			for (let wait = opensAt - performance.now(); wait > 0; wait = opensAt - performance.now()) {
				// A stopped execution does not sit out its remaining turns.
				if (this.ctx.getExecutionCancelSignal?.()?.aborted) {
					throw new NodeOperationError(this.ctx.getNode(), 'The execution was stopped before this text was sent');
				}
				await sleep(wait);
			}
		}
		this.settled[slot] = settled;
		this.next++;
	}
}

/**
 * Options → Max Texts per Second as a whole number; 0 or empty means no limit (undefined).
 * A fraction is refused rather than rounded: 0.5 rounded down would lift the limit entirely.
 */
export function readRateLimit(ctx: IExecuteFunctions, reader: ParameterReader): number | undefined {
	const name = `options.${maxPerSecondOption.name}`;
	const value = reader.value(name, 0);
	if (value === undefined || value === null || value === '') return undefined;
	const limit = reader.number(name, 0);
	if (Number.isInteger(limit)) return limit > 0 ? limit : undefined;
	const label = maxPerSecondOption.displayName;
	throw itemError(ctx, 0, `${label} must be a whole number, but the value is ${describeValue(limit)}`, `Check "${label}" under Options.`);
}
