import { isExpression, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * A string parameter as the user meant it: numbers from expressions become text, while
 * null, arrays and objects are refused with an error that names the field and the item.
 */
function toText(ctx: IExecuteFunctions, value: unknown, label: string, itemIndex: number): string {
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

/**
 * Reads one node's parameters for every item of an execution. A parameter with no expression
 * in it has the same value for every item, so it is resolved once and reused: n8n's
 * getNodeParameter copies and checks the value on every call, which adds up over 10,000
 * items. A parameter with an expression anywhere in it is resolved for each item, as usual.
 */
export class ItemParameters {
	private readonly fixed = new Map<string, unknown>();

	constructor(private readonly ctx: IExecuteFunctions) {}

	value(name: string, label: string, itemIndex: number, fallback: unknown): unknown {
		if (this.fixed.has(name)) return this.fixed.get(name);
		const value = readValue(this.ctx, name, label, itemIndex, fallback);
		if (!hasExpression(this.ctx.getNode().parameters, name)) this.fixed.set(name, value);
		return value;
	}

	text(name: string, label: string, itemIndex: number, fallback = ''): string {
		return toText(this.ctx, this.value(name, label, itemIndex, fallback), label, itemIndex);
	}
}

/** Whether the raw parameter at `path` (dotted, as getNodeParameter takes it) is or holds an expression. */
export function hasExpression(parameters: unknown, path: string): boolean {
	let value = parameters;
	for (const key of path.split('.')) {
		if (isExpression(value)) return true;
		if (typeof value !== 'object' || value === null) return false;
		value = (value as Record<string, unknown>)[key];
	}
	return containsExpression(value);
}

function containsExpression(value: unknown): boolean {
	if (isExpression(value)) return true;
	if (typeof value !== 'object' || value === null) return false;
	return Object.values(value).some(containsExpression);
}
