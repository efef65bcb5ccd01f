import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, JsonObject } from 'n8n-workflow';

import { DEFAULT_TIMEOUT_MS } from '../../shared/constants';
import { runInOrder } from './ordered-pool';
import { itemOperationError } from './parameters';
import type { ParameterReader } from './parameters';

const DEFAULT_CONCURRENCY = 16;

/** The node-wide options of every operation that makes one request per item. */
const bulkRunOptions: INodeProperties[] = [
	{
		displayName: 'Pause Between Batches (Milliseconds)',
		name: 'batchInterval',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0 },
		description: 'Milliseconds to wait after each batch of "Sends at Once" texts. 0 sends continuously.',
	},
	{
		displayName: 'Sends at Once',
		name: 'concurrency',
		type: 'number',
		default: DEFAULT_CONCURRENCY,
		typeOptions: { minValue: 1, maxValue: 50 },
		description:
			'How many texts are sent in parallel. 1 sends strictly one after another. Output items always keep the input order.',
	},
	{
		displayName: 'Timeout (Milliseconds)',
		name: 'timeout',
		type: 'number',
		default: DEFAULT_TIMEOUT_MS,
		typeOptions: { minValue: 1000 },
		description:
			'How long to wait for IO Phone to answer a send. A text that times out may still have gone out, so it is not retried.',
	},
];

/** An operation's own options plus the bulk-run ones, in the alphabetical order n8n lists them in. */
export function withBulkRunOptions(options: INodeProperties[]): INodeProperties[] {
	return [...options, ...bulkRunOptions].sort((a, b) => a.displayName.localeCompare(b.displayName, 'en'));
}

export interface BulkOperation<Prepared, Session> {
	/** Reads and checks one item; throws a NodeOperationError for every problem known before sending. */
	prepare(itemIndex: number): Prepared;
	/** Runs once, after every item was checked and before the first request (e.g. reads the credential). */
	open(): Promise<Session>;
	/** Makes the item's request; returns its output JSON. */
	send(prepared: Prepared, itemIndex: number, context: { session: Session; timeout: number }): Promise<IDataObject>;
}

type Checked<Prepared> = { ok: Prepared } | { error: NodeOperationError };

/**
 * One request per input item, as every bulk operation of this node runs:
 * - the node-wide options (Options → Sends at Once, Pause Between Batches, Timeout) are read first;
 * - every item is checked before any request; without Continue On Fail the first bad item stops the run;
 * - requests run "Sends at Once" at a time, and output items keep the input order;
 * - with Continue On Fail every input item gives exactly one output item, failed ones as errorOutputItem.
 */
export async function runBulk<Prepared, Session>(
	ctx: IExecuteFunctions,
	reader: ParameterReader,
	operation: BulkOperation<Prepared, Session>,
): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const continueOnFail = ctx.continueOnFail();
	let timeout: number, concurrency: number, batchInterval: number;
	try {
		timeout = reader.number('options.timeout', 1);
		concurrency = reader.number('options.concurrency', 1);
		batchInterval = reader.number('options.batchInterval', 0);
	} catch (error) {
		if (continueOnFail) return items.map((_, i) => errorOutputItem(error as NodeOperationError, i));
		throw error instanceof NodeOperationError ? error : new NodeOperationError(ctx.getNode(), error as Error);
	}
	const checked: Array<Checked<Prepared> | undefined> = items.map((_, i) => check(ctx, operation, i));
	if (!continueOnFail) {
		const invalid = checked.find((c): c is { error: NodeOperationError } => c !== undefined && 'error' in c);
		if (invalid) throw invalid.error;
	}

	const session = await operation.open();

	return await runInOrder(
		items.length,
		async (i) => {
			const item = checked[i] as Checked<Prepared>;
			checked[i] = undefined; // kept only while its own request runs, not until the last one is done
			if ('error' in item) return errorOutputItem(item.error, i);
			try {
				return { json: await operation.send(item.ok, i, { session, timeout }), pairedItem: { item: i } };
			} catch (error) {
				if (continueOnFail) return errorOutputItem(error as Error, i);
				// Requests throw NodeApiError with IO Phone's message; anything else still reaches n8n as a node error.
				throw error instanceof NodeApiError ? error : new NodeApiError(ctx.getNode(), error as JsonObject, { itemIndex: i });
			}
		},
		{ concurrency, pauseBetweenBatchesMs: batchInterval },
	);
}

function check<Prepared>(ctx: IExecuteFunctions, operation: BulkOperation<Prepared, unknown>, i: number): Checked<Prepared> {
	try {
		return { ok: operation.prepare(i) };
	} catch (error) {
		if (error instanceof NodeOperationError) return { error };
		return { error: itemOperationError(ctx, i, (error as Error).message) };
	}
}

/** The output item of a failed input item (Continue On Fail): its error, description and HTTP status. */
function errorOutputItem(error: Error & { description?: string | null; httpCode?: string | null }, i: number): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if (error.httpCode) json.httpCode = error.httpCode;
	return { json, pairedItem: { item: i } };
}
