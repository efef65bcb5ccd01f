import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { COUNTRIES } from '../../helpers/countries';
import { runInOrder } from '../../helpers/ordered-pool';
import { itemError, readText } from '../../helpers/parameters';
import { countryName, toE164 } from '../../helpers/phone';
import { applyGuardRails, guardRailsDescription } from '../../helpers/guard-rails';
import { estimateSegments } from '../../helpers/segments';
import type { SegmentEstimate } from '../../helpers/segments';
import { callbackUrlProblem, textLength, textProblem } from '../../helpers/validation';
import { getBaseUrl, MAX_TEXT_LENGTH, sendText, TEST_NUMBER } from '../../transport';
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
				default: 5,
				typeOptions: { minValue: 1, maxValue: 50 },
				description:
					'How many texts are sent in parallel. 1 sends strictly one after another. Output items always keep the input order.',
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
function prepare(ctx: IExecuteFunctions, i: number): Prepared {
	try {
		const fields = ctx.getNodeParameter('additionalFields', i, {}) as IDataObject;
		const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
		const fail = (message: string, hint?: string): Prepared => ({ error: itemError(ctx, i, message, hint) });

		const givenTo = readText(ctx, 'toNumber', 'To Number', i);
		const rawTo = givenTo.trim();
		if (!rawTo) return fail('To Number is empty');

		const text = readText(ctx, 'text', 'Text', i);
		const problem = textProblem(text);
		if (problem) return fail(`Text ${problem}`);

		const country = readText(ctx, 'additionalFields.country', 'Country', i, 'US').trim().toUpperCase() || 'US';
		if (!countryName(country)) {
			return fail(`Country "${country}" is not a known ISO 3166-1 alpha-2 code`, 'Use a two-letter code such as US, GB or DE.');
		}

		const formatted = toE164(rawTo, country);
		if (options.formatNumber !== false && !formatted.ok) {
			return fail(
				`To Number "${rawTo}" ${formatted.reason} in ${countryName(country)} (${country})`,
				'Use international format (+ and country code), set the Country option, or turn off "Format Number" to send it as it is.',
			);
		}
		const toNumber = options.formatNumber !== false && formatted.ok ? formatted.e164 : givenTo;

		const estimate = estimateSegments(text);
		const rails = applyGuardRails(ctx.getNodeParameter('guardRails', i, {}) as IDataObject, {
			textLength: textLength(text),
			estimate,
			toCountry: formatted.ok ? formatted.country : undefined,
			fromNumber: readText(ctx, 'additionalFields.fromNumber', 'From Number', i).trim(),
		});
		if ('problem' in rails) return fail(rails.problem);

		const body: SendTextBody = { toNumber, text };
		const fromNumber = options.testMode === true ? TEST_NUMBER : rails.fromNumber;
		if (fromNumber) body.fromNumber = fromNumber;
		if (fields.country !== undefined) body.country = country;

		const callbackUrl = readText(ctx, 'additionalFields.callbackUrl', 'Callback URL', i).trim();
		if (fields.clearCallbackUrl === true) {
			if (callbackUrl) return fail('Callback URL and Clear Stored Callback URL are both set; choose one');
			body.callbackUrl = '';
		} else if (callbackUrl) {
			const urlProblem = callbackUrlProblem(callbackUrl);
			if (urlProblem) return fail(`Callback URL "${callbackUrl}" ${urlProblem}`);
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
	const prepared = items.map((_, i) => prepare(this, i));
	if (!continueOnFail) {
		const invalid = prepared.find((p): p is { error: NodeOperationError } => 'error' in p);
		if (invalid) throw invalid.error;
	}

	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const timeout = Number(options.timeout ?? 30000);
	const baseUrl = await getBaseUrl(this);

	return await runInOrder(
		items.length,
		async (i) => {
			const item = prepared[i];
			if ('error' in item) return errorItem(item.error, i);
			try {
				const sent = await sendText.call(this, baseUrl, item.body, { itemIndex: i, timeout });
				const { encoding, segments } = item.estimate;
				return { json: { ...sent, encoding, estimatedSegments: segments }, pairedItem: { item: i } };
			} catch (error) {
				if (continueOnFail) return errorItem(error as Error, i);
				throw error;
			}
		},
		{ concurrency: Number(options.concurrency ?? 5), pauseBetweenBatchesMs: Number(options.batchInterval ?? 0) },
	);
}
