import type { IDataObject } from 'n8n-workflow';

/** Custom Form → Form Fields → Field Type: its choices, as the dropdown lists them. */
export const FORM_FIELD_TYPES = [
	{ name: 'Date', value: 'date' },
	{ name: 'Dropdown List', value: 'dropdown' },
	{ name: 'Email', value: 'email' },
	{ name: 'Number', value: 'number' },
	{ name: 'Text', value: 'text' },
	{ name: 'Textarea', value: 'textarea' },
] as const;

type FieldType = (typeof FORM_FIELD_TYPES)[number]['value'];

export interface FormField {
	label: string;
	type: FieldType;
	required: boolean;
	/** Dropdown List: its choices. */
	choices: string[];
	/** Shown in the empty field (Define Form: Using JSON only). */
	placeholder?: string;
}

const FIELD_TYPES = new Set<string>(FORM_FIELD_TYPES.map(({ value }) => value));

/** The fields as the parameter holds them (formFields.values), with unknown types read as text. */
export function formFieldsFrom(values: unknown): FormField[] {
	if (!Array.isArray(values)) return [];
	return (values as IDataObject[]).map((value) => {
		const type = String(value.fieldType ?? 'text');
		return {
			label: String(value.fieldLabel ?? '').trim(),
			type: (FIELD_TYPES.has(type) ? type : 'text') as FieldType,
			required: value.requiredField === true,
			choices: String(value.fieldOptions ?? '')
				.split(',')
				.map((choice) => choice.trim())
				.filter((choice) => choice !== ''),
		};
	});
}

/** Why the fields can't make a form, or undefined when they can (checked before the text goes out). */
export function formFieldsProblem(fields: FormField[]): string | undefined {
	if (fields.length === 0) return 'Form Fields has no field; add at least one';
	const seen = new Set<string>();
	for (const [n, field] of fields.entries()) {
		if (!field.label) return `Form Fields: field ${n + 1} has no Field Label`;
		if (seen.has(field.label)) return `Form Fields: the label "${field.label}" is used twice; answers are keyed by label`;
		seen.add(field.label);
		if (field.type === 'dropdown' && field.choices.length === 0) return `Form Fields: "${field.label}" is a Dropdown List with no Choices`;
	}
	return undefined;
}

/** The form's input name of field n. */
export const inputName = (n: number) => `field-${n}`;

/**
 * The fields of a posted form. The form page posts multipart/form-data (n8n 2.x refuses a Custom
 * Form's POST in any other encoding with 415), which n8n parses into { data, files }; a urlencoded
 * post arrives as the fields themselves.
 */
export function postedFields(body: unknown): IDataObject {
	if (typeof body !== 'object' || body === null) return {};
	const { data } = body as IDataObject;
	return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as IDataObject) : (body as IDataObject);
}

/** The answers of a posted form by label, or the problem to show on the form again. */
export function readAnswers(fields: FormField[], body: IDataObject): { answers: IDataObject } | { problem: string } {
	const answers: IDataObject = {};
	for (const [n, field] of fields.entries()) {
		const raw = body[inputName(n)];
		const given = (Array.isArray(raw) ? raw[0] : raw) as unknown;
		const text = typeof given === 'string' ? given.trim() : '';
		if (text === '') {
			if (field.required) return { problem: `Please fill in "${field.label}".` };
			answers[field.label] = field.type === 'number' ? null : '';
			continue;
		}
		if (field.type === 'number') {
			const number = Number(text);
			if (!Number.isFinite(number)) return { problem: `"${field.label}" must be a number.` };
			answers[field.label] = number;
		} else if (field.type === 'dropdown' && !field.choices.includes(text)) {
			return { problem: `"${field.label}" must be one of: ${field.choices.join(', ')}.` };
		} else {
			answers[field.label] = text;
		}
	}
	return { answers };
}
