import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { errorItem, itemError, nodeError } from './item-errors';
import { runInOrder } from './ordered-pool';
import type { ParameterReader } from './parameters';
import { RateLimiter, readRateLimit } from './rate-limit';

interface BulkOperation<Prepared, Session> {
	/** Reads and checks one item; throws a NodeOperationError for every problem known before sending. */
	prepare(itemIndex: number): Prepared;
	/** Runs once, after every item was checked and before the first request (e.g. reads the credential); with Continue On Fail its error becomes every item's. */
	open(): Promise<Session>;
	/**
	 * Makes the item's request; returns its output JSON. The request itself goes through `paced`
	 * (Options → Max Texts per Second), after every check that may skip the text, so a skipped
	 * text takes no turn.
	 */
	send(prepared: Prepared, itemIndex: number, context: { session: Session; timeout: number; paced: Paced }): Promise<IDataObject>;
	/** Runs once after the last request settled, whether the run succeeded or not (e.g. records what is still queued). */
	close?(session: Session): Promise<void>;
}

type Paced = <T>(request: () => Promise<T>) => Promise<T>;

type Checked<Prepared> = { ok: Prepared } | { error: NodeOperationError };

/**
 * One request per input item, as every bulk operation of this node runs:
 * - the node-wide options (Options → Sends at Once, Pause Between Batches, Max Texts per Second, Timeout) are read first;
 * - every item is checked before any request; without Continue On Fail the first bad item stops the run;
 * - requests run "Sends at Once" at a time, at most "Max Texts per Second" starting in any second, and output items keep the input order;
 * - with Continue On Fail every input item gives exactly one output item, failed ones as an error item.
 */
export async function runBulk<Prepared, Session>(
	ctx: IExecuteFunctions,
	reader: ParameterReader,
	operation: BulkOperation<Prepared, Session>,
): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const continueOnFail = ctx.continueOnFail();
	let timeout: number, concurrency: number, batchInterval: number, maxPerSecond: number | undefined;
	try {
		timeout = reader.number('options.timeout', 1);
		concurrency = reader.number('options.concurrency', 1);
		batchInterval = reader.number('options.batchInterval', 0);
		maxPerSecond = readRateLimit(ctx, reader);
	} catch (error) {
		if (continueOnFail) return items.map((_, i) => errorItem(error, i));
		throw nodeError(ctx, error, 0);
	}
	const checked: Array<Checked<Prepared> | undefined> = items.map((_, i) => check(ctx, operation, i));
	if (!continueOnFail) {
		const invalid = checked.find((c): c is { error: NodeOperationError } => c !== undefined && 'error' in c);
		if (invalid) throw invalid.error;
	}

	let session: Session;
	try {
		session = await operation.open();
	} catch (error) {
		// A problem of the whole run (such as an opted-out list that can't be read), like a bad node-wide option.
		if (continueOnFail) return items.map((_, i) => errorItem(error, i));
		throw nodeError(ctx, error, 0);
	}
	const limiter = maxPerSecond ? new RateLimiter(ctx, maxPerSecond) : undefined;
	const paced: Paced = async (request) => await (limiter ? limiter.paced(request) : request());

	try {
		return await runInOrder(
			items.length,
			async (i) => {
				const item = checked[i] as Checked<Prepared>;
				checked[i] = undefined; // kept only while its own request runs, not until the last one is done
				if ('error' in item) return errorItem(item.error, i);
				try {
					return { json: await operation.send(item.ok, i, { session, timeout, paced }), pairedItem: { item: i } };
				} catch (error) {
					if (continueOnFail) return errorItem(error, i);
					throw nodeError(ctx, error, i);
				}
			},
			{ concurrency, pauseBetweenBatchesMs: batchInterval },
		);
	} finally {
		await operation.close?.(session);
	}
}

function check<Prepared>(ctx: IExecuteFunctions, operation: BulkOperation<Prepared, unknown>, i: number): Checked<Prepared> {
	try {
		return { ok: operation.prepare(i) };
	} catch (error) {
		if (error instanceof NodeOperationError) return { error };
		return { error: itemError(ctx, i, (error as Error).message) };
	}
}
