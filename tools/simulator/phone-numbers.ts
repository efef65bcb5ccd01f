/** Phone number helpers shared by the send validation and the simulator. */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export const TEST_NUMBER = '+19999999999';

/** E.164 form of `value` parsed for `country`, or undefined when it cannot be parsed (validity not required). */
export function toE164(value: string, country: CountryCode = 'US'): string | undefined {
	try {
		return parsePhoneNumberFromString(value, country)?.number;
	} catch {
		return undefined;
	}
}

/** E.164 when parseable, else the trimmed input: used to look up account numbers leniently. */
export function normaliseNumber(value: string): string {
	return toE164(value) ?? value.trim();
}
