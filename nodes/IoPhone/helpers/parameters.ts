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
	const value = readValue(ctx, name, label, itemIndex, fallback);
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number' || typeof value === 'bigint') return String(value);
	throw new NodeOperationError(
		ctx.getNode(),
		`${label} must be text, but the value is ${describeValue(value)} [item ${itemIndex}]`,
		{ itemIndex, description: `Check the expression in "${label}" for item ${itemIndex}.` },
	);
}

/** A parameter's resolved value; an expression that does not resolve fails naming the field and the item. */
export function readValue(ctx: IExecuteFunctions, name: string, label: string, itemIndex: number, fallback: unknown): unknown {
	try {
		return ctx.getNodeParameter(name, itemIndex, fallback);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `${label} could not be resolved: ${(error as Error).message} [item ${itemIndex}]`, {
			itemIndex,
			description: `Check the expression in "${label}" for item ${itemIndex}.`,
		});
	}
}

/** A numeric option (read for item 0): a finite number of at least `min`, else an error naming the field. */
export function readNumber(ctx: IExecuteFunctions, name: string, label: string, fallback: number, min: number): number {
	const value = readValue(ctx, name, label, 0, fallback) ?? fallback;
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number === 'number' && Number.isFinite(number) && number >= min) return number;
	const shown = typeof value === 'number' ? String(value) : typeof value === 'string' ? JSON.stringify(value) : describeValue(value);
	throw new NodeOperationError(
		ctx.getNode(),
		`${label} must be a number of at least ${min}, but the value is ${shown} [item 0]`,
		{ itemIndex: 0, description: `Check "${label}" under Options.` },
	);
}

function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'boolean') return `${value} (a boolean)`;
	if (typeof value === 'object') return 'an object';
	return `a ${typeof value}`;
}

export function itemError(ctx: IExecuteFunctions, itemIndex: number, message: string, description?: string) {
	return new NodeOperationError(ctx.getNode(), `${message} [item ${itemIndex}]`, { itemIndex, description });
}
