/** Validation and normalisation of a POST /text body, in the order the rules are checked. */
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { TEST_NUMBER, toE164 } from './phone-numbers';

export const MAX_TEXT_LENGTH = 2048;

export interface SendTextRequest {
	/** Recipient, E.164. */
	to: string;
	/** Sender, E.164 (an account number or TEST_NUMBER). */
	from: string;
	text: string;
	/** undefined: keep the stored URL; '': clear it; otherwise the new URL. */
	callbackUrl?: string;
}

export type SendTextResult =
	| { ok: true; request: SendTextRequest }
	| { ok: false; status: number; message: string };

const reject = (status: number, message: string): SendTextResult => ({ ok: false, status, message });

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `accountNumbers` must already be E.164; the first is the default sender. */
export function validateSendText(body: unknown, accountNumbers: readonly string[]): SendTextResult {
	if (!isPlainObject(body)) return reject(400, 'Request body must be a JSON object');
	const { toNumber, text, country, fromNumber, callbackUrl } = body;

	if (toNumber === undefined || toNumber === null || toNumber === '')
		return reject(400, "Required parameter 'toNumber' cannot be empty");
	if (typeof toNumber !== 'string') return reject(400, "Parameter 'toNumber' must be a string");
	if (toNumber.trim() === '') return reject(400, "Required parameter 'toNumber' cannot be empty");

	if (text === undefined || text === null || text === '')
		return reject(400, "Required parameter 'text' cannot be empty");
	if (typeof text !== 'string') return reject(400, "Parameter 'text' must be a string");
	if ([...text].length > MAX_TEXT_LENGTH)
		return reject(400, `Parameter 'text' must be ${MAX_TEXT_LENGTH} characters or less`);

	// Omitted or '' means the default, US; codes are accepted in any case.
	let countryCode: CountryCode = 'US';
	if (country !== undefined && country !== null && country !== '') {
		const code = typeof country === 'string' ? country.trim().toUpperCase() : '';
		if (!/^[A-Z]{2}$/.test(code) || !isSupportedCountry(code))
			return reject(400, `Invalid 'country' ('${String(country)}'): expected an ISO 3166-1 alpha-2 code`);
		countryCode = code;
	}

	let to: string | undefined;
	try {
		const parsed = parsePhoneNumberFromString(toNumber, countryCode);
		if (parsed?.isValid()) to = parsed.number;
	} catch {
		// unparseable: rejected below
	}
	if (!to) return reject(400, `Invalid 'toNumber' ('${toNumber}') for country ${countryCode}`);

	// Omitted, null or '' means the account's first number.
	let from = accountNumbers[0];
	if (fromNumber !== undefined && fromNumber !== null && fromNumber !== '') {
		const parsed = typeof fromNumber === 'string' ? toE164(fromNumber) : undefined;
		if (!parsed || (parsed !== TEST_NUMBER && !accountNumbers.includes(parsed)))
			return reject(403, "This account is not authorized to send text messages from this number ('fromNumber')");
		from = parsed;
	}

	if (callbackUrl !== undefined && callbackUrl !== '' && !isHttpUrl(callbackUrl))
		return reject(400, "Invalid 'callbackUrl'");

	return { ok: true, request: { to, from, text, callbackUrl: callbackUrl as string | undefined } };
}

function isHttpUrl(value: unknown): boolean {
	if (typeof value !== 'string') return false;
	try {
		const { protocol } = new URL(value);
		return protocol === 'http:' || protocol === 'https:';
	} catch {
		return false;
	}
}
