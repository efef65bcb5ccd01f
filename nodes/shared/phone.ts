import type * as PhoneLib from 'libphonenumber-js/min';

import { COUNTRIES } from './countries';

let phoneLib: typeof PhoneLib | undefined;

/** libphonenumber-js and its metadata load on the first number formatted, once per process. */
function lib(): typeof PhoneLib {
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- an import would load it with the node; the bundle maps this require to dist/vendor/ (scripts/bundle.mjs)
	phoneLib ??= require('libphonenumber-js/min') as typeof PhoneLib;
	return phoneLib;
}

const COUNTRY_NAMES = new Map(COUNTRIES.map(([code, name]) => [code, name]));

/** The English name of an ISO 3166-1 alpha-2 code, or undefined if IO Phone numbers can't be read in it. */
export function countryName(code: string): string | undefined {
	return COUNTRY_NAMES.get(code);
}

export type FormatResult = { ok: true; e164: string; country?: string } | { ok: false; reason: string };

/**
 * Reads a phone number written for `country` (ignored when the number starts with +) and
 * returns it in E.164. Numbers that could not be dialled, or that carry an extension, are refused.
 */
export function toE164(value: string, country: string): FormatResult {
	const parsed = lib().parsePhoneNumberFromString(value, country as PhoneLib.CountryCode);
	if (!parsed) return { ok: false, reason: 'is not a phone number' };
	if (parsed.ext) return { ok: false, reason: 'has an extension, which a text message cannot reach' };
	if (!parsed.isValid()) return { ok: false, reason: 'is not a valid phone number' };
	return { ok: true, e164: parsed.number, country: parsed.country };
}

/** Best-effort E.164 for numbers we only compare or pass on (such as your own IO Phone numbers). */
export function normalizeNumber(value: string, country = 'US'): string {
	const trimmed = value.trim();
	if (!trimmed) return trimmed;
	return lib().parsePhoneNumberFromString(trimmed, country as PhoneLib.CountryCode)?.number ?? trimmed;
}

/** Whether the value reads as a phone number at all (validity not required: IO Phone's own numbers may be 555s). */
export function isPhoneNumber(value: string, country = 'US'): boolean {
	return lib().parsePhoneNumberFromString(value.trim(), country as PhoneLib.CountryCode) !== undefined;
}

/**
 * What two ways of writing one number have in common, for comparing numbers as numbers: the
 * digits of its E.164 form ("(614) 555-0123" in the US and "+1 614-555-0123" give 16145550123).
 * Text that is no possible phone number in `country` keeps its own digits, so it still matches
 * itself written with other punctuation; text without digits gives ''.
 */
export function numberKey(value: string, country = 'US'): string {
	// libphonenumber reads plain spaces only; a tab or no-break space (pasted from a sheet) would make it give up.
	const parsed = lib().parsePhoneNumberFromString(value.replace(/\s/g, ' '), country as PhoneLib.CountryCode);
	return (parsed?.isPossible() ? parsed.number : value).replace(/\D/g, '');
}
