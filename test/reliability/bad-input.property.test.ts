/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * Bad input, property-based (fast-check): arbitrary values as To Number, Text, Country, From Number and
 * Callback URL. Each sample is a batch of items sent in ONE workflow run with Continue On Fail; every
 * output item must either be a send whose request IO Phone received matches the expectation, or an error
 * that names the item and the field. N in, N out, paired; nothing else is sent.
 *
 * The oracles use libphonenumber-js and the WHATWG URL parser directly, and IO Phone's rules from the
 * contract (code points, ISO country codes), independently of the node's helpers.
 */
import fc from 'fast-check';
import { isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/min';
import type { CountryCode } from 'libphonenumber-js/min';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { IoPhoneSimulator } from '../../tools/simulator';
import { everyFieldFromItem, runSend, textRequests } from '../support/send-node';
import { expectItemError, expectPaired, NODE_ERRORS } from '../support/reliability';

let sim: IoPhoneSimulator;

beforeAll(async () => {
	sim = await IoPhoneSimulator.start();
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

/** 4 runs × 25 items: 100 samples per property. FC_RUNS=50 (for example) searches deeper. */
const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 4) };
const BATCH = { minLength: 25, maxLength: 25 } as const;
const TO = '+16142579242';
const ACCOUNT = ['+15551112222', '+15553334444'];

// ---- arbitraries ------------------------------------------------------------------------

/** JSON values that are not text: what a wrong mapping hands over. */
const notText = fc.oneof(
	fc.constant(null),
	fc.boolean(),
	fc.array(fc.string({ maxLength: 5 }), { maxLength: 2 }),
	fc.record({ value: fc.string({ maxLength: 5 }) }),
);

const anyString = fc.oneof(
	fc.string({ maxLength: 30 }),
	fc.string({ unit: 'binary', maxLength: 30 }),
	fc.string({ unit: 'grapheme', maxLength: 10 }),
);

const digits = (max: number) => fc.array(fc.constantFrom(...'0123456789'), { maxLength: max }).map((d) => d.join(''));

const phoneValue = fc.oneof(
	anyString,
	notText,
	digits(30),
	digits(30).map((d) => `+${d}`),
	fc.stringMatching(/^\+?[0-9 ()\-.]{0,24}$/),
	fc.stringMatching(/^[0-9A-Za-z+ -]{1,16}$/),
	fc
		.tuple(
			fc.constantFrom(TO, '(614) 257-9242', '614.257.9242', '+1 201 555 0123', '+44 20 7946 0958', '0016142579242', '+4930123456'),
			fc.constantFrom('', ' ', ' ext. 12', ' x9', ';ext=1', 'a', '0', '#', '\u200b', '\u200f'),
			fc.constantFrom('', ' ', '\t', '0', '+'),
		)
		.map(([number, suffix, prefix]) => `${prefix}${number}${suffix}`),
	fc.maxSafeNat(),
	fc.integer({ min: 2_000_000_000, max: 19_999_999_999 }),
	fc.double({ noNaN: true, noDefaultInfinity: true }),
);

const codePoint = fc.oneof(
	fc.constantFrom('a', ' ', '€', 'é', 'ß', '😀', '👍🏽', '🇺🇸', 'ب', 'ש', '\u200f', '\u202e', '\n', '\u00a0', '\ud83d', '{'),
	fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);

/** Exactly 2047, 2048 or 2049 code points of one character (an emoji, a letter, Arabic, a lone surrogate…). */
const boundaryText = fc
	.tuple(fc.constantFrom('a', '😀', 'ب', 'ש', '€', '\ud83d', '\u200f', '{'), fc.constantFrom(2047, 2048, 2049))
	.map(([char, count]) => char.repeat(count));

const textValue = fc.oneof(
	{ arbitrary: boundaryText, weight: 3 },
	anyString,
	notText,
	fc.integer(),
	fc.stringMatching(/^\s{0,4}$/),
	fc.string({ unit: 'binary', minLength: 50, maxLength: 300 }),
	// Right around IO Phone's 2048 code points, with one-unit and two-unit (surrogate pair) characters.
	fc
		.tuple(codePoint, fc.integer({ min: 2040, max: 2056 }), fc.constantFrom('', 'x', '😀'))
		.map(([char, count, tail]) => char.repeat(count) + tail),
	fc
		.tuple(fc.integer({ min: 0, max: 2049 }), fc.integer({ min: 0, max: 2049 }))
		.map(([emoji, letters]) => '😀'.repeat(emoji) + 'a'.repeat(letters)),
);

const countryValue = fc.oneof(
	anyString,
	notText,
	fc.integer({ min: -5, max: 500 }),
	fc.stringMatching(/^[A-Za-z]{2}$/),
	fc
		.tuple(fc.constantFrom('US', 'us', 'Gb', 'DE', 'ca', 'XX', 'UK', 'EU', 'ZZ', 'USA', 'ﬅ', ''), fc.constantFrom('', ' ', '\t'))
		.map(([code, pad]) => `${pad}${code}${pad}`),
);

const urlValue = fc.oneof(
	anyString,
	notText,
	fc.webUrl(),
	fc.webUrl({ withQueryParameters: true, withFragments: true }).map((url) => ` ${url}\n`),
	fc
		.tuple(fc.constantFrom('http://', 'https://', 'HTTPS://', 'ftp://', 'javascript:', 'mailto:', 'file:///', '//', 'http:/', ''), fc.string({ maxLength: 20 }))
		.map(([scheme, rest]) => scheme + rest),
);

const fromValue = fc.oneof(
	anyString,
	notText,
	fc.constantFrom(...ACCOUNT, '(555) 111-2222', '1 555 333 4444', '+1 555-111-2222', '+16142570000', '+19999999999'),
	digits(14),
	fc.constant(15553334444),
);

// ---- oracles ----------------------------------------------------------------------------

type Verdict = { ok: true; value: string } | { ok: false; field: string };

/** The text the node should make of a value: numbers become text; null/undefined ''; the rest refused. */
function asText(value: unknown): string | undefined {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return String(value);
	return undefined;
}

const codePoints = (text: string) => [...text].length;

function countryVerdict(value: unknown): Verdict {
	const text = asText(value);
	if (text === undefined) return { ok: false, field: 'Country' };
	const code = text.trim().toUpperCase() || 'US';
	return /^[A-Z]{2}$/.test(code) && isSupportedCountry(code) ? { ok: true, value: code } : { ok: false, field: 'Country' };
}

function toVerdict(value: unknown, country: string): Verdict {
	const text = asText(value);
	if (text === undefined || text.trim() === '') return { ok: false, field: 'To Number' };
	const parsed = parsePhoneNumberFromString(text.trim(), country as CountryCode);
	return parsed && !parsed.ext && parsed.isValid() ? { ok: true, value: parsed.number } : { ok: false, field: 'To Number' };
}

function textVerdict(value: unknown): Verdict {
	const text = asText(value);
	if (text === undefined || text.trim() === '' || codePoints(text) > 2048) return { ok: false, field: 'Text' };
	return { ok: true, value: text };
}

function urlVerdict(value: unknown): Verdict {
	const text = asText(value);
	if (text === undefined) return { ok: false, field: 'Callback URL' };
	const url = text.trim();
	if (!url) return { ok: true, value: '' };
	try {
		const { protocol } = new URL(url);
		return protocol === 'http:' || protocol === 'https:' ? { ok: true, value: url } : { ok: false, field: 'Callback URL' };
	} catch {
		return { ok: false, field: 'Callback URL' };
	}
}

function fromVerdict(value: unknown): Verdict {
	const text = asText(value);
	if (text === undefined) return { ok: false, field: 'From Number' };
	const number = text.trim();
	if (!number) return { ok: true, value: '' };
	return parsePhoneNumberFromString(number, 'US') ? { ok: true, value: number } : { ok: false, field: 'From Number' };
}

/** IO Phone's own verdict on a From Number it receives: one of the account's numbers (or the test number). */
const ownedByAccount = (from: string) => {
	const e164 = parsePhoneNumberFromString(from, 'US')?.number;
	return e164 !== undefined && (ACCOUNT.includes(e164) || e164 === '+19999999999');
};

// ---- running ----------------------------------------------------------------------------

const FROM_ITEM = everyFieldFromItem(8);

/** Runs the batch as one workflow run and returns each item's output with the request it made, if any. */
async function runBatch(rows: IDataObject[]) {
	sim.reset();
	const items: INodeExecutionData[] = rows.map((row, i) => ({ json: { ...row, marker: i } }));
	// Each item's text is unique (its index is appended where the row leaves Text alone), so requests map back.
	const { items: out, error } = await runSend(sim, FROM_ITEM, { items, continueOnFail: true });
	expect(error).toBeUndefined();
	expectPaired(out, rows.length);
	return out;
}

/** The one request that carried this text (undefined: none); more than one is a failure. */
function requestFor(text: string): IDataObject | undefined {
	const matching = textRequests(sim).filter((r) => (r.body as IDataObject | undefined)?.text === text);
	expect(matching.length).toBeLessThanOrEqual(1);
	return matching[0]?.body as IDataObject | undefined;
}

const uniqueText = (i: number) => `Property item ${i}`;

describe('property: To Number', () => {
	test('any value is sent as the E.164 libphonenumber reads, or fails naming To Number and the item', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(phoneValue, BATCH), async (values) => {
				const out = await runBatch(values.map((toNumber, i) => ({ toNumber, text: uniqueText(i) }) as IDataObject));
				values.forEach((value, i) => {
					const verdict = toVerdict(value, 'US');
					const request = requestFor(uniqueText(i));
					if (verdict.ok) {
						expect({ value, body: request }).toMatchObject({ value, body: { toNumber: verdict.value } });
						expect(out[i].json.to).toBe(verdict.value);
						// E.164 bounds the length at 15 digits only; libphonenumber accepts short national numbers (+43 1000, Vienna).
						expect(verdict.value).toMatch(/^\+[1-9]\d{1,14}$/);
					} else {
						expectItemError(out[i], i, 'To Number', `value ${JSON.stringify(value)}`);
						expect(request).toBeUndefined();
					}
				});
			}),
			RUNS,
		);
	});
});

