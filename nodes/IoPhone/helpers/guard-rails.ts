import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { COUNTRIES } from './countries';
import { normalizeNumber } from './phone';
import type { SegmentEstimate } from './segments';
import { MAX_TEXT_LENGTH } from '../transport/constants';

/** Limits the user sets and whoever fills the other fields (an AI agent, an expression) cannot lift. */
export const guardRailsDescription: INodeProperties = {
	displayName: 'Guard Rails',
	name: 'guardRails',
	type: 'collection',
	placeholder: 'Add Guard Rail',
	default: {},
	description: 'Limits that protect bulk sends and AI agents using this node as a tool',
	options: [
		{
			displayName: 'Allowed Destination Countries',
			name: 'allowedCountries',
			type: 'multiOptions',
			default: [],
			options: COUNTRIES.map(([code, name]) => ({ name: `${name} (${code})`, value: code })),
			description: 'Only text numbers in these countries. A number elsewhere fails its item.',
		},
		{
			displayName: 'Fixed From Number',
			name: 'fixedFromNumber',
			type: 'string',
			default: '',
			placeholder: '+15551112222',
			description:
				'Always send from this IO Phone number. An item that asks for another From Number fails instead of sending.',
		},
		{
			displayName: 'Max Segments',
			name: 'maxSegments',
			type: 'number',
			default: 0,
			typeOptions: { minValue: 0 },
			description:
				'Fail an item whose text is estimated to take more SMS segments than this (0 means no limit). Emoji and other non-GSM characters shrink a segment from 160 to 70 characters.',
		},
		{
			displayName: 'Max Text Length',
			name: 'maxLength',
			type: 'number',
			default: MAX_TEXT_LENGTH,
			typeOptions: { minValue: 1, maxValue: MAX_TEXT_LENGTH },
			description: `Fail an item whose text is longer than this many characters (IO Phone's own limit is ${MAX_TEXT_LENGTH})`,
		},
	],
};

export interface GuardRailInput {
	textLength: number;
	estimate: SegmentEstimate;
	/** Country of the destination number, when it could be read. */
	toCountry: string | undefined;
	fromNumber: string;
}

/** Why the guard rails stop this send (undefined: it may go), and the From Number to use. */
export function applyGuardRails(
	rails: IDataObject,
	input: GuardRailInput,
): { problem: string } | { fromNumber: string } {
	const maxLength = Number(rails.maxLength ?? MAX_TEXT_LENGTH);
	if (input.textLength > maxLength) {
		return { problem: `Text is ${input.textLength} characters long; the guard rail allows at most ${maxLength}` };
	}
	const maxSegments = Number(rails.maxSegments ?? 0);
	if (maxSegments > 0 && input.estimate.segments > maxSegments) {
		return {
			problem: `Text would take ${input.estimate.segments} ${input.estimate.encoding} segments; the guard rail allows at most ${maxSegments}`,
		};
	}
	const allowed = (rails.allowedCountries as string[] | undefined) ?? [];
	if (allowed.length > 0 && (!input.toCountry || !allowed.includes(input.toCountry))) {
		return {
			problem: `To Number is in ${input.toCountry ?? 'an unknown country'}, which is not among the allowed destination countries (${allowed.join(', ')})`,
		};
	}
	const fixed = typeof rails.fixedFromNumber === 'string' ? rails.fixedFromNumber.trim() : '';
	if (fixed) {
		if (input.fromNumber && normalizeNumber(input.fromNumber) !== normalizeNumber(fixed)) {
			return { problem: `From Number "${input.fromNumber}" differs from the fixed From Number ${fixed}` };
		}
		return { fromNumber: fixed };
	}
	return { fromNumber: input.fromNumber };
}
