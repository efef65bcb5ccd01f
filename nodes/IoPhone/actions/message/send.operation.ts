import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { COUNTRIES } from '../../helpers/countries';
import { runInOrder } from '../../helpers/ordered-pool';
import { ItemParameters, itemError, readNumber } from '../../helpers/parameters';
import { countryName, isPhoneNumber, toE164 } from '../../helpers/phone';
import { applyGuardRails, guardRailsDescription } from '../../helpers/guard-rails';
import { sentJson } from '../../helpers/output';
import { SentLedger } from '../../helpers/sent-ledger';
import { estimateSegments } from '../../helpers/segments';
import type { SegmentEstimate } from '../../helpers/segments';
import { callbackUrlProblem, redactCallbackToken, textLength, textProblem } from '../../helpers/validation';
import { getAccount, MAX_TEXT_LENGTH, sendText, TEST_NUMBER } from '../../transport';
import type { SendTextBody } from '../../transport';

const showFor = { displayOptions: { show: { resource: ['message'], operation: ['send'] } } };

export const description: INodeProperties[] = [
	{
		displayName: 'To Number',
		name: 'toNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+16142579242',
		description:
			'The phone number to text. Use international format (+ and country code), or a national number read in the Country option (default United States).',
		...showFor,
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 4 },
		description: `The message to send, at most ${MAX_TEXT_LENGTH} characters. Long texts are split into several SMS segments.`,
		...showFor,
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		...showFor,
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
				options: COUNTRIES.map(([code, name]) => ({ name: `${name} (${code})`, value: code })),
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
		...showFor,
		options: [
			{
				displayName: 'Format Number',
				name: 'formatNumber',
				type: 'boolean',
				default: true,
				description:
					'Whether to check To Number and send it in international (E.164) format. When off, To Number goes to IO Phone exactly as given.',
			},
			{
				displayName: 'Pause Between Batches (Ms)',
				name: 'batchInterval',
				type: 'number',
				default: 0,
				typeOptions: { minValue: 0 },
				description:
					'Milliseconds to wait after each batch of "Sends at Once" texts. 0 sends continuously.',
			},
			{
				displayName: 'Sends at Once',
				name: 'concurrency',
				type: 'number',
				default: 16,
				typeOptions: { minValue: 1, maxValue: 50 },
				description:
					'How many texts are sent in parallel. 1 sends strictly one after another. Output items always keep the input order.',
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
			{
				displayName: 'Timeout (Ms)',
				name: 'timeout',
				type: 'number',
				default: 30000,
				typeOptions: { minValue: 1000 },
				description:
					'How long to wait for IO Phone to answer a send. A text that times out may still have gone out, so it is not retried.',
			},
		],
	},
	{ ...guardRailsDescription, ...showFor },
];

type Prepared = { body: SendTextBody; estimate: SegmentEstimate } | { error: NodeOperationError };