describe('property: Text', () => {
	test('any value is sent byte for byte when it has 1 to 2048 code points, else fails naming Text and the item', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(textValue, BATCH), async (values) => {
				// Text is the field under test, so the item's To Number carries its index instead.
				const numbers = values.map((_, i) => `+1201555${String(1000 + i).padStart(4, '0')}`);
				const out = await runBatch(values.map((text, i) => ({ toNumber: numbers[i], text }) as IDataObject));
				values.forEach((value, i) => {
					const verdict = textVerdict(value);
					const requests = textRequests(sim).filter((r) => (r.body as IDataObject).toNumber === numbers[i]);
					if (verdict.ok) {
						expect(requests).toHaveLength(1);
						expect(requests[0].body).toMatchObject({ text: verdict.value });
						expect(out[i].json.text).toBe(verdict.value);
						expect(sim.sent.filter((m) => m.to === numbers[i]).map((m) => m.text)).toEqual([verdict.value]);
					} else {
						expectItemError(out[i], i, 'Text', `value of ${typeof value === 'string' ? codePoints(value) : typeof value}`);
						expect(requests).toHaveLength(0);
					}
				});
			}),
			RUNS,
		);
	});
});

describe('property: Country', () => {
	test('any value is sent as the upper-case ISO code IO Phone accepts, or fails naming Country and the item', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(countryValue, BATCH), async (values) => {
				const out = await runBatch(values.map((country, i) => ({ toNumber: TO, text: uniqueText(i), country }) as IDataObject));
				values.forEach((value, i) => {
					const verdict = countryVerdict(value);
					const request = requestFor(uniqueText(i));
					if (verdict.ok) {
						expect({ value, body: request }).toMatchObject({ value, body: { country: verdict.value, toNumber: TO } });
						expect(out[i].json.status).toBe(202);
					} else {
						expectItemError(out[i], i, 'Country', `value ${JSON.stringify(value)}`);
						expect(request).toBeUndefined();
					}
				});
			}),
			RUNS,
		);
	});
});

