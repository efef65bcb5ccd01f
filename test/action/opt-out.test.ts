/**
 * Guard Rails → Opted-Out Numbers through n8n's engine against the simulator: a text to a number
 * on the list is skipped (skipReason "optedOut"), paired to its input, and never reaches IO Phone.
 * Send and Wait's side is in send-and-wait.test.ts, the one with Skip Texts Already Sent in
 * skip-already-sent.test.ts (they need those files' hosts and store).
 */
import fc from 'fast-check';
import type { IDataObject, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { numberKey } from '../../nodes/shared/phone';
import { loadPackage, runWorkflow } from '../../tools/harness';
import type { LoadedPackage } from '../../tools/harness';
import { FixtureNoOp } from '../../tools/harness/fixtures/FixtureNoOp.node';
import { IoPhoneSimulator } from '../../tools/simulator';
import { credentialsFor, runSend, SEND_NODE, sendParameters, textRequests } from '../support/send-node';

let sim: IoPhoneSimulator;
let pkg: LoadedPackage;

beforeAll(async () => {
	sim = await IoPhoneSimulator.start();
	pkg = loadPackage({ nodes: [FixtureNoOp] });
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

/** Ten valid US numbers, +16142579200 … +16142579209. */
const NUMBERS = Array.from({ length: 10 }, (_, d) => `+1614257920${d}`);
const OPTED_OUT = NUMBERS[5];
const rows = (numbers = NUMBERS): INodeExecutionData[] => numbers.map((to, n) => ({ json: { to, text: `Hello ${n}` } }));

function bulkParameters(guardRails: IDataObject, extra: IDataObject = {}): INodeParameters {
	return sendParameters({ toNumber: '={{ $json.to }}', text: '={{ $json.text }}', guardRails, ...extra });
}

async function bulk(guardRails: IDataObject, { items = rows(), continueOnFail = false, extra = {} as IDataObject } = {}) {
	return await runSend(sim, bulkParameters(guardRails, extra), { items, continueOnFail });
}

const outcome = (item: INodeExecutionData) => (item.json.skipped ? String(item.json.skipReason) : 'error' in item.json ? 'error' : 'sent');
const sentTo = () => textRequests(sim).map((request) => request.body.toNumber).sort();
const allBut = (...skipped: string[]) => NUMBERS.filter((n) => !skipped.includes(n)).sort();

describe('Guard Rails → Opted-Out Numbers', () => {
	test('a bulk send of 10 rows, the opted-out number in the list in national format: 9 texts, 1 skipped "optedOut" paired to its input', async () => {
		const { items, error } = await bulk({ optedOutNumbers: '={{ ["(614) 257-9205"] }}' });
		expect(error).toBeUndefined();
		expect(textRequests(sim)).toHaveLength(9);
		expect(sentTo()).toEqual(allBut(OPTED_OUT));
		expect(items.map(outcome)).toEqual(NUMBERS.map((n) => (n === OPTED_OUT ? 'optedOut' : 'sent')));
		expect(items.map((item) => item.pairedItem)).toEqual(NUMBERS.map((_, i) => ({ item: i })));
		expect(items[5].json).toEqual({
			skipped: true,
			skipReason: 'optedOut',
			message: expect.stringContaining(`${OPTED_OUT} has opted out`),
			to: OPTED_OUT,
			text: 'Hello 5',
		});
	});

	test("the list as n8n's Data Table Get gives it, read with $('…').all() in another node: rows with a phone column", async () => {
		const optedOutRows = [{ json: { id: 1, phone: '614.257.9203', createdAt: '2026-01-01T00:00:00.000Z' } }, { json: { id: 2, phone: '+1 614 257 9207' } }];
		const node = (name: string, extra: Partial<INode> = {}): INode => ({ id: name, name, type: 'n8n-nodes-iophone.fixtureNoOp', typeVersion: 1, position: [0, 0], parameters: {}, ...extra });
		const send = node('IO Phone', {
			type: SEND_NODE,
			parameters: bulkParameters({ optedOutNumbers: "={{ $('Get Opted-Out').all().map(item => item.json.phone) }}" }),
		});
		const run = await runWorkflow({
			workflow: {
				nodes: [node('Get Opted-Out'), node('Rows'), send],
				connections: {
					'Get Opted-Out': { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
					Rows: { main: [[{ node: 'IO Phone', type: 'main', index: 0 }]] },
				},
				pinData: { Rows: rows() },
			},
			startNode: 'Get Opted-Out',
			items: optedOutRows,
			credentials: credentialsFor(sim),
			pkg,
		});
		expect(run.data.resultData.error).toBeUndefined();
		const items = run.data.resultData.runData['IO Phone'][0].data!.main[0]!;
		expect(items.map(outcome).filter((o) => o === 'optedOut')).toHaveLength(2);
		expect([items[3].json.skipReason, items[7].json.skipReason]).toEqual(['optedOut', 'optedOut']);
		expect(sentTo()).toEqual(allBut(NUMBERS[3], NUMBERS[7]));
		// Above the output, the editor says why the run sent fewer texts than it had rows.
		expect(run.data.resultData.runData['IO Phone'][0].hints).toEqual([
			{ message: '2 texts were not sent: the To Number is in Guard Rails → Opted-Out Numbers', location: 'outputPane' },
		]);
	});

	test.each([
		['a list of text', '={{ ["614-257-9202", "(614) 257-9208"] }}'],
		['a list of numbers (as a spreadsheet column may give them)', '={{ [6142579202, 16142579208] }}'],
		['a list of rows, by their "phone" field', '={{ [{ phone: "6142579202" }, { phone: "+16142579208", name: "Ann" }] }}'],
		["n8n items ($('…').all() itself), by their json's phone field", '={{ [{ json: { phone: "6142579202" } }, { json: { phone: "+16142579208" } }] }}'],
		['text with numbers separated by commas and new lines (no expression)', '(614) 257-9202,\n+1 614 257 9208'],
	])('%s', async (_label, optedOutNumbers) => {
		const { items, error } = await bulk({ optedOutNumbers });
		expect(error).toBeUndefined();
		expect(sentTo()).toEqual(allBut(NUMBERS[2], NUMBERS[8]));
		expect([outcome(items[2]), outcome(items[8])]).toEqual(['optedOut', 'optedOut']);
	});

	test('rows whose number is in another field: Opted-Out Number Field names it', async () => {
		const { error } = await bulk({ optedOutNumbers: '={{ [{ mobile: "614 257 9204" }] }}', optedOutNumberField: 'mobile' });
		expect(error).toBeUndefined();
		expect(sentTo()).toEqual(allBut(NUMBERS[4]));
	});

	test('E.164 in the list matches a To Number written in national format, and the other way round', async () => {
		const national = rows(['(614) 257-9201', '614.257.9206']);
		const { items } = await bulk({ optedOutNumbers: `${NUMBERS[1]}` }, { items: national });
		expect(items.map(outcome)).toEqual(['optedOut', 'sent']);
		expect(sentTo()).toEqual([NUMBERS[6]]);
	});

	test('with Format Number off the To Number goes out as given and is still compared as a number', async () => {
		const { items } = await bulk({ optedOutNumbers: NUMBERS[1] }, { items: rows(['614-257-9201', '614-257-9206']), extra: { options: { formatNumber: false } } });
		expect(items.map(outcome)).toEqual(['optedOut', 'sent']);
		expect(textRequests(sim).map((r) => r.body.toNumber)).toEqual(['614-257-9206']);
	});

	test("national numbers of the list are read in the Country field: a UK list entry matches the UK To Number", async () => {
		const { items } = await bulk(
			{ optedOutNumbers: '020 7946 0958' },
			{ items: rows(['+442079460958', '+442079460959']), extra: { additionalFields: { country: 'GB' } } },
		);
		expect(items.map(outcome)).toEqual(['optedOut', 'sent']);
	});

	test('entries that are no phone number (text, too short, empty, null) do not fail the run; the others still count', async () => {
		const { items, error } = await bulk({ optedOutNumbers: '={{ ["unsubscribed", "123", "", null, "n/a", "(614) 257-9209"] }}' });
		expect(error).toBeUndefined();
		expect(items.map(outcome)).toEqual(NUMBERS.map((n) => (n === NUMBERS[9] ? 'optedOut' : 'sent')));
	});

	test('an empty list, empty text or no list sends every text, as before', async () => {
		const before = (await bulk({})).items.map((item) => item.json.to);
		for (const optedOutNumbers of ['', '={{ [] }}', '={{ "" }}', '={{ null }}']) {
			sim.reset();
			const { items, error } = await bulk({ optedOutNumbers });
			expect(error).toBeUndefined();
			expect(items.map((item) => item.json.to)).toEqual(before);
			expect(textRequests(sim)).toHaveLength(10);
		}
	});

	test("the list is read once per run, from the first item: an expression over $json uses item 0's value for every text", async () => {
		// Item 0 carries the list; item 5 has none of its own. Read per item, item 5 would be sent.
		const items = rows();
		items[0].json.optedOut = [OPTED_OUT];
		const { items: output } = await bulk({ optedOutNumbers: '={{ $json.optedOut }}' }, { items });
		expect(outcome(output[5])).toBe('optedOut');
		expect(sentTo()).toEqual(allBut(OPTED_OUT));
	});

	describe('a list that cannot be read fails before any request, naming the field', () => {
		test.each([
			['rows without the number field', '={{ [{ number: "+16142579205" }] }}', 'Opted-Out Numbers entry 0 is a row without a "phone" field; set Opted-Out Number Field to the field that holds the number [item 0]'],
			['a boolean', '={{ true }}', 'Opted-Out Numbers must be a list of numbers or rows, or text, but the value is true (a boolean) [item 0]'],
			['an entry that is a boolean', '={{ ["+16142579205", false] }}', 'Opted-Out Numbers entry 1 is false (a boolean), not a phone number [item 0]'],
		])('%s', async (_label, optedOutNumbers, message) => {
			const { error } = await bulk({ optedOutNumbers });
			expect(error?.message).toBe(message);
			expect(sim.requests).toHaveLength(0);
		});

		test('with Continue On Fail: every item gets the error, paired to it, and nothing is sent', async () => {
			const { items } = await bulk({ optedOutNumbers: '={{ [{ number: "+16142579205" }] }}' }, { continueOnFail: true });
			expect(items.map(outcome)).toEqual(NUMBERS.map(() => 'error'));
			expect(items.map((item) => item.pairedItem)).toEqual(NUMBERS.map((_, i) => ({ item: i })));
			expect(sim.requests).toHaveLength(0);
		});
	});

	test('with Continue On Fail a bad item fails alone, the opted-out one is skipped, the rest are sent', async () => {
		const items = rows([NUMBERS[0], 'not a number', NUMBERS[5]]);
		const { items: output } = await bulk({ optedOutNumbers: NUMBERS[0] }, { items, continueOnFail: true });
		expect(output.map(outcome)).toEqual(['optedOut', 'error', 'sent']);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(sentTo()).toEqual([NUMBERS[5]]);
	});

	test('without Continue On Fail an opted-out text does not stop the run', async () => {
		const { items, error } = await bulk({ optedOutNumbers: NUMBERS[0] }, { items: rows(NUMBERS.slice(0, 3)) });
		expect(error).toBeUndefined();
		expect(items.map(outcome)).toEqual(['optedOut', 'sent', 'sent']);
	});

	test.each([1, 3, 50])('with Sends at Once %i the same texts are skipped and the output keeps the input order', async (concurrency) => {
		const { items } = await bulk({ optedOutNumbers: `${NUMBERS[0]}\n${NUMBERS[4]}\n${NUMBERS[9]}` }, { extra: { options: { concurrency } } });
		expect(items.map((item) => item.json.to)).toEqual(NUMBERS);
		expect(items.map(outcome)).toEqual(NUMBERS.map((_, i) => ([0, 4, 9].includes(i) ? 'optedOut' : 'sent')));
		expect(sentTo()).toEqual(allBut(NUMBERS[0], NUMBERS[4], NUMBERS[9]));
	});
});

describe('the node as an AI Agent tool', () => {
	/** As n8n runs a tool node: the agent fills the $fromAI() values, its arguments are the input item. */
	const toolParameters = (guardRails: IDataObject) =>
		sendParameters({
			toNumber: "={{ $fromAI('toNumber', 'Recipient in E.164, e.g. +16142579242', 'string') }}",
			text: "={{ $fromAI('text', 'The message, plain text', 'string') }}",
			guardRails,
		});

	test('asked to text an opted-out number: nothing is sent, and the answer tells the model why, in words it can pass on', async () => {
		const { items, error } = await runSend(sim, toolParameters({ optedOutNumbers: '(614) 257-9205' }), {
			items: [{ json: { toNumber: OPTED_OUT, text: 'Your table is ready' } }],
		});
		expect(error).toBeUndefined();
		expect(sim.requests).toHaveLength(0);
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ skipped: true, skipReason: 'optedOut', to: OPTED_OUT });
		expect(String(items[0].json.message)).toMatch(new RegExp(`^Not sent: \\${OPTED_OUT} has opted out of texts.*Do not text this number`));
		expect(JSON.stringify(items)).not.toContain(sim.apiKey);
	});

	test('another number is texted as usual', async () => {
		const { items } = await runSend(sim, toolParameters({ optedOutNumbers: '(614) 257-9205' }), {
			items: [{ json: { toNumber: NUMBERS[1], text: 'Your table is ready' } }],
		});
		expect(outcome(items[0])).toBe('sent');
		expect(sentTo()).toEqual([NUMBERS[1]]);
	});
});

describe('numberKey: one number, however it is written, is one key (property-based)', () => {
	const digit = (from: number) => fc.integer({ min: from, max: 9 }).map(String);
	const usNumber = fc
		.tuple(digit(2), digit(0), digit(0), digit(2), digit(0), digit(0), fc.array(digit(0), { minLength: 4, maxLength: 4 }))
		.map(([a, b, c, d, e, f, line]) => ({ area: a + b + c, exchange: d + e + f, line: line.join('') }));
	const space = fc.constantFrom('', ' ', '  ', '\t', '\u00a0');
	const written = fc
		.tuple(usNumber, fc.constantFrom('e164', 'plusSpaced', 'trunk', 'parens', 'dots', 'spaces', 'plain'), space, space)
		.map(([{ area, exchange, line }, style, s1, s2]) => {
			const text = {
				e164: `+1${area}${exchange}${line}`,
				plusSpaced: `+1 (${area})${s1}${exchange}-${line}`,
				trunk: `1-${area}-${exchange}-${line}`,
				parens: `(${area})${s1}${exchange}-${line}`,
				dots: `${area}.${exchange}.${line}`,
				spaces: `${area} ${exchange}${s2}${line}`,
				plain: `${area}${exchange}${line}`,
			}[style];
			return { text: `${s1}${text}${s2}`, key: `1${area}${exchange}${line}` };
		});

	test('E.164, national, with punctuation and spaces: the same key, the E.164 digits', () => {
		fc.assert(fc.property(written, ({ text, key }) => numberKey(text, 'US') === key));
	});

	test('two different numbers never share a key', () => {
		fc.assert(fc.property(written, written, (a, b) => (a.key === b.key) === (numberKey(a.text, 'US') === numberKey(b.text, 'US'))));
	});

	test('a number with + keeps its own country whatever the Country', () => {
		fc.assert(fc.property(written, fc.constantFrom('US', 'GB', 'DE', 'FR', 'CA'), ({ key }, country) => numberKey(`+${key}`, country) === key));
	});
});
