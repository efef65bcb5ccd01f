import { updateDisplayOptions } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { MAX_TEXT_LENGTH } from '../../../shared/constants';
import { getAccount, sendText } from '../../../shared/transport';
import type { ResponseHints, SendTextBody } from '../../../shared/transport';
import { guardRailsDescription } from '../../descriptions/guard-rails';
import { bulkRunOptions, byDisplayName, ifTooLongOption } from '../../descriptions/options';
import { outgoingTextFields } from '../../descriptions/outgoing-text';
import { runBulk } from '../../helpers/bulk-run';
import { itemError } from '../../helpers/item-errors';
import { readIfTooLong, sendParts } from '../../helpers/long-texts';
import { addOptedOutHint, OptOutList } from '../../helpers/opt-out-list';
import { checkOutgoingText } from '../../helpers/outgoing-text';
import type { OutgoingText } from '../../helpers/outgoing-text';
import type { SegmentEstimate } from '../../helpers/segments';
import { sentJson } from '../../helpers/output';
import { checkWaitIsForOneText, holdForQuietHours } from '../../helpers/quiet-hours';
import { ParameterReader } from '../../helpers/parameters';
import { SentLedger } from '../../helpers/sent-ledger';
import { skippedText } from '../../helpers/skipped';
import { callbackUrlProblem, redactCallbackToken } from '../../helpers/validation';

export const option: INodePropertyOptions = {
	name: 'Send',
	value: 'send',
	action: 'Send a text message',
	description: 'Send an SMS from one of your IO Phone numbers',
};

const properties: INodeProperties[] = [
	outgoingTextFields.toNumber,
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 4 },
		description: `The message to send, at most ${MAX_TEXT_LENGTH} characters unless Options → If Text Is Too Long says otherwise. Long texts are split into several SMS segments.`,
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: [
			{
				displayName: 'Callback URL',
				name: 'callbackUrl',
				type: 'string',
				default: '',
				placeholder: 'https://example.com/iophone-events',
				description:
					'Where IO Phone posts delivery, failure and incoming-message events for the From Number. IO Phone stores one URL per From Number and keeps using it for later texts. Must be http or https.',
			},
			{
				displayName: 'Clear Stored Callback URL',
				name: 'clearCallbackUrl',
				type: 'boolean',
				default: false,
				description:
					'Whether to remove the callback URL IO Phone stores for the From Number, so it stops posting events for it',
			},
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
		options: byDisplayName([
			outgoingTextFields.formatNumber,
			ifTooLongOption,
			{
				displayName: 'Skip Texts Already Sent',
				name: 'skipAlreadySent',
				type: 'boolean',
				default: false,
				description:
					'Whether to skip a text whose To Number and Text this node already sent within the Skip Window, remembered in n8n\'s database across runs, workers and restarts. Skipped items are marked "skipped". A text that an earlier run was sending when it stopped is skipped as "inDoubt".',
			},
			{
				displayName: 'Skip Window (Hours)',
				name: 'skipWindowHours',
				type: 'number',
				default: 24,
				typeOptions: { minValue: 1 },
				// Shown once Skip Texts Already Sent is on: it means nothing without it.
				displayOptions: { show: { skipAlreadySent: [true] } },
				description:
					'How long a sent text is remembered. It is remembered at least this long and at most twice this long.',
			},
			outgoingTextFields.testMode,
			...bulkRunOptions,
		]),
	},
	guardRailsDescription,
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['send'] } }, properties);

/** Reads and checks one item's fields; every problem that is known before sending is found here. */
function prepare(ctx: IExecuteFunctions, params: ParameterReader, i: number): OutgoingText {
	const ifTooLong = readIfTooLong(ctx, params, i);
	const outgoing = checkOutgoingText(ctx, params, i, { label: 'Text', read: () => params.text('text', i), ifTooLong });
	checkWaitIsForOneText(ctx, i, outgoing.quietHours, ctx.getInputData().length);
	const { body } = outgoing;
	const fail = (message: string) => itemError(ctx, i, message);

	const callbackUrl = params.text('additionalFields.callbackUrl', i).trim();
	if (params.value('additionalFields.clearCallbackUrl', i) === true) {
		if (callbackUrl) throw fail('Callback URL and Clear Stored Callback URL are both set; choose one');
		body.callbackUrl = '';
	} else if (callbackUrl) {
		const urlProblem = callbackUrlProblem(callbackUrl);
		if (urlProblem) throw fail(`Callback URL "${redactCallbackToken(callbackUrl)}" ${urlProblem}`);
		body.callbackUrl = callbackUrl;
	}
	return outgoing;
}

/** Advice in Send's own terms, after the transport's hint for the status. */
const SEND_HINTS: ResponseHints = {
	400: 'Check To Number, Text and Callback URL.',
	429: 'Set "Max Texts per Second" to your carrier\'s limit, or lower "Sends at Once".',
};

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const params = new ParameterReader(this, properties);
	const output = await runBulk(this, params, {
		prepare: (i) => prepare(this, params, i),
		open: async () => ({
			...(await getAccount(this)),
			// Skip Texts Already Sent: n8n's record of sent texts (see helpers/sent-ledger.ts).
			ledger: params.value('options.skipAlreadySent', 0) === true
				? new SentLedger(this, params.number('options.skipWindowHours', 1))
				: undefined,
			optedOut: OptOutList.read(this, params),
		}),
		send: async ({ body, estimate, country, parts, truncated, quietHours }, i, { session, timeout, paced }) => {
			const { baseUrl, credentials, ledger, optedOut } = session;
			// Before the ledger: an opted-out text is neither sent nor recorded as sent, and takes no turn.
			if (optedOut?.has(body.toNumber, country)) return skippedText(body, 'optedOut');
			// So is a text held back by Quiet Hours: it can go out in a later run, once the window opens.
			const held = await holdForQuietHours(this, i, quietHours, body, country);
			if (held) return held;
			// Paced inside the ledger's guard: a skipped text takes no turn of Max Texts per Second; each part of a split text takes one.
			// `started` tells Skip Texts Already Sent when a request goes out, after its turn.
			const sendOne = async (text: SendTextBody, textEstimate: SegmentEstimate, started?: () => void) =>
				sentJson(
					await paced(async () => {
						started?.();
						return await sendText.call(this, baseUrl, text, { itemIndex: i, timeout, credentials, hints: SEND_HINTS });
					}),
					textEstimate,
				);
			const sendNow = async (started?: () => void) => {
				if (parts) return await sendParts(this, i, { text: body.text, estimate, parts }, async (part) => await sendOne({ ...body, text: part.text }, part.estimate, started));
				const json = await sendOne(body, estimate, started);
				if (truncated !== undefined) json.truncated = truncated;
				return json;
			};
			// A split text is claimed as a whole: a later run skips all of it.
			return ledger ? await ledger.guard(i, body, sendNow) : await sendNow();
		},
		// The last sent marks, which ride along with later claims (helpers/sent-ledger.ts), are recorded before the run ends.
		close: async ({ ledger }) => await ledger?.settled(),
	});
	addOptedOutHint(this, output);
	return output;
}