describe('property: Callback URL', () => {
	test('any value is sent trimmed when it is an http(s) URL, left out when blank, else fails naming Callback URL', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(urlValue, BATCH), async (values) => {
				const out = await runBatch(values.map((callbackUrl, i) => ({ toNumber: TO, text: uniqueText(i), callbackUrl }) as IDataObject));
				values.forEach((value, i) => {
					const verdict = urlVerdict(value);
					const request = requestFor(uniqueText(i));
					if (verdict.ok) {
						expect(out[i].json.status).toBe(202);
						if (verdict.value) expect({ value, body: request }).toMatchObject({ value, body: { callbackUrl: verdict.value } });
						else expect(request).not.toHaveProperty('callbackUrl');
					} else {
						expectItemError(out[i], i, 'Callback URL', `value ${JSON.stringify(value)}`);
						expect(request).toBeUndefined();
					}
				});
			}),
			RUNS,
		);
	});
});

describe('property: From Number', () => {
	test('a phone number is passed on (IO Phone refuses numbers not on the account); anything else fails naming From Number', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(fromValue, BATCH), async (values) => {
				const out = await runBatch(values.map((fromNumber, i) => ({ toNumber: TO, text: uniqueText(i), fromNumber }) as IDataObject));
				values.forEach((value, i) => {
					const verdict = fromVerdict(value);
					const request = requestFor(uniqueText(i));
					if (!verdict.ok) {
						expectItemError(out[i], i, 'From Number', `value ${JSON.stringify(value)}`);
						expect(request).toBeUndefined();
					} else if (!verdict.value) {
						expect(request).not.toHaveProperty('fromNumber');
						expect(out[i].json.from).toBe(ACCOUNT[0]);
					} else {
						expect({ value, body: request }).toMatchObject({ value, body: { fromNumber: verdict.value } });
						if (ownedByAccount(verdict.value)) expect(out[i].json.status).toBe(202);
						else expect(out[i].json).toMatchObject({ httpCode: '403', error: expect.stringContaining("('fromNumber')") });
					}
				});
			}),
			RUNS,
		);
	});
});

