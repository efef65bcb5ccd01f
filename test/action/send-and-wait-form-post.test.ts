import { formPage } from '../../nodes/IoPhone/send-and-wait/pages';
import { postedFields, readAnswers } from '../../nodes/IoPhone/send-and-wait/form-fields';
import type { FormField } from '../../nodes/IoPhone/send-and-wait/form-fields';

/**
 * How a Send and Wait form is posted. n8n 2.41.1 answers a Custom Form's POST that is not
 * multipart/form-data with 415 before the node sees it (webhook-helpers requiresMultipartFormData),
 * and parses a multipart body into { data, files }. Seen in real n8n: test/e2e/send-and-wait.e2e.ts.
 */
const fields: FormField[] = [
	{ label: 'Boxes', type: 'number', required: true, choices: [] },
	{ label: 'Day', type: 'dropdown', required: true, choices: ['Monday', 'Tuesday'] },
];

describe('Send and Wait form posts', () => {
	test('the form page posts multipart/form-data', () => {
		const html = formPage({ title: '', description: 'How many?', buttonLabel: 'Submit', fields });
		expect(html).toContain('<form method="post" enctype="multipart/form-data">');
	});

	test('a multipart body as n8n parses it ({ data, files }) gives the answers', () => {
		const body = { data: { 'field-0': '12', 'field-1': 'Tuesday' }, files: {} };
		expect(readAnswers(fields, postedFields(body))).toEqual({ answers: { Boxes: 12, Day: 'Tuesday' } });
	});

	test('a urlencoded body (the fields themselves) gives the same answers', () => {
		expect(readAnswers(fields, postedFields({ 'field-0': '12', 'field-1': 'Tuesday' }))).toEqual({ answers: { Boxes: 12, Day: 'Tuesday' } });
	});

	test('no body, or not an object, reads as no answers', () => {
		for (const body of [undefined, null, 'field-0=1', 42]) {
			expect(readAnswers(fields, postedFields(body))).toEqual({ problem: 'Please fill in "Boxes".' });
		}
	});
});
