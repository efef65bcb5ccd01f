/**
 * Bad input, table-driven: every field of Message → Send fed odd values. Each row either sends exactly
 * the right thing (checked in what the simulator received) or fails with an error that names the item
 * (`[item N]`) and the field. Nothing throws an unexpected exception: run errors are NodeOperationError or
 * NodeApiError, never a TypeError that n8n wrapped.
 *
 * All rows run as the items of ONE workflow run (every field is an expression on the item, Continue On
 * Fail on), then each row runs alone without Continue On Fail to check the run error's shape.
 */
import type { IDataObject } from 'n8n-workflow';

import { IoPhoneSimulator } from '../../tools/simulator';
import { everyFieldFromItem, runSend, sendParameters, textRequests } from '../support/send-node';
import { expectItemError, expectPaired, expectRunError, NODE_ERRORS } from '../support/reliability';

let sim: IoPhoneSimulator;

beforeAll(async () => {
	sim = await IoPhoneSimulator.start();
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

/** The fields of one item, as an upstream node (or an AI agent) might hand them over. */
interface Input {
	toNumber?: unknown;
	text?: unknown;
	country?: unknown;
	fromNumber?: unknown;
	callbackUrl?: unknown;
}

type Expectation =
	/** Sent: the request body IO Phone received contains this. */
	| { sends: IDataObject }
	/** Failed before sending, naming this field (and the item); the message, when given, exactly. */
	| { fails: string; message?: string }
	/** Sent, and refused by IO Phone with this status and message (NodeApiError, item in its context). */
	| { refused: string; message: string };

const TO = '+16142579242';
const TEXT = 'Hello from the reliability suite';
const A2048 = 'a'.repeat(2048);
const EMOJI_2048 = '😀'.repeat(2048);
const FAMILY = '👨‍👩‍👧'; // 5 code points, one grapheme
const ARABIC = 'مرحبا بالعالم، كيف حالك اليوم؟';
const HEBREW = 'שלום עולם, מה שלומך היום?';

const ROWS: Array<[string, Input, Expectation]> = [
	// ---- To Number ----------------------------------------------------------------------
	['To Number with letters', { toNumber: 'call me maybe' }, { fails: 'To Number', message: 'To Number "call me maybe" is not a phone number in United States (US) [item $i]' }],
	['To Number as a vanity number', { toNumber: '1-800-FLOWERS' }, { fails: 'To Number' }],
	['To Number with letters among digits', { toNumber: '+1 614 ABC 9242' }, { fails: 'To Number' }],
	['To Number with an extension (ext.)', { toNumber: '+1 614 257 9242 ext. 12' }, { fails: 'To Number', message: 'To Number "+1 614 257 9242 ext. 12" has an extension, which a text message cannot reach in United States (US) [item $i]' }],
	['To Number with an extension (x)', { toNumber: '(614) 257-9242 x12' }, { fails: 'To Number' }],
	['To Number with an extension (;ext=)', { toNumber: '+16142579242;ext=12' }, { fails: 'To Number' }],
	['To Number with leading zeros', { toNumber: '0016142579242' }, { fails: 'To Number' }],
	['To Number with the US international prefix 011', { toNumber: '011 44 20 7946 0958' }, { sends: { toNumber: '+442079460958' } }],
	['To Number "0"', { toNumber: '0' }, { fails: 'To Number' }],
	['To Number of 30 digits', { toNumber: '1'.repeat(30) }, { fails: 'To Number' }],
	['To Number of 30 digits after +', { toNumber: `+${'4'.repeat(30)}` }, { fails: 'To Number' }],
	['To Number empty', { toNumber: '' }, { fails: 'To Number', message: 'To Number is empty [item $i]' }],
	['To Number blank', { toNumber: ' \t ' }, { fails: 'To Number', message: 'To Number is empty [item $i]' }],
	['To Number null', { toNumber: null }, { fails: 'To Number', message: 'To Number is empty [item $i]' }],
	['To Number as a JSON number', { toNumber: 16142579242 }, { sends: { toNumber: TO } }],
	['To Number as a JSON number without country code', { toNumber: 6142579242 }, { sends: { toNumber: TO } }],
	['To Number as the number 0', { toNumber: 0 }, { fails: 'To Number' }],
	['To Number as a negative number (the minus reads as a dash)', { toNumber: -16142579242 }, { sends: { toNumber: TO } }],
	['To Number as NaN', { toNumber: Number.NaN }, { fails: 'To Number' }],
	['To Number as a list', { toNumber: [TO] }, { fails: 'To Number', message: 'To Number must be text, but the value is a list [item $i]' }],
	['To Number as an object', { toNumber: { number: TO } }, { fails: 'To Number', message: 'To Number must be text, but the value is an object [item $i]' }],
	['To Number as a boolean', { toNumber: true }, { fails: 'To Number' }],
	['To Number in Arabic-Indic digits', { toNumber: '١٦١٤٢٥٧٩٢٤٢' }, { sends: { toNumber: TO } }],
	['To Number in full-width digits', { toNumber: '＋１６１４２５７９２４２' }, { sends: { toNumber: TO } }],
	['To Number with a zero-width space', { toNumber: '614 257 9242\u200b' }, { sends: { toNumber: TO } }],
	['To Number with right-to-left marks', { toNumber: '\u200f+1 614 257 9242\u200f' }, { sends: { toNumber: TO } }],

	// ---- Text ---------------------------------------------------------------------------
	['Text with emoji', { text: 'Hi 👋🏽 see you at 🕗 ✅' }, { sends: { text: 'Hi 👋🏽 see you at 🕗 ✅' } }],
	['Text in Arabic (right-to-left)', { text: ARABIC }, { sends: { text: ARABIC } }],
	['Text in Hebrew (right-to-left)', { text: HEBREW }, { sends: { text: HEBREW } }],
	['Text with bidi override characters', { text: '\u202egnp.exe\u202c order 42' }, { sends: { text: '\u202egnp.exe\u202c order 42' } }],
	['Text with a NUL and control characters', { text: 'a\u0000b\u0007c\r\nd' }, { sends: { text: 'a\u0000b\u0007c\r\nd' } }],
	['Text with a lone surrogate', { text: 'broken \ud83d half' }, { sends: { text: 'broken \ud83d half' } }],
	['Text of exactly 2048 characters', { text: A2048 }, { sends: { text: A2048 } }],
	['Text of 2049 characters', { text: `${A2048}a` }, { fails: 'Text', message: 'Text is 2049 characters long; IO Phone accepts at most 2048 [item $i]' }],
	['Text of 2048 emoji (4096 UTF-16 units)', { text: EMOJI_2048 }, { sends: { text: EMOJI_2048 } }],
	['Text of 2049 emoji', { text: `${EMOJI_2048}😀` }, { fails: 'Text', message: 'Text is 2049 characters long; IO Phone accepts at most 2048 [item $i]' }],
	['Text of 2047 letters and one emoji', { text: `${'b'.repeat(2047)}😀` }, { sends: { text: `${'b'.repeat(2047)}😀` } }],
	['Text of 2048 Arabic letters', { text: 'ب'.repeat(2048) }, { sends: { text: 'ب'.repeat(2048) } }],
	['Text of 409 ZWJ families and 3 letters (2048 code points)', { text: `${FAMILY.repeat(409)}abc` }, { sends: { text: `${FAMILY.repeat(409)}abc` } }],
	['Text of 410 ZWJ families (2050 code points)', { text: FAMILY.repeat(410) }, { fails: 'Text', message: 'Text is 2050 characters long; IO Phone accepts at most 2048 [item $i]' }],
	['Text empty', { text: '' }, { fails: 'Text', message: 'Text is empty [item $i]' }],
	['Text of whitespace only', { text: ' \n\t\u00a0' }, { fails: 'Text', message: 'Text is empty [item $i]' }],
	['Text null', { text: null }, { fails: 'Text', message: 'Text is empty [item $i]' }],
	['Text as a number', { text: 42 }, { sends: { text: '42' } }],
	['Text as a list', { text: ['a', 'b'] }, { fails: 'Text', message: 'Text must be text, but the value is a list [item $i]' }],
	['Text as an object', { text: { body: 'hi' } }, { fails: 'Text', message: 'Text must be text, but the value is an object [item $i]' }],
	['Text as a boolean', { text: false }, { fails: 'Text', message: 'Text must be text, but the value is false (a boolean) [item $i]' }],

	// ---- Country ------------------------------------------------------------------------
	['Country in lower case with padding', { toNumber: '020 7946 0958', country: ' gb ' }, { sends: { toNumber: '+442079460958', country: 'GB' } }],
	['Country unknown', { country: 'XX' }, { fails: 'Country', message: 'Country "XX" is not a known ISO 3166-1 alpha-2 code [item $i]' }],
	['Country as three letters', { country: 'USA' }, { fails: 'Country' }],
	['Country as a number', { country: 1 }, { fails: 'Country', message: 'Country "1" is not a known ISO 3166-1 alpha-2 code [item $i]' }],
	['Country with an emoji flag', { country: '🇬🇧' }, { fails: 'Country' }],
	['Country as a list', { country: ['GB'] }, { fails: 'Country', message: 'Country must be text, but the value is a list [item $i]' }],
	['Country null (default US)', { toNumber: '(614) 257-9242', country: null }, { sends: { toNumber: TO, country: 'US' } }],
	['Country forcing how a national number is read', { toNumber: '(614) 257-9242', country: 'DE' }, { sends: { toNumber: '+496142579242', country: 'DE' } }],
	['Country that does not fit the number', { toNumber: '(614) 257-9242', country: 'FR' }, { fails: 'To Number', message: 'To Number "(614) 257-9242" is not a valid phone number in France (FR) [item $i]' }],

	// ---- From Number --------------------------------------------------------------------
	['From Number of the account', { fromNumber: '+15553334444' }, { sends: { fromNumber: '+15553334444' } }],
	['From Number as a JSON number', { fromNumber: 15553334444 }, { sends: { fromNumber: '15553334444' } }],
	['From Number with letters', { fromNumber: 'my number' }, { fails: 'From Number', message: 'From Number "my number" is not a phone number [item $i]' }],
	['From Number as a list', { fromNumber: ['+15553334444'] }, { fails: 'From Number' }],
	['From Number not owned by the account', { fromNumber: '+16142570000' }, { refused: '403', message: "This account is not authorized to send text messages from this number ('fromNumber')" }],

	// ---- Callback URL -------------------------------------------------------------------
	['Callback URL with padding', { callbackUrl: '  https://example.com/hook?a=1  ' }, { sends: { callbackUrl: 'https://example.com/hook?a=1' } }],
	['Callback URL with a non-ASCII host', { callbackUrl: 'https://bücher.example/hook' }, { sends: { callbackUrl: 'https://bücher.example/hook' } }],
	['Callback URL over ftp', { callbackUrl: 'ftp://example.com/x' }, { fails: 'Callback URL', message: 'Callback URL "ftp://example.com/x" must start with http:// or https:// [item $i]' }],
	['Callback URL javascript:', { callbackUrl: 'javascript:alert(1)' }, { fails: 'Callback URL' }],
	['Callback URL that is not a URL', { callbackUrl: 'example.com/hook' }, { fails: 'Callback URL', message: 'Callback URL "example.com/hook" is not a URL [item $i]' }],
	['Callback URL as a number', { callbackUrl: 42 }, { fails: 'Callback URL' }],
	['Callback URL as an object', { callbackUrl: { url: 'https://example.com' } }, { fails: 'Callback URL', message: 'Callback URL must be text, but the value is an object [item $i]' }],
	['Callback URL null', { callbackUrl: null }, { sends: {} }],
];

/** Every field an expression on the item, so one run can carry every row; one at a time, so row and request line up. */
const FROM_ITEM = everyFieldFromItem(1);

/** The item of a row: defaults for the fields it does not set (a missing key resolves to undefined). */
function itemOf(input: Input): IDataObject {
	return { toNumber: TO, text: TEXT, ...input } as IDataObject;
}

const messageFor = (template: string, i: number) => template.replace('$i', String(i));

describe('bad input, every row as an item of one run (Continue On Fail)', () => {
	test(`${ROWS.length} rows in, ${ROWS.length} out, each sent right or failed naming item and field`, async () => {
		const { items, error } = await runSend(sim, FROM_ITEM, {
			items: ROWS.map(([, input]) => ({ json: itemOf(input) })),
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expectPaired(items, ROWS.length);

		const bodies = textRequests(sim).map((request) => request.body as IDataObject);
		let request = 0;
		ROWS.forEach(([label, input, expected], i) => {
			const out = items[i].json;
			const context = `row ${i}: ${label}`;
			if (!('fails' in expected) && !(typeof out.error === 'string' && out.error.includes('[item'))) {
				const body = bodies[request++];
				expect({ context, body }).toMatchObject({ context, body: { text: String(itemOf(input).text) } });
			}
			if ('sends' in expected) {
				expect({ context, error: out.error }).toEqual({ context, error: undefined });
				expect({ context, body: bodies[request - 1] }).toMatchObject({ context, body: expected.sends });
				expect({ context, text: out.text, status: out.status }).toEqual({ context, text: String(itemOf(input).text), status: 202 });
			} else if ('fails' in expected) {
				expectItemError(items[i], i, expected.fails, context);
				if (expected.message) expect({ context, error: out.error }).toEqual({ context, error: messageFor(expected.message, i) });
			} else {
				expect({ context, error: out.error, httpCode: out.httpCode }).toEqual({ context, error: expected.message, httpCode: expected.refused });
			}
		});

		// Only rows that may be sent reached IO Phone, once each.
		const sendable = ROWS.filter(([, , e]) => !('fails' in e)).length;
		expect(textRequests(sim)).toHaveLength(sendable);
	});
});

describe('bad input, each row alone without Continue On Fail', () => {
	test.each(ROWS)('%s', async (_label, input, expected) => {
		const { items, error } = await runSend(sim, FROM_ITEM, { items: [{ json: itemOf(input) }] });
		if ('sends' in expected) {
			expect(error).toBeUndefined();
			expect(textRequests(sim)).toHaveLength(1);
			expect(textRequests(sim)[0].body).toMatchObject(expected.sends);
			expect(items[0].json.status).toBe(202);
			expect(sim.sent[0].text).toBe(String(itemOf(input).text));
		} else if ('fails' in expected) {
			expectRunError(error, 0, expected.fails);
			expect(error?.name).toBe('NodeOperationError');
			if (expected.message) expect(error?.message).toBe(messageFor(expected.message, 0));
			expect(textRequests(sim)).toHaveLength(0);
		} else {
			expect(error?.name).toBe('NodeApiError');
			expect(error?.message).toBe(expected.message);
			expect((error as unknown as { httpCode: string }).httpCode).toBe(expected.refused);
			expect((error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(0);
		}
	});
});

describe('expressions written in the fields themselves', () => {
	test.each([
		['a number', { toNumber: '={{ 16142579242 }}' }, { sends: { toNumber: TO } }],
		['a number in Text', { text: '={{ 6 * 7 }}' }, { sends: { text: '42' } }],
		['a list', { toNumber: '={{ ["+16142579242"] }}' }, { fails: 'To Number', message: 'To Number must be text, but the value is a list [item 0]' }],
		['an object', { text: '={{ { a: 1 } }}' }, { fails: 'Text', message: 'Text must be text, but the value is an object [item 0]' }],
		['null', { text: '={{ null }}' }, { fails: 'Text', message: 'Text is empty [item 0]' }],
		['a syntax error in Text', { text: '={{ $json. }}' }, { fails: 'Text could not be resolved' }],
		['a syntax error in Callback URL', { additionalFields: { callbackUrl: '={{ "https://x" + }}' } }, { fails: 'Callback URL could not be resolved' }],
		['a syntax error in Test Mode', { options: { testMode: '={{ tru e }}' } }, { fails: 'Test Mode could not be resolved' }],
	] as Array<[string, IDataObject, Expectation]>)('%s', async (_label, overrides, expected) => {
		const { error } = await runSend(sim, sendParameters(overrides));
		if ('sends' in expected) {
			expect(error).toBeUndefined();
			expect(textRequests(sim)[0].body).toMatchObject(expected.sends);
		} else if ('fails' in expected) {
			expectRunError(error, 0, expected.fails);
			if (expected.message) expect(error?.message).toBe(expected.message);
			expect(textRequests(sim)).toHaveLength(0);
		}
	});
});

describe('options and guard rails fed odd values', () => {
	test.each([
		['Sends at Once as text', { options: { concurrency: '={{ "many" }}' } }, 'Sends at Once must be a number of at least 1, but the value is "many" [item 0]'],
		['Sends at Once as a list', { options: { concurrency: '={{ [5] }}' } }, 'Sends at Once must be a number of at least 1, but the value is a list [item 0]'],
		['Sends at Once of 0', { options: { concurrency: '={{ 0 }}' } }, 'Sends at Once must be a number of at least 1, but the value is 0 [item 0]'],
		['Timeout as text', { options: { timeout: '={{ "soon" }}' } }, 'Timeout (Milliseconds) must be a number of at least 1, but the value is "soon" [item 0]'],
		['Timeout infinite', { options: { timeout: '={{ Infinity }}' } }, 'Timeout (Milliseconds) must be a number of at least 1, but the value is Infinity [item 0]'],
		['Pause Between Batches negative', { options: { batchInterval: '={{ -5 }}' } }, 'Pause Between Batches must be a number of at least 0, but the value is -5 [item 0]'],
	] as Array<[string, IDataObject, string]>)('%s: a clear error before anything is sent, also with Continue On Fail', async (_l, overrides, message) => {
		for (const continueOnFail of [false, true]) {
			const { error, items } = await runSend(sim, sendParameters(overrides), { items: [{ json: {} }, { json: {} }], continueOnFail });
			if (continueOnFail) {
				expect(error).toBeUndefined();
				expectPaired(items, 2);
				for (const item of items) expect(item.json.error).toBe(message);
			} else {
				expectRunError(error, 0, message.split(' must')[0]);
				expect(error?.message).toBe(message);
			}
		}
		expect(textRequests(sim)).toHaveLength(0);
	});

	test('numeric options given as numeric text work', async () => {
		const { items, error } = await runSend(sim, sendParameters({ options: { concurrency: '={{ "2" }}', timeout: '={{ "5000" }}' } }), {
			items: [{ json: {} }, { json: {} }, { json: {} }],
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(3);
	});

	test.each([
		['Max Text Length as text: the rail stops the send instead of letting everything through', { maxLength: '={{ "short" }}' }, 'Guard rail Max Text Length must be a number, but the value is "short" [item 0]'],
		['Max Segments as text', { maxSegments: '={{ "one" }}' }, 'Guard rail Max Segments must be a number, but the value is "one" [item 0]'],
		['Destination Countries as text "CA, GB" (a US number)', { allowedCountries: '={{ "CA, GB" }}' }, 'To Number is in US, which is not among the allowed destination countries (CA, GB) [item 0]'],
		['Destination Countries as an object', { allowedCountries: '={{ { US: true } }}' }, 'Guard rail Destination Countries must be a list of country codes, but the value is [object Object] [item 0]'],
		['Fixed From Number as a JSON number, another From Number asked', { fixedFromNumber: '={{ 15553334444 }}' }, 'From Number "+15551112222" differs from the fixed From Number 15553334444 [item 0]'],
	] as Array<[string, IDataObject, string]>)('%s', async (_l, guardRails, message) => {
		const { error } = await runSend(sim, sendParameters({ guardRails, additionalFields: { fromNumber: '+15551112222' } }));
		expectRunError(error, 0, message.split(' ')[0]);
		expect(error?.message).toBe(message);
		expect(textRequests(sim)).toHaveLength(0);
	});

	test('Destination Countries as text lets an allowed number through; a numeric Fixed From Number is used', async () => {
		const { error } = await runSend(
			sim,
			sendParameters({ guardRails: { allowedCountries: '={{ "us ca" }}', fixedFromNumber: '={{ 15553334444 }}' } }),
		);
		expect(error).toBeUndefined();
		expect(textRequests(sim)[0].body).toMatchObject({ toNumber: TO, fromNumber: '15553334444' });
		expect(sim.sent[0].from).toBe('+15553334444');
	});

	test('Format Number off: the value goes as given and IO Phone\'s refusal names the field', async () => {
		const { error } = await runSend(sim, sendParameters({ toNumber: 'call me', options: { formatNumber: false } }));
		expect(NODE_ERRORS).toContain(error?.name);
		expect(error?.message).toBe("Invalid 'toNumber' ('call me') for country US");
		expect(textRequests(sim)[0].body).toMatchObject({ toNumber: 'call me' });
	});
});
