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
import { labelProblem, textWithLinks } from '../../send-and-wait/links';
import type { ResponseLink } from '../../send-and-wait/links';
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
		const links = [{ label: checked('approvalOptions.values.approveLabel', 'Approve Button Label'), url: ctx.getSignedResumeUrl({ approved: 'true' }) }];
		if (approval.values?.approvalType === 'double') {
			links.push({ label: checked('approvalOptions.values.disapproveLabel', 'Decline Button Label'), url: ctx.getSignedResumeUrl({ approved: 'false' }) });
		}
		return links;
	}
	if (responseType !== 'freeText' && responseType !== 'customForm') throw fail(`Response Type "${responseType}" is not supported`);
	if (responseType === 'customForm') {
		const problem = formFieldsProblem(formFieldsFrom(params.value('formFields.values', 0)));
		if (problem) throw fail(problem);
	}
	return [{ label: checked('options.messageButtonLabel', 'Message Button Label'), url: ctx.getSignedResumeUrl({ approved: 'true' }) }];
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
