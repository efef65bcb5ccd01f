import { SEND_AND_WAIT_OPERATION } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodePropertyOptions } from 'n8n-workflow';

import { getAccount, sendText } from '../../../shared/transport';
import type { ResponseHints } from '../../../shared/transport';
import { errorItem, itemError, nodeError } from '../../helpers/item-errors';
import { addOptedOutHint, OptOutList } from '../../helpers/opt-out-list';
import { checkOutgoingText } from '../../helpers/outgoing-text';
import { ParameterReader } from '../../helpers/parameters';
import { holdForQuietHours } from '../../helpers/quiet-hours';
import { skippedText } from '../../helpers/skipped';
import { description, properties } from '../../send-and-wait/descriptions';
import { formFieldsFrom, formFieldsProblem } from '../../send-and-wait/form-fields';
import type { FormField } from '../../send-and-wait/form-fields';
import { formFieldsFromJson, JSON_FORM_EXAMPLE, JSON_FORM_KEYS } from '../../send-and-wait/form-json';
import { bothButtonsLabel, labelProblem, ONE_LINK_SINCE, textWithLinks } from '../../send-and-wait/links';
import type { LinksInText, ResponseLink } from '../../send-and-wait/links';
import { messageOf } from '../../send-and-wait/review-message';
import { waitTillOf } from '../../send-and-wait/wait-time';

export { description };

export const option: INodePropertyOptions = {
	name: 'Send and Wait for Response',
	value: SEND_AND_WAIT_OPERATION,
	action: 'Send message and wait for response',
	description: 'Text a link to approve, decline or answer a form, and wait for the answer',
};

/** The links of the text, each signed by n8n (a link edited in any way is refused by n8n). */
function responseLinks(ctx: IExecuteFunctions, params: ParameterReader): ResponseLink[] {
	const fail = (message: string, hint?: string) => itemError(ctx, 0, message, hint);
	const checked = (name: string, fieldLabel: string) => {
		const label = params.text(name, 0).trim();
		const problem = labelProblem(label);
		if (problem) throw fail(`${fieldLabel} ${problem}`, 'Use plain letters, digits and common punctuation.');
		return label;
	};
	const responseType = params.text('responseType', 0);
	// n8n 1.x checks a link's signature only when the node asks for it (as its own Send and Wait
	// nodes do); without this an edited link resumed the execution there. n8n 2.x always checks.
	(ctx as { setSignatureValidationRequired?: () => void }).setSignatureValidationRequired?.();
	if (responseType === 'approval') {
		const approval = (params.value('approvalOptions', 0) ?? {}) as { values?: IDataObject };
		const approve = checked('approvalOptions.values.approveLabel', 'Approve Button Label');
		if (approval.values?.approvalType !== 'double') return [{ label: approve, url: ctx.getSignedResumeUrl({ approved: 'true' }) }];
		const decline = checked('approvalOptions.values.disapproveLabel', 'Decline Button Label');
		// The page of a link without an answer in it offers both buttons (send-and-wait/webhook.ts).
		if (linksInTextOf(ctx, params) === 'onePage') return [{ label: bothButtonsLabel(approve, decline), url: ctx.getSignedResumeUrl() }];
		return [
			{ label: approve, url: ctx.getSignedResumeUrl({ approved: 'true' }) },
			{ label: decline, url: ctx.getSignedResumeUrl({ approved: 'false' }) },
		];
	}
	if (responseType !== 'freeText' && responseType !== 'customForm') throw fail(`Response Type "${responseType}" is not supported`);
	if (responseType === 'customForm') {
		const problem = formFieldsProblem(customFormFields(ctx, params));
		if (problem) throw fail(problem);
	}
	return [{ label: checked('options.messageButtonLabel', 'Message Button Label'), url: ctx.getSignedResumeUrl({ approved: 'true' }) }];
}

/** Approval Options → Links in the Text. Version 1 does not show it: a link per button, whatever the field holds. */
function linksInTextOf(ctx: IExecuteFunctions, params: ParameterReader): LinksInText {
	if (ctx.getNode().typeVersion < ONE_LINK_SINCE) return 'perButton';
	const value = params.text('approvalOptions.values.linksInText', 0);
	if (value === 'onePage' || value === 'perButton') return value;
	throw itemError(ctx, 0, `Links in the Text "${value}" is not one of its options`, 'Choose an option of Approval Options → Links in the Text.');
}

/** Custom Form's fields, by Define Form: the fields below, or the JSON (its problems name the field). */
function customFormFields(ctx: IExecuteFunctions, params: ParameterReader): FormField[] {
	if (params.text('defineForm', 0) !== 'json') return formFieldsFrom(params.value('formFields.values', 0));
	const json = params.value('jsonOutput', 0);
	try {
		return formFieldsFromJson(json);
	} catch (error) {
		throw itemError(ctx, 0, `Form Fields (JSON) ${(error as Error).message}`, `Keys of each field: ${JSON_FORM_KEYS}. Example: ${JSON.stringify(JSON_FORM_EXAMPLE[0])}`);
	}
}

/** Advice in Send and Wait's own terms, after the transport's hint for the status. */
const SEND_AND_WAIT_HINTS: ResponseHints = {
	400: 'Check To Number and Message.',
	429: 'Run the workflow again in a minute.',
};

/**
 * Sends one text for the first input item (as n8n's own Send and Wait nodes do), then puts the
 * execution to wait. The answer resumes it through the node's webhook (send-and-wait/webhook.ts)
 * and becomes the output; when Limit Wait Time runs out, n8n passes the input items on unchanged.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const params = new ParameterReader(this, properties);
	try {
		const timeout = params.number('options.timeout', 1);
		// The group, not the option: the option's default applies only once the user adds it.
		const waitTill = waitTillOf(this, params.value('options.limitWaitTime.values', 0) as IDataObject | undefined);
		const links = responseLinks(this, params);
		const { body, country, quietHours } = checkOutgoingText(this, params, 0, {
			label: 'Message with its links',
			read: () => {
				const message = messageOf(this, params);
				return message.trim() === '' ? '' : textWithLinks(message, links);
			},
		});
		// An opted-out To Number gets no text, so there is no answer to wait for: the run goes on at once.
		if (OptOutList.read(this, params)?.has(body.toNumber, country)) {
			const skipped = items.map((_, i) => ({ json: skippedText({ toNumber: body.toNumber }, 'optedOut'), pairedItem: { item: i } }));
			addOptedOutHint(this, skipped.slice(0, 1));
			return skipped;
		}
		// Outside Quiet Hours, a skipped text has no answer to wait for either.
		const held = await holdForQuietHours(this, 0, quietHours, body, country);
		if (held) return items.map((_, i) => ({ json: held, pairedItem: { item: i } }));
		const { baseUrl, credentials } = await getAccount(this);
		await sendText.call(this, baseUrl, body, { itemIndex: 0, timeout, credentials, hints: SEND_AND_WAIT_HINTS });
		await this.putExecutionToWait(waitTill);
		return items;
	} catch (error) {
		if (!this.continueOnFail()) throw nodeError(this, error, 0);
		return items.map((_, i) => errorItem(error, i));
	}
}