describe('property: all fields at once', () => {
	const itemArbitrary = fc.record(
		{ toNumber: phoneValue, text: textValue, country: countryValue, callbackUrl: urlValue },
		{ requiredKeys: ['toNumber', 'text'] },
	);

	/** The fields that must fail (any may be the one reported), or the body that must be sent. */
	function expectationFor(row: IDataObject): { invalid: string[] } | { body: IDataObject } {
		const invalid: string[] = [];
		const country = countryVerdict(row.country);
		const text = textVerdict(row.text);
		const url = urlVerdict(row.callbackUrl);
		if (!country.ok) invalid.push('Country', 'To Number'); // the number cannot be read without a country
		const to = country.ok ? toVerdict(row.toNumber, country.value) : undefined;
		if (to && !to.ok) invalid.push('To Number');
		if (asText(row.toNumber)?.trim() === '' || asText(row.toNumber) === undefined) invalid.push('To Number');
		if (!text.ok) invalid.push('Text');
		if (!url.ok) invalid.push('Callback URL');
		if (invalid.length > 0 || !to?.ok || !text.ok || !url.ok || !country.ok) return { invalid };
		const body: IDataObject = { toNumber: to.value, text: text.value, country: country.value };
		if (url.value) body.callbackUrl = url.value;
		return { body };
	}

	test('an item with every field arbitrary is sent exactly right, or fails naming the item and a field that is wrong', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(itemArbitrary, { minLength: 30, maxLength: 30 }), async (rows) => {
				const out = await runBatch(rows as IDataObject[]);
				const requests = textRequests(sim).map((r) => r.body as IDataObject);
				rows.forEach((row, i) => {
					const expected = expectationFor(row as IDataObject);
					const context = `row ${JSON.stringify(row).slice(0, 300)}`;
					if ('body' in expected) {
						expect({ context, error: out[i].json.error }).toEqual({ context, error: undefined });
						expect({ context, sent: requests.some((body) => matches(body, expected.body)) }).toEqual({ context, sent: true });
					} else {
						const message = out[i].json.error as string;
						expect({ context, message }).toEqual({ context, message: expect.stringContaining(`[item ${i}]`) });
						expect({ context, named: expected.invalid.some((field) => message.startsWith(field) || message.includes(`${field} `)) }).toEqual({ context, named: true });
					}
				});
				// Only valid items went out.
				const valid = rows.filter((row) => 'body' in expectationFor(row as IDataObject)).length;
				expect(requests).toHaveLength(valid);
			}),
			RUNS,
		);
	});

	test('without Continue On Fail, any single item either sends or the run fails with a node error naming item 0', async () => {
		await fc.assert(
			fc.asyncProperty(itemArbitrary, async (row) => {
				sim.reset();
				const { error } = await runSend(sim, FROM_ITEM, { items: [{ json: row as IDataObject }] });
				const expected = expectationFor(row as IDataObject);
				if ('body' in expected) {
					expect(error).toBeUndefined();
					expect(textRequests(sim)).toHaveLength(1);
				} else {
					expect(NODE_ERRORS).toContain(error?.name);
					expect(error?.message).toContain('[item 0]');
					expect(textRequests(sim)).toHaveLength(0);
				}
			}),
			{ numRuns: 10 * RUNS.numRuns },
		);
	});
});

/** Exactly the expected fields, with these values. */
function matches(actual: IDataObject, expected: IDataObject): boolean {
	return Object.entries(expected).every(([key, value]) => actual[key] === value) && Object.keys(actual).every((key) => key in expected);
}
