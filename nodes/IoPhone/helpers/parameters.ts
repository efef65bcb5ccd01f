import { isExpression, NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeProperties, INodePropertyCollection } from 'n8n-workflow';

import { itemError } from './item-errors';
import { describeValue, numberFrom } from './values';

interface Field {
	property: INodeProperties;
	/** Display name of the collection the field sits in (Options, Additional Fields…). */
	section?: string;
}

/**
 * Every parameter of an operation by the path getNodeParameter takes: 'additionalFields.country',
 * and through a fixed collection's group 'approvalOptions.values.approveLabel'.
 */
function fieldsOf(properties: INodeProperties[], prefix = '', section?: string, fields = new Map<string, Field>()) {
	for (const property of properties) {
		const path = prefix + property.name;
		fields.set(path, { property, section });
		if (property.type === 'collection') {
			fieldsOf((property.options ?? []) as INodeProperties[], `${path}.`, property.displayName, fields);
		}
		if (property.type === 'fixedCollection') {
			for (const group of (property.options ?? []) as INodePropertyCollection[]) {
				const groupDefault = property.typeOptions?.multipleValues ? [] : {};
				fields.set(`${path}.${group.name}`, { property: { ...property, default: groupDefault }, section });
				fieldsOf(group.values, `${path}.${group.name}.`, property.displayName, fields);
			}
		}
	}
	return fields;
}

/**
 * Reads an operation's parameters, naming each by the display name its description gives it and
 * falling back to the description's default. Every error names the field and the item.
 *
 * A parameter with no expression in it has the same value for every item, so it is resolved once
 * and reused: n8n's getNodeParameter copies and checks the value on every call, which adds up over
 * a bulk run. A parameter with an expression anywhere in it is resolved for each item.
 */
export class ParameterReader {
	private readonly fixed = new Map<string, unknown>();

	private readonly fields: Map<string, Field>;

	constructor(
		private readonly ctx: IExecuteFunctions,
		properties: INodeProperties[],
	) {
		this.fields = fieldsOf(properties);
	}

	/** The resolved value; an expression that does not resolve fails naming the field and the item. */
	value(name: string, itemIndex: number): unknown {
		if (this.fixed.has(name)) return this.fixed.get(name);
		const label = this.label(name);
		let value: unknown;
		try {
			value = this.ctx.getNodeParameter(name, itemIndex, this.field(name).property.default);
		} catch (error) {
			const message = `${label} could not be resolved: ${(error as Error).message}`;
			throw itemError(this.ctx, itemIndex, message, `Check the expression in "${label}" for item ${itemIndex}.`);
		}
		if (!hasExpression(this.ctx.getNode().parameters, name)) this.fixed.set(name, value);
		return value;
	}

	/** A text field as the user meant it: numbers become text; null, lists and objects are refused. */
	text(name: string, itemIndex: number): string {
		const value = this.value(name, itemIndex);
		if (value === undefined || value === null) return '';
		if (typeof value === 'string') return value;
		if (typeof value === 'number' || typeof value === 'bigint') return String(value);
		const label = this.label(name);
		const message = `${label} must be text, but the value is ${describeValue(value)}`;
		throw itemError(this.ctx, itemIndex, message, `Check the expression in "${label}" for item ${itemIndex}.`);
	}

	/** A node-wide number (read for item 0): finite and at least `min` (numeric text too). */
	number(name: string, min: number): number {
		const fallback = this.field(name).property.default;
		const value = this.value(name, 0) ?? fallback;
		const number = numberFrom(value);
		if (number !== undefined && Number.isFinite(number) && number >= min) return number;
		const label = this.label(name);
		const message = `${label} must be a number of at least ${min}, but the value is ${describeValue(value)}`;
		throw itemError(this.ctx, 0, message, `Check "${label}" under ${this.field(name).section}.`);
	}

	/** Whether the user added this field at all (an optional field of a collection). */
	isSet(name: string): boolean {
		let value: unknown = this.ctx.getNode().parameters;
		for (const key of name.split('.')) {
			if (typeof value !== 'object' || value === null) return false;
			value = (value as Record<string, unknown>)[key];
		}
		return value !== undefined;
	}

	private label(name: string): string {
		return this.field(name).property.displayName;
	}

	private field(name: string): Field {
		const field = this.fields.get(name);
		if (!field) throw new NodeOperationError(this.ctx.getNode(), `The operation has no parameter "${name}"`);
		return field;
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
