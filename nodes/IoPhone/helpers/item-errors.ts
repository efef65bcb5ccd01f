import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';

/**
 * Where an error becomes what n8n shows: every operation throws and outputs its errors through
 * these, so a failed item looks the same whichever operation it went through.
 */

/** A problem with one input item's fields, its message ending in `[item N]`. */
export function itemError(ctx: IExecuteFunctions, itemIndex: number, message: string, description?: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `${message} [item ${itemIndex}]`, { itemIndex, description });
}

/**
 * A problem with one input item after part of its work was done (some texts of a split text went
 * out): `fields` say what was done. They go into its Continue On Fail item, and into the error's
 * context, which n8n keeps with a failed execution.
 */
export function partlyDoneError(ctx: IExecuteFunctions, itemIndex: number, message: string, description: string, fields: IDataObject): NodeOperationError {
	const error = itemError(ctx, itemIndex, message, description);
	error.context.itemFields = fields;
	return error;
}

/**
 * The error as the node throws it: n8n's node errors as they are (a request's NodeApiError keeps
 * IO Phone's message and status); anything else as an API error of the item.
 */
export function nodeError(ctx: IExecuteFunctions, error: unknown, itemIndex: number): NodeOperationError | NodeApiError {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	return new NodeApiError(ctx.getNode(), error as JsonObject, { itemIndex });
}

/**
 * Continue On Fail: the output item of a failed input item, paired to it, with the error's message,
 * description and HTTP status, and what was done before it failed (partlyDoneError).
 */
export function errorItem(error: unknown, itemIndex: number): INodeExecutionData {
	const { message, description, httpCode, context } = error as Error & { description?: string | null; httpCode?: string | null; context?: IDataObject };
	const json: IDataObject = { error: message };
	if (description) json.description = description;
	if (httpCode) json.httpCode = httpCode;
	const done = context?.itemFields;
	if (typeof done === 'object' && done !== null) Object.assign(json, done);
	return { json, pairedItem: { item: itemIndex } };
}
