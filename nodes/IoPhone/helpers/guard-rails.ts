import type { IDataObject } from 'n8n-workflow';

import { MAX_TEXT_LENGTH } from '../../shared/constants';
import { normalizeNumber } from '../../shared/phone';
import type { SegmentEstimate } from './segments';
import { numberFrom } from './values';

interface GuardRailInput {
	/** How errors name the text ('Text', or 'Message with its links'). */
	textLabel: string;
	textLength: number;
	estimate: SegmentEstimate;
	/** Country of the destination number, when it could be read. */
	toCountry: string | undefined;
	fromNumber: string;
}

/** Why the guard rails stop this send ({ problem }), or the From Number it may go from ({ fromNumber }). */
export function applyGuardRails(
	rails: IDataObject,
	input: GuardRailInput,
): { problem: string } | { fromNumber: string } {
	// A rail whose value is not understood stops the send rather than letting everything through.
	const maxLength = railNumber(rails.maxLength, MAX_TEXT_LENGTH);
	if (maxLength === undefined) return { problem: `Guard rail Max Text Length must be a number, but the value is ${show(rails.maxLength)}` };
	if (input.textLength > maxLength) {
		return { problem: `${input.textLabel} is ${input.textLength} characters long; the guard rail allows at most ${maxLength}` };
	}
	const maxSegments = railNumber(rails.maxSegments, 0);
	if (maxSegments === undefined) return { problem: `Guard rail Max Segments must be a number, but the value is ${show(rails.maxSegments)}` };
	if (maxSegments > 0 && input.estimate.segments > maxSegments) {
		return {
			problem: `${input.textLabel} would take ${input.estimate.segments} ${input.estimate.encoding} segments; the guard rail allows at most ${maxSegments}`,
		};
	}
	const allowed = countryList(rails.allowedCountries);
	if (allowed === undefined) {
		return { problem: `Guard rail Destination Countries must be a list of country codes, but the value is ${show(rails.allowedCountries)}` };
	}
	if (allowed.length > 0 && (!input.toCountry || !allowed.includes(input.toCountry))) {
		return {
			problem: `To Number is in ${input.toCountry ?? 'an unknown country'}, which is not among the allowed destination countries (${allowed.join(', ')})`,
		};
	}
	const fixed =
		typeof rails.fixedFromNumber === 'string' || typeof rails.fixedFromNumber === 'number' ? String(rails.fixedFromNumber).trim() : '';
	if (fixed) {
		if (input.fromNumber && normalizeNumber(input.fromNumber) !== normalizeNumber(fixed)) {
			return { problem: `From Number "${input.fromNumber}" differs from the fixed From Number ${fixed}` };
		}
		return { fromNumber: fixed };
	}
	return { fromNumber: input.fromNumber };
}

/**
 * The longest text the node may send: IO Phone's limit, or the Max Text Length rail when it is
 * lower. A rail that is not a usable number counts as unset here; applyGuardRails reports it.
 */
export function textLimit(maxLengthRail: unknown): number {
	const rail = railNumber(maxLengthRail, MAX_TEXT_LENGTH);
	return rail !== undefined && rail >= 1 ? Math.min(Math.floor(rail), MAX_TEXT_LENGTH) : MAX_TEXT_LENGTH;
}

/** A numeric rail: its default when unset, the number (numeric text too), or undefined when it is not one. */
function railNumber(value: unknown, fallback: number): number | undefined {
	return value === undefined || value === null ? fallback : numberFrom(value);
}

/** Country codes from the multi-select, or from an expression giving a list or text like "US, CA". */
function countryList(value: unknown): string[] | undefined {
	if (value === undefined || value === null) return [];
	const list = typeof value === 'string' ? value.split(/[\s,;]+/) : value;
	if (!Array.isArray(list) || !list.every((code) => typeof code === 'string')) return undefined;
	return (list as string[]).map((code) => code.trim().toUpperCase()).filter(Boolean);
}

function show(value: unknown): string {
	return typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? 'a list' : String(value);
}
