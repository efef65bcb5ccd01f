import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { formFieldsFrom, postedFields, readAnswers } from './form-fields';
import type { FormField } from './form-fields';
import { DEFAULT_LABELS } from './descriptions';
import { formFieldsFromJson } from './form-json';
import { brokenFormPage, CHOICE_FIELD, choicePage, confirmPage, formPage, PAGE_HEADERS, recordedPage } from './pages';

/**
 * Answers a request to a link of a Send and Wait text. n8n has already checked the URL's
 * signature and that the execution still waits (otherwise it shows its own "no action required"
 * or "invalid link" page and never calls this). A GET shows a page and resumes nothing; only the
 * page's POST resumes the execution, with the answer as the node's output item.
 */
export async function respondToLink(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject();
	const responseType = this.getNodeParameter('responseType', 'approval') as string;
	const isPost = request.method === 'POST';
	const show = (html: string, status = 200): IWebhookResponseData => {
		this.getResponseObject().status(status).set(PAGE_HEADERS).send(html);
		return { noWebhookResponse: true };
	};
	const resume = (data: IDataObject, answer: string): IWebhookResponseData => ({
		...show(recordedPage(answer)),
		workflowData: [[{ json: { data: { ...data, respondedAt: new Date().toISOString() } } }]],
	});
	const message = readOr(this, 'message', '');

	if (responseType === 'approval') {
		const approveLabel = readOr(this, 'approvalOptions.values.approveLabel', DEFAULT_LABELS.approve);
		const declineLabel = readOr(this, 'approvalOptions.values.disapproveLabel', DEFAULT_LABELS.decline);
		// A link per button carries its answer in the (signed) query; the one link to both buttons
		// carries none, and the pressed button posts it.
		const inLink = request.query.approved;
		if (inLink === 'true' || inLink === 'false') {
			const approved = inLink === 'true';
			const label = approved ? approveLabel : declineLabel;
			if (!isPost) return show(confirmPage(message, label, approved));
			return resume({ approved }, label);
		}
		const buttons = [
			{ label: approveLabel, approved: true },
			{ label: declineLabel, approved: false },
		];
		if (!isPost) return show(choicePage(message, buttons));
		const pressed = firstValue(postedFields(this.getBodyData())[CHOICE_FIELD]);
		if (pressed !== 'true' && pressed !== 'false') return show(choicePage(message, buttons, 'Please press one of the buttons.'), 400);
		return resume({ approved: pressed === 'true' }, pressed === 'true' ? approveLabel : declineLabel);
	}

	let fields: FormField[];
	try {
		fields =
			responseType !== 'customForm' ? [{ label: 'Response', type: 'textarea', required: true, choices: [] }]
			: readOr<string>(this, 'defineForm', 'fields') === 'json' ? formFieldsFromJson(readOr<unknown>(this, 'jsonOutput', ''))
			: formFieldsFrom(readOr<unknown>(this, 'formFields.values', []));
	} catch (error) {
		return show(brokenFormPage(`Form Fields (JSON) ${(error as Error).message}`), 500);
	}
	const form = {
		title: readOr(this, 'options.responseFormTitle', ''),
		description: readOr(this, 'options.responseFormDescription', '') || message,
		buttonLabel: readOr(this, 'options.responseFormButtonLabel', '') || DEFAULT_LABELS.submit,
		fields,
	};
	if (!isPost) return show(formPage(form));

	const read = readAnswers(fields, postedFields(this.getBodyData()));
	if ('problem' in read) return show(formPage({ ...form, problem: read.problem }), 400);
	if (responseType === 'freeText') return resume({ text: read.answers.Response }, String(read.answers.Response));
	return resume(read.answers, 'the form');
}

const firstValue = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

/**
 * A parameter as the page shows it. n8n resolves expressions against the waiting node's input
 * items, as when the text went out; one that fails now falls back to the default rather than
 * failing the page.
 */
function readOr<T = string>(ctx: IWebhookFunctions, name: string, fallback: T): T {
	try {
		const value = ctx.getNodeParameter(name, fallback) as T;
		return value ?? fallback;
	} catch {
		return fallback;
	}
}