/** Reads and checks one item's fields; every problem that is known before sending is found here. */
function prepare(ctx: IExecuteFunctions, params: ItemParameters, i: number): Prepared {
	try {
		// Fields are resolved one by one, so an expression that fails names its own field.
		const configured = (ctx.getNode().parameters.additionalFields ?? {}) as IDataObject;
		const formatNumber = params.value('options.formatNumber', 'Format Number', i, true) !== false;
		const testMode = params.value('options.testMode', 'Test Mode', i, false) === true;
		const fail = (message: string, hint?: string): Prepared => ({ error: itemError(ctx, i, message, hint) });

		const givenTo = params.text('toNumber', 'To Number', i);
		const rawTo = givenTo.trim();
		if (!rawTo) return fail('To Number is empty');

		const text = params.text('text', 'Text', i);
		const length = textLength(text);
		const problem = textProblem(text, length);
		if (problem) return fail(`Text ${problem}`);

		const country = params.text('additionalFields.country', 'Country', i, 'US').trim().toUpperCase() || 'US';
		if (!countryName(country)) {
			return fail(`Country "${country}" is not a known ISO 3166-1 alpha-2 code`, 'Use a two-letter code such as US, GB or DE.');
		}

		const formatted = toE164(rawTo, country);
		if (formatNumber && !formatted.ok) {
			return fail(
				`To Number "${rawTo}" ${formatted.reason} in ${countryName(country)} (${country})`,
				'Use international format (+ and country code), set the Country option, or turn off "Format Number" to send it as it is.',
			);
		}
		const toNumber = formatNumber && formatted.ok ? formatted.e164 : givenTo;

		const estimate = estimateSegments(text);
		const rails = applyGuardRails((params.value('guardRails', 'Guard Rails', i, {}) ?? {}) as IDataObject, {
			textLength: length,
			estimate,
			toCountry: formatted.ok ? formatted.country : undefined,
			fromNumber: params.text('additionalFields.fromNumber', 'From Number', i).trim(),
		});
		if ('problem' in rails) return fail(rails.problem);

		const body: SendTextBody = { toNumber, text };
		const fromNumber = testMode ? TEST_NUMBER : rails.fromNumber;
		if (fromNumber && !isPhoneNumber(fromNumber)) return fail(`From Number "${fromNumber}" is not a phone number`);
		if (fromNumber) body.fromNumber = fromNumber;
		if (configured.country !== undefined) body.country = country;

		const callbackUrl = params.text('additionalFields.callbackUrl', 'Callback URL', i).trim();
		if (params.value('additionalFields.clearCallbackUrl', 'Clear Stored Callback URL', i, false) === true) {
			if (callbackUrl) return fail('Callback URL and Clear Stored Callback URL are both set; choose one');
			body.callbackUrl = '';
		} else if (callbackUrl) {
			const urlProblem = callbackUrlProblem(callbackUrl);
			if (urlProblem) return fail(`Callback URL "${redactCallbackToken(callbackUrl)}" ${urlProblem}`);
			body.callbackUrl = callbackUrl;
		}
		return { body, estimate };
	} catch (error) {
		if (error instanceof NodeOperationError) return { error };
		return { error: itemError(ctx, i, (error as Error).message) };
	}
}

function errorItem(error: Error & { description?: string | null; httpCode?: string | null }, i: number): INodeExecutionData {
	const json: IDataObject = { error: error.message };
	if (error.description) json.description = error.description;
	if (error.httpCode) json.httpCode = error.httpCode;
	return { json, pairedItem: { item: i } };
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const continueOnFail = this.continueOnFail();
	// Node-wide options, checked first: a non-number here would break every send. With Continue On
	// Fail every item still gets its (error) output.
	let timeout: number, concurrency: number, batchInterval: number;
	let ledger: SentLedger | undefined;
	try {
		timeout = readNumber(this, 'options.timeout', 'Timeout (Ms)', 30000, 1);
		concurrency = readNumber(this, 'options.concurrency', 'Sends at Once', 16, 1);
		batchInterval = readNumber(this, 'options.batchInterval', 'Pause Between Batches (Ms)', 0, 0);
		if (this.getNodeParameter('options.skipAlreadySent', 0, false) === true) {
			ledger = new SentLedger(this, readNumber(this, 'options.skipWindowHours', 'Skip Window (Hours)', 24, 1));
		}
	} catch (error) {
		if (continueOnFail) return items.map((_, i) => errorItem(error as NodeOperationError, i));
		throw error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error as Error);
	}
	const params = new ItemParameters(this);
	const prepared: Array<Prepared | undefined> = items.map((_, i) => prepare(this, params, i));
	if (!continueOnFail) {
		const invalid = prepared.find((p): p is { error: NodeOperationError } => p !== undefined && 'error' in p);
		if (invalid) throw invalid.error;
	}

	const { baseUrl, credentials } = await getAccount(this);

	return await runInOrder(
		items.length,
		async (i) => {
			const item = prepared[i] as Prepared;
			prepared[i] = undefined; // kept only while its own text is sent, not until the last one is
			if ('error' in item) return errorItem(item.error, i);
			const send = async (): Promise<INodeExecutionData> => {
				const sent = await sendText.call(this, baseUrl, item.body, { itemIndex: i, timeout, credentials });
				return { json: sentJson(sent, item.estimate), pairedItem: { item: i } };
			};
			try {
				return ledger ? await ledger.guard(i, item.body, send) : await send();
			} catch (error) {
				if (continueOnFail) return errorItem(error as Error, i);
				// sendText throws NodeApiError with IO Phone's message; anything else still reaches n8n as a node error.
				throw error instanceof NodeApiError ? error : new NodeApiError(this.getNode(), error as JsonObject, { itemIndex: i });
			}
		},
		{ concurrency, pauseBetweenBatchesMs: batchInterval },
	);
}
