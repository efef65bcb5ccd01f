import type { IDataObject } from 'n8n-workflow';

import { describeValue } from '../helpers/values';
import { FORM_FIELD_TYPES } from './form-fields';
import type { FormField } from './form-fields';

/**
 * Custom Form → Define Form: Using JSON. The fields in the JSON shape n8n's own Form and Send and
 * Wait nodes take (fieldLabel, fieldType, requiredField, fieldOptions.values[].option,
 * placeholder), so a form written for them works here, limited to what this page offers: a key or
 * type it does not offer is refused by name rather than dropped.
 */

const KEYS = ['fieldLabel', 'fieldType', 'requiredField', 'fieldOptions', 'placeholder'];
const TYPES: string[] = FORM_FIELD_TYPES.map(({ value }) => value);
const list = (words: string[]) => `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;

/** The keys a field may have, for hints. */
export const JSON_FORM_KEYS = list(KEYS);

/** An example for the field's default and the errors. */
export const JSON_FORM_EXAMPLE = [
	{ fieldLabel: 'How many boxes?', fieldType: 'number', requiredField: true },
	{ fieldLabel: 'Day', fieldType: 'dropdown', fieldOptions: { values: [{ option: 'Monday' }, { option: 'Tuesday' }] } },
	{ fieldLabel: 'Note', fieldType: 'textarea', placeholder: 'Anything we should know' },
];

/** The fields the JSON gives, or an Error whose message says what is wrong where (after "Form Fields (JSON) "). */
export function formFieldsFromJson(value: unknown): FormField[] {
	let parsed = value;
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
		throw new Error('is empty: give a list of fields, e.g. [{"fieldLabel": "Boxes", "fieldType": "number"}]');
	}
	if (typeof value === 'string') {
		let syntaxError: string | undefined;
		try {
			parsed = JSON.parse(value);
		} catch (error) {
			syntaxError = (error as Error).message;
		}
		if (syntaxError !== undefined) throw new Error(`is not valid JSON: ${syntaxError}`);
	}
	if (!Array.isArray(parsed)) throw new Error(`must be a list of fields ([{…}, {…}]), but it is ${describeValue(parsed)}`);
	return parsed.map((raw: unknown, n) => fieldFrom(raw, n + 1));
}

function fieldFrom(raw: unknown, position: number): FormField {
	const at = `field ${position}`;
	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${at} must be an object like {"fieldLabel": "Boxes"}, but it is ${describeValue(raw)}`);
	const field = raw as IDataObject;
	const unknownKey = Object.keys(field).find((key) => !KEYS.includes(key));
	if (unknownKey) throw new Error(`${at} has the key "${unknownKey}", which this form does not offer; keys: ${list(KEYS)}`);

	const label = typeof field.fieldLabel === 'string' || typeof field.fieldLabel === 'number' ? String(field.fieldLabel).trim() : '';
	if (!label) throw new Error(`${at} needs a "fieldLabel" (text), but it is ${describeValue(field.fieldLabel ?? null)}`);
	const named = `${at} ("${label}")`;

	const type = field.fieldType ?? 'text';
	if (typeof type !== 'string' || !TYPES.includes(type)) throw new Error(`${named} has "fieldType" ${describeValue(type)}; this form offers ${list(TYPES)}`);

	const required = field.requiredField ?? false;
	if (typeof required !== 'boolean') throw new Error(`${named} has "requiredField" ${describeValue(required)}; use true or false`);

	const placeholder = field.placeholder ?? '';
	if (typeof placeholder !== 'string') throw new Error(`${named} has "placeholder" ${describeValue(placeholder)}; use text`);

	const choices = type === 'dropdown' ? choicesFrom(field.fieldOptions, named) : [];
	if (type !== 'dropdown' && field.fieldOptions !== undefined) throw new Error(`${named} has "fieldOptions", which only a "dropdown" field takes`);
	return { label, type: type as FormField['type'], required, choices, ...(placeholder.trim() ? { placeholder: placeholder.trim() } : {}) };
}

/** n8n's dropdown choices: {"values": [{"option": "Red"}, …]}, or the list alone. */
function choicesFrom(options: unknown, named: string): string[] {
	const shape = `{"values": [{"option": "Red"}, {"option": "Blue"}]}`;
	const values = Array.isArray(options) ? options : (options as IDataObject | undefined)?.values;
	if (!Array.isArray(values)) throw new Error(`${named} is a "dropdown" and needs "fieldOptions" like ${shape}`);
	return values.map((value: unknown, n) => {
		const option = typeof value === 'object' && value !== null ? (value as IDataObject).option : undefined;
		if (typeof option !== 'string' && typeof option !== 'number') throw new Error(`${named}: choice ${n + 1} of "fieldOptions" must be like {"option": "Red"}, but it is ${describeValue(value)}`);
		return String(option).trim();
	}).filter((choice) => choice !== '');
}
