import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { TEST_NUMBER } from '../../shared/constants';
import { countryName, isPhoneNumber, toE164 } from '../../shared/phone';
import type { SendTextBody } from '../../shared/transport';
import { applyGuardRails, textLimit } from './guard-rails';
import { itemError } from './item-errors';
import type { ParameterReader } from './parameters';
import { estimateSegments } from './segments';
import type { SegmentEstimate } from './segments';
import { splitText, truncateText } from './split-text';
import type { IfTooLong } from './split-text';
import { textLength, textProblem } from './validation';

export interface OutgoingText {
	body: SendTextBody;
	estimate: SegmentEstimate;
	/** The country a national To Number is read in. */
	country: string;
	/**
	 * If Text Is Too Long → Split: the texts to send one after another (one when the text fits), while
	 * `body.text` is the whole text and `estimate` the parts' total.
	 */
	parts?: TextPart[];
	/** If Text Is Too Long → Truncate: whether `body.text` was shortened. */
	truncated?: boolean;
}

export interface TextPart {
	text: string;
	estimate: SegmentEstimate;
}

/** The Guard Rails applied to every text; Opted-Out Numbers is read once per run instead (helpers/opt-out-list.ts). */
const TEXT_RAILS = ['maxLength', 'maxSegments', 'allowedCountries', 'fixedFromNumber'];

/**
 * Reads and checks what every text this node sends needs: To Number (with Country and Format
 * Number), the text itself, From Number (or Test Mode) and the Guard Rails. Fields are resolved
 * one by one, so an expression that fails names its own field. Throws a NodeOperationError
 * naming the item and the field for every problem known before sending.
 *
 * `text.ifTooLong` (Options → If Text Is Too Long; Fail when absent) may split or shorten a text
 * over IO Phone's limit, or the Max Text Length rail when that is lower. The other Guard Rails judge
 * what goes out: Max Segments counts every part of a split text.
 */
export function checkOutgoingText(
	ctx: IExecuteFunctions,
	params: ParameterReader,
	i: number,
	text: { label: string; read: () => string; ifTooLong?: IfTooLong },
): OutgoingText {
	const formatNumber = params.value('options.formatNumber', i) !== false;
	const testMode = params.value('options.testMode', i) === true;
	const fail = (message: string, hint?: string) => itemError(ctx, i, message, hint);

	const givenTo = params.text('toNumber', i);
	const rawTo = givenTo.trim();
	if (!rawTo) throw fail('To Number is empty');

	const given = text.read();
	// Too long is longer than IO Phone takes, or than the Max Text Length rail allows when that is lower.
	const limit = text.ifTooLong && text.ifTooLong !== 'fail' ? textLimit(params.value('guardRails.maxLength', i)) : undefined;
	const content = text.ifTooLong === 'truncate' ? truncateText(given, limit) : given;
	const pieces = text.ifTooLong === 'split' && given.trim() !== '' ? splitText(given, limit).parts : [content];
	const lengths = pieces.map(textLength);
	for (const [p, piece] of pieces.entries()) {
		const problem = textProblem(piece, lengths[p]);
		if (problem) throw fail(`${text.label}${pieces.length > 1 ? ` (part ${p + 1} of ${pieces.length})` : ''} ${problem}`);
	}

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

	const parts = text.ifTooLong === 'split' ? pieces.map((piece) => ({ text: piece, estimate: estimateSegments(piece) })) : undefined;
	const estimate = parts ? totalEstimate(parts) : estimateSegments(content);
	// Rail by rail: reading the whole collection would resolve a long opted-out list for every item.
	const railValues: IDataObject = {};
	for (const rail of TEXT_RAILS) railValues[rail] = params.value(`guardRails.${rail}`, i) as IDataObject[string];
	const rails = applyGuardRails(railValues, {
		textLabel: text.label,
		textLength: lengths.length === 1 ? lengths[0] : Math.max(...lengths),
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
	const outgoing: OutgoingText = { body, estimate, country };
	if (parts) outgoing.parts = parts;
	if (text.ifTooLong === 'truncate') outgoing.truncated = content !== given;
	return outgoing;
}

/** Several texts as one: UCS-2 when any of them is, units and segments added up. */
function totalEstimate(parts: TextPart[]): SegmentEstimate {
	return {
		encoding: parts.some((part) => part.estimate.encoding === 'UCS-2') ? 'UCS-2' : 'GSM-7',
		units: parts.reduce((sum, part) => sum + part.estimate.units, 0),
		segments: parts.reduce((sum, part) => sum + part.estimate.segments, 0),
	};
}
