import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { TEST_NUMBER } from '../../shared/constants';
import { countryName, isPhoneNumber, toE164 } from '../../shared/phone';
import type { SendTextBody } from '../../shared/transport';
import { applyGuardRails } from './guard-rails';
import { itemError } from './item-errors';
import type { ParameterReader } from './parameters';
import { estimateSegments } from './segments';
import type { SegmentEstimate } from './segments';
import { textLength, textProblem } from './validation';

export interface OutgoingText {
	body: SendTextBody;
	estimate: SegmentEstimate;
	/** The country a national To Number is read in. */
	country: string;
}

/** The Guard Rails applied to every text; Opted-Out Numbers is read once per run instead (helpers/opt-out-list.ts). */
const TEXT_RAILS = ['maxLength', 'maxSegments', 'allowedCountries', 'fixedFromNumber'];

/**
 * Reads and checks what every text this node sends needs: To Number (with Country and Format
 * Number), the text itself, From Number (or Test Mode) and the Guard Rails. Fields are resolved
 * one by one, so an expression that fails names its own field. Throws a NodeOperationError
 * naming the item and the field for every problem known before sending.
 */
export function checkOutgoingText(
	ctx: IExecuteFunctions,
	params: ParameterReader,
	i: number,
	text: { label: string; read: () => string },
): OutgoingText {
	const formatNumber = params.value('options.formatNumber', i) !== false;
	const testMode = params.value('options.testMode', i) === true;
	const fail = (message: string, hint?: string) => itemError(ctx, i, message, hint);

	const givenTo = params.text('toNumber', i);
	const rawTo = givenTo.trim();
	if (!rawTo) throw fail('To Number is empty');

	const content = text.read();
	const length = textLength(content);
	const problem = textProblem(content, length);
	if (problem) throw fail(`${text.label} ${problem}`);

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

	const estimate = estimateSegments(content);
	// Rail by rail: reading the whole collection would resolve a long opted-out list for every item.
	const railValues: IDataObject = {};
	for (const rail of TEXT_RAILS) railValues[rail] = params.value(`guardRails.${rail}`, i) as IDataObject[string];
	const rails = applyGuardRails(railValues, {
		textLabel: text.label,
		textLength: length,
		estimate,
		toCountry: formatted.ok ? formatted.country : undefined,
		fromNumber: params.text('additionalFields.fromNumber', i).trim(),
	});
	if ('problem' in rails) throw fail(rails.problem);

	const body: SendTextBody = { toNumber, text: content };
	const fromNumber = testMode ? TEST_NUMBER : rails.fromNumber;
	if (fromNumber && !isPhoneNumber(fromNumber)) throw fail(`From Number "${fromNumber}" is not a phone number`);
	if (fromNumber) body.fromNumber = fromNumber;
	if (params.isSet('additionalFields.country')) body.country = country;
	return { body, estimate, country };
}
