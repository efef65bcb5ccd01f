import { NodeApiError, NodeOperationError, SEND_AND_WAIT_OPERATION, updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions, JsonObject } from 'n8n-workflow';

import { DEFAULT_TIMEOUT_MS } from '../../../shared/constants';
import { getAccount, sendText } from '../../../shared/transport';
import { guardRailsDescription } from '../../helpers/guard-rails';
import { checkOutgoingText, outgoingTextFields } from '../../helpers/outgoing-text';
import { itemOperationError, ParameterReader } from '../../helpers/parameters';
import { formFieldsDescription, formFieldsFrom, formFieldsProblem } from '../../helpers/response/form-fields';
import { labelProblem, textWithLinks } from '../../helpers/response/links';
import { messageOf } from '../../helpers/response/review-message';
import type { ResponseLink } from '../../helpers/response/links';
import { limitWaitTimeOption, waitTillOf } from '../../helpers/response/wait-time';

export const option: INodePropertyOptions = {
	name: 'Send and Wait for Response',
	value: SEND_AND_WAIT_OPERATION,
	action: 'Send message and wait for response',
	description: 'Text a link to approve, decline or answer a form, and wait for the answer',
};

const formOptions: INodeProperties[] = [
	{
		displayName: 'Message Button Label',
		name: 'messageButtonLabel',
		type: 'string',
		default: 'Respond',
		description: 'The word before the link in the text. Keep it in the GSM alphabet (no emoji).',
	},
	{
		displayName: 'Response Form Button Label',
		name: 'responseFormButtonLabel',
		type: 'string',
		default: 'Submit',
	},
	{
		displayName: 'Response Form Description',
		name: 'responseFormDescription',
		type: 'string',
		default: '',
		description: 'Shown above the form. Empty shows the Message.',
	},
	{
		displayName: 'Response Form Title',
		name: 'responseFormTitle',
		type: 'string',
		default: '',
		description: 'Title of the form the link opens',
	},
];

const sendOptions: INodeProperties[] = [
	outgoingTextFields.formatNumber,
	limitWaitTimeOption,
	outgoingTextFields.testMode,
	{
		displayName: 'Timeout (Milliseconds)',
		name: 'timeout',
		type: 'number',
		default: DEFAULT_TIMEOUT_MS,
		typeOptions: { minValue: 1000 },
		description: 'How long to wait for IO Phone to answer the send. A text that times out may still have gone out, so it is not retried.',
	},
];

const byName = (options: INodeProperties[]) => [...options].sort((a, b) => a.displayName.localeCompare(b.displayName, 'en'));

const properties: INodeProperties[] = [
	outgoingTextFields.toNumber,
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 4 },
		description:
			'The question to ask. The links to answer it are added after it, each about 150 characters plus your n8n address: with a message of up to about 120 characters, an approval text with one link takes 2 SMS segments; with two links and up to about 90 characters, 3.',
	},
	{
		displayName: 'Response Type',
		name: 'responseType',
		type: 'options',
		default: 'approval',
		options: [
			{ name: 'Approval', value: 'approval', description: 'The person approves (or declines) with a link in the text' },
			{ name: 'Free Text', value: 'freeText', description: 'The person answers in a form the link opens' },
			{ name: 'Custom Form', value: 'customForm', description: 'The person fills in a form of your fields' },
		],
	},
	{ ...formFieldsDescription, displayOptions: { show: { responseType: ['customForm'] } } },
	{
		displayName: 'Approval Options',
		name: 'approvalOptions',
		type: 'fixedCollection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: { responseType: ['approval'] } },
		options: [
			{
				displayName: 'Values',
				name: 'values',
				values: [
					{
						displayName: 'Type of Approval',
						name: 'approvalType',
						type: 'options',
						default: 'single',
						options: [
							{ name: 'Approve Only', value: 'single' },
							{ name: 'Approve and Decline', value: 'double' },
						],
						description: 'One link to approve, or two links: approve and decline',
					},
					{
						displayName: 'Approve Button Label',
						name: 'approveLabel',
						type: 'string',
						default: 'Approve',
						description: 'The word before the approve link, and the button on its page. Keep it in the GSM alphabet (no emoji).',
					},
					{
						displayName: 'Decline Button Label',
						name: 'disapproveLabel',
						type: 'string',
						default: 'Decline',
						displayOptions: { show: { approvalType: ['double'] } },
						description: 'The word before the decline link, and the button on its page. Keep it in the GSM alphabet (no emoji).',
					},
				],
			},
		],
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'There is no Callback URL here: IO Phone keeps one per From Number, and changing it would take events away from an IO Phone Trigger',
		options: [
			outgoingTextFields.country,
			outgoingTextFields.fromNumber,
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { responseType: ['approval'] } },
		options: byName(sendOptions),
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { responseType: ['freeText', 'customForm'] } },
		options: byName([...sendOptions, ...formOptions]),
	},
	guardRailsDescription,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: [SEND_AND_WAIT_OPERATION] } },
	properties,
);

/** The links of the text, each signed by n8n (a link edited in any way is refused by n8n). */
function responseLinks(ctx: IExecuteFunctions, params: ParameterReader): ResponseLink[] {
	const fail = (message: string, hint?: string) => itemOperationError(ctx, 0, message, hint);
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

/**
 * Sends one text for the first input item (as n8n's own Send and Wait nodes do), then puts the
 * execution to wait. The answer resumes it through the node's webhook (helpers/response/webhook.ts)
 * and becomes the output; when Limit Wait Time runs out, n8n passes the input items on unchanged.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const params = new ParameterReader(this, properties);
	try {
		const timeout = params.number('options.timeout', 1);
		// The group, not the option: the option's default (45 minutes) applies only once the user adds it.
		const waitTill = waitTillOf(this, params.value('options.limitWaitTime.values', 0) as IDataObject | undefined);
		const links = responseLinks(this, params);
		const { body } = checkOutgoingText(this, params, 0, {
			label: 'Message with its links',
			read: () => {
				const message = messageOf(this, params);
				return message.trim() === '' ? '' : textWithLinks(message, links);
			},
		});
		const { baseUrl, credentials } = await getAccount(this);
		await sendText.call(this, baseUrl, body, { itemIndex: 0, timeout, credentials });
		await this.putExecutionToWait(waitTill);
		return items;
	} catch (error) {
		if (!this.continueOnFail()) {
			const known = error instanceof NodeOperationError || error instanceof NodeApiError;
			throw known ? error : new NodeApiError(this.getNode(), error as JsonObject, { itemIndex: 0 });
		}
		const message = (error as Error).message;
		return items.map((_, i) => ({ json: { error: message }, pairedItem: { item: i } }));
	}
}
