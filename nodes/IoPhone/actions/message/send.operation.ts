import { updateDisplayOptions } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { MAX_TEXT_LENGTH, TEST_NUMBER } from '../../../shared/constants';
import { COUNTRY_OPTIONS } from '../../../shared/countries';
import { countryName, isPhoneNumber, toE164 } from '../../../shared/phone';
import { getAccount, sendText } from '../../../shared/transport';
import type { SendTextBody } from '../../../shared/transport';
import { runBulk, withBulkRunOptions } from '../../helpers/bulk-run';
import { applyGuardRails, guardRailsDescription } from '../../helpers/guard-rails';
import { sentJson } from '../../helpers/output';
import { itemOperationError, ParameterReader } from '../../helpers/parameters';
import { SentLedger } from '../../helpers/sent-ledger';
import { estimateSegments } from '../../helpers/segments';
import type { SegmentEstimate } from '../../helpers/segments';
import { callbackUrlProblem, redactCallbackToken, textLength, textProblem } from '../../helpers/validation';

export const option: INodePropertyOptions = {
	name: 'Send',
	value: 'send',
	action: 'Send a text message',
	description: 'Send an SMS from one of your IO Phone numbers',
};

const properties: INodeProperties[] = [
	{
		displayName: 'To Number',
		name: 'toNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+16142579242',
		description:
			'The phone number to text. Use international format (+ and country code), or a national number read in the Country option (default United States).',
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 4 },
		description: `The message to send, at most ${MAX_TEXT_LENGTH} characters. Long texts are split into several SMS segments.`,
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
			{
				displayName: 'Country',
				name: 'country',
				type: 'options',
				default: 'US',
				options: COUNTRY_OPTIONS,
				description:
					'The country used to read To Number when it is not in international format. Numbers starting with + keep their own country.',
			},
			{
				displayName: 'From Number',
				name: 'fromNumber',
				type: 'string',
				default: '',
				placeholder: '+15551112222',
				description: 'Which of your IO Phone numbers sends the text. Leave empty to let IO Phone choose one.',
			},
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: withBulkRunOptions([
			{
				displayName: 'Format Number',
				name: 'formatNumber',
				type: 'boolean',
				default: true,
				description:
					'Whether to check To Number and send it in international (E.164) format. When off, To Number goes to IO Phone exactly as given.',
			},
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
				description:
					'With Skip Texts Already Sent: how long a sent text is remembered. It is remembered at least this long and at most twice this long.',
			},
			{
				displayName: 'Test Mode',
				name: 'testMode',
				type: 'boolean',
				default: false,
				description: `Whether to send from IO Phone's test number ${TEST_NUMBER}: IO Phone simulates the send and no SMS goes out`,
			},
		]),
	},
	guardRailsDescription,
];

export const description = updateDisplayOptions({ show: { resource: ['message'], operation: ['send'] } }, properties);

interface Prepared {
	body: SendTextBody;
	estimate: SegmentEstimate;
}

/** Reads and checks one item's fields; every problem that is known before sending is found here. */
function prepare(ctx: IExecuteFunctions, params: ParameterReader, i: number): Prepared {
	// Fields are resolved one by one, so an expression that fails names its own field.
	const formatNumber = params.value('options.formatNumber', i) !== false;
	const testMode = params.value('options.testMode', i) === true;
	const fail = (message: string, hint?: string) => itemOperationError(ctx, i, message, hint);

	const givenTo = params.text('toNumber', i);
	const rawTo = givenTo.trim();
	if (!rawTo) throw fail('To Number is empty');

	const text = params.text('text', i);
	const length = textLength(text);
	const problem = textProblem(text, length);
	if (problem) throw fail(`Text ${problem}`);

	const country = params.text('additionalFields.country', i).trim().toUpperCase() || 'US';
	if (!countryName(country)) {
		throw fail(`Country "${country}" is not a known ISO 3166-1 alpha-2 code`, 'Use a two-letter code such as US, GB or DE.');
	}

	const formatted = toE164(rawTo, country);
	if (formatNumber && !formatted.ok) {
		throw fail(
			`To Number "${rawTo}" ${formatted.reason} in ${countryName(country)} (${country})`,
			'Use international format (+ and country code), set the Country option, or turn off "Format Number" to send it as it is.',
		);
	}
	const toNumber = formatNumber && formatted.ok ? formatted.e164 : givenTo;

	const estimate = estimateSegments(text);
	const rails = applyGuardRails((params.value('guardRails', i) ?? {}) as IDataObject, {
		textLength: length,
		estimate,
		toCountry: formatted.ok ? formatted.country : undefined,
		fromNumber: params.text('additionalFields.fromNumber', i).trim(),
	});
	if ('problem' in rails) throw fail(rails.problem);

	const body: SendTextBody = { toNumber, text };
	const fromNumber = testMode ? TEST_NUMBER : rails.fromNumber;
	if (fromNumber && !isPhoneNumber(fromNumber)) throw fail(`From Number "${fromNumber}" is not a phone number`);
	if (fromNumber) body.fromNumber = fromNumber;
	if (params.isSet('additionalFields.country')) body.country = country;

	const callbackUrl = params.text('additionalFields.callbackUrl', i).trim();
	if (params.value('additionalFields.clearCallbackUrl', i) === true) {
		if (callbackUrl) throw fail('Callback URL and Clear Stored Callback URL are both set; choose one');
		body.callbackUrl = '';
	} else if (callbackUrl) {
		const urlProblem = callbackUrlProblem(callbackUrl);
		if (urlProblem) throw fail(`Callback URL "${redactCallbackToken(callbackUrl)}" ${urlProblem}`);
		body.callbackUrl = callbackUrl;
	}
	return { body, estimate };
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const params = new ParameterReader(this, properties);
	return await runBulk(this, params, {
		prepare: (i) => prepare(this, params, i),
		open: async () => ({
			...(await getAccount(this)),
			// Skip Texts Already Sent: n8n's record of sent texts (see helpers/sent-ledger.ts).
			ledger: params.value('options.skipAlreadySent', 0) === true
				? new SentLedger(this, params.number('options.skipWindowHours', 1))
				: undefined,
		}),
		send: async ({ body, estimate }, i, { session, timeout }) => {
			const { baseUrl, credentials, ledger } = session;
			const sendNow = async () => sentJson(await sendText.call(this, baseUrl, body, { itemIndex: i, timeout, credentials }), estimate);
			return ledger ? await ledger.guard(i, body, sendNow) : await sendNow();
		},
	});
}
