import { estimateSegments } from '../../nodes/IoPhone/helpers/segments';
import { IoPhoneSimulator } from '../../tools/simulator';
import { ACCOUNT_NUMBER, US_NUMBER, runSend, sendParameters, textRequests } from '../support/send-node';

let sim: IoPhoneSimulator;

beforeAll(async () => {
	sim = await IoPhoneSimulator.start();
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

const GSM_160 = 'a'.repeat(160);

describe('encoding and segment estimate', () => {
	test.each([
		['pure GSM-7, 160 characters', GSM_160, 'GSM-7', 1],
		['pure GSM-7, 161 characters', `${GSM_160}b`, 'GSM-7', 2],
		['GSM-7, 306 characters (two full parts)', 'a'.repeat(306), 'GSM-7', 2],
		['GSM-7, 307 characters', 'a'.repeat(307), 'GSM-7', 3],
		['80 euro signs (extension characters count twice: 160 septets)', '€'.repeat(80), 'GSM-7', 1],
		['81 euro signs (162 septets)', '€'.repeat(81), 'GSM-7', 2],
		['an escape sequence is not split across parts', `${'a'.repeat(152)}€${'a'.repeat(10)}`, 'GSM-7', 2],
		['306 septets in 3 parts: the € pair would straddle part 1 and moves whole to part 2', `${'a'.repeat(152)}€${'a'.repeat(152)}`, 'GSM-7', 3],
		['one emoji makes it UCS-2', 'Hello 👋', 'UCS-2', 1],
		['70 UCS-2 units', `${'ж'.repeat(70)}`, 'UCS-2', 1],
		['71 UCS-2 units (mixed scripts)', `Hello ${'ж'.repeat(65)}`, 'UCS-2', 2],
		['35 emoji are 70 UTF-16 units', '😀'.repeat(35), 'UCS-2', 1],
		['36 emoji: a surrogate pair is never split', '😀'.repeat(36), 'UCS-2', 2],
	])('%s', async (_label, text, encoding, segments) => {
		expect(estimateSegments(text)).toMatchObject({ encoding, segments });
		const { items, error } = await runSend(sim, sendParameters({ text }));
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ encoding, estimatedSegments: segments });
		expect(items[0].json.segmentCount).toBe(sim.sent[0].segmentCount);
	});
});

test('an escape pair counts two septets and is never split: 152 × "a" + "€" + 152 × "a"', () => {
	// Part 1: 152 septets (the pair does not fit in the 153rd); part 2: € + 151 × "a" = 153; part 3: 1 × "a".
	expect(estimateSegments(`${'a'.repeat(152)}€${'a'.repeat(152)}`)).toEqual({ encoding: 'GSM-7', units: 306, segments: 3 });
});

/** Parameters as n8n sets them when an AI Agent uses the node as a tool: the agent fills $fromAI() values. */
function toolParameters(guardRails: object, extra: object = {}) {
	return sendParameters({
		toNumber: "={{ $fromAI('toNumber', 'Recipient in E.164, e.g. +16142579242', 'string') }}",
		text: "={{ $fromAI('text', 'The message, plain text', 'string') }}",
		additionalFields: { fromNumber: "={{ $fromAI('fromNumber', 'Sender, optional', 'string', '') }}" },
		guardRails,
		...extra,
	});
}

/** One tool call: n8n runs the tool node with the agent's arguments as its input item. */
async function toolCall(guardRails: object, args: Record<string, string>) {
	return await runSend(sim, toolParameters(guardRails), { items: [{ json: args }] });
}

describe('guard rails for an AI agent using the node as a tool', () => {
	const rails = { allowedCountries: ['US', 'CA'], fixedFromNumber: ACCOUNT_NUMBER, maxLength: 160, maxSegments: 1 };

	test('a call inside the rails sends from the fixed number', async () => {
		const { items, error } = await toolCall(rails, { toNumber: US_NUMBER, text: 'Your table is ready' });
		expect(error).toBeUndefined();
		expect(textRequests(sim)[0].body).toEqual({ toNumber: US_NUMBER, text: 'Your table is ready', fromNumber: ACCOUNT_NUMBER });
		expect(items[0].json.from).toBe(ACCOUNT_NUMBER);
	});

	test.each([
		['a destination outside the allowed countries', { toNumber: '+442079460958', text: 'hi' }, 'To Number is in GB, which is not among the allowed destination countries (US, CA) [item 0]'],
		['another From Number than the fixed one', { toNumber: US_NUMBER, text: 'hi', fromNumber: '+15553334444' }, 'From Number "+15553334444" differs from the fixed From Number +15551112222 [item 0]'],
		['a text over the lower maximum length', { toNumber: US_NUMBER, text: 'x'.repeat(161) }, 'Text is 161 characters long; the guard rail allows at most 160 [item 0]'],
		['an emoji-laden text over the segment limit', { toNumber: US_NUMBER, text: `${'Great news '.repeat(7)}🎉` }, 'Text would take 2 UCS-2 segments; the guard rail allows at most 1 [item 0]'],
	])('%s fails the call before anything is sent', async (_label, args, message) => {
		const { error } = await toolCall(rails, args);
		expect(error?.message).toBe(message);
		expect(textRequests(sim)).toHaveLength(0);
	});

	test('the node is usable as a tool, with descriptions that say what to provide', async () => {
		const { getDefaultPackage } = await import('../../tools/harness');
		const type = getDefaultPackage().nodeTypes.getByNameAndVersion('n8n-nodes-iophone.ioPhone');
		expect(type.description.usableAsTool).toBeTruthy();
		const toNumber = type.description.properties.find((p) => p.name === 'toNumber');
		expect(toNumber?.description).toMatch(/international format/i);
	});
});
