import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * A string parameter as the user meant it: numbers from expressions become text, while
 * null, arrays and objects are refused with an error that names the field and the item.
 */
export function readText(
	ctx: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
	fallback = '',
): string {
	const value = ctx.getNodeParameter(name, itemIndex, fallback) as unknown;
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'bigint') return String(value);
	throw new NodeOperationError(
		ctx.getNode(),
		`${label} must be text, but the value is ${Array.isArray(value) ? 'a list' : typeof value} [item ${itemIndex}]`,
		{ itemIndex, description: `Check the expression in "${label}" for item ${itemIndex}.` },
	);
}

export function itemError(ctx: IExecuteFunctions, itemIndex: number, message: string, description?: string) {
	return new NodeOperationError(ctx.getNode(), `${message} [item ${itemIndex}]`, { itemIndex, description });
}
