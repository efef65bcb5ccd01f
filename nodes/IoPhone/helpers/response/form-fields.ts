import type { IDataObject, INodeProperties } from 'n8n-workflow';

export type FieldType = 'date' | 'dropdown' | 'email' | 'number' | 'text' | 'textarea';

export interface FormField {
	label: string;
	type: FieldType;
	required: boolean;
	/** Dropdown List: its choices. */
	choices: string[];
}

/** Custom Form → Form Fields: the fields of the page the text's link opens. */
export const formFieldsDescription: INodeProperties = {
	displayName: 'Form Fields',
	name: 'formFields',
	type: 'fixedCollection',
	placeholder: 'Add Form Field',
	default: {},
	typeOptions: { multipleValues: true, sortable: true },
	description: 'The fields of the form the link in the text opens. The answers come out under "data", by Field Label.',
	options: [
		{
			displayName: 'Values',
			name: 'values',
			values: [
				{
					displayName: 'Field Label',
					name: 'fieldLabel',
					type: 'string',
					default: '',
					placeholder: 'e.g. How many boxes?',
					required: true,
					description: 'Shown above the field, and the key of its answer in the output',
				},
				{
					displayName: 'Field Type',
					name: 'fieldType',
					type: 'options',
					default: 'text',
					options: [
						{ name: 'Date', value: 'date' },
						{ name: 'Dropdown List', value: 'dropdown' },
						{ name: 'Email', value: 'email' },
						{ name: 'Number', value: 'number' },
						{ name: 'Text', value: 'text' },
						{ name: 'Textarea', value: 'textarea' },
					],
				},
				{
					displayName: 'Choices',
					name: 'fieldOptions',
					type: 'string',
					default: '',
					placeholder: 'e.g. Yes, No, Later',
					description: 'The choices of the list, separated by commas',
					displayOptions: { show: { fieldType: ['dropdown'] } },
				},
				{
					displayName: 'Required Field',
					name: 'requiredField',
					type: 'boolean',
					default: false,
					description: 'Whether the form can only be sent with this field filled in',
				},
			],
		},
	],
};

const FIELD_TYPES = new Set<string>(['date', 'dropdown', 'email', 'number', 'text', 'textarea']);

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
