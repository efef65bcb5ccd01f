/**
 * Options → If Text Is Too Long: Fail (the default), Split Into Several Texts, Truncate.
 * The cutting rules as fast-check properties of helpers/split-text.ts, then the node through n8n's
 * engine against the simulator: what arrives at IO Phone, in which order, what the output says,
 * and what a part that fails leaves behind (with Continue On Fail, and with Skip Texts Already Sent).
 */
import fc from 'fast-check';
import { DataDeduplicationService } from 'n8n-core';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { MAX_TEXT_LENGTH } from '../../nodes/shared/constants';
import { estimateSegments } from '../../nodes/IoPhone/helpers/segments';
import { splitText, truncateText, WORD_LOOKBACK } from '../../nodes/IoPhone/helpers/split-text';
import { runWorkflow } from '../../tools/harness';
import { IoPhoneSimulator } from '../../tools/simulator';
import { MemoryDeduplicator } from '../support/memory-deduplicator';
import { credentialsFor, OTHER_US_NUMBER, rowSendNode, runSend, sendParameters, textRequests, US_NUMBER } from '../support/send-node';

const chars = (text: string) => Array.from(text);
const length = (text: string) => chars(text).length;
const BREAK = /[ \n\r\t]/u;

/** Texts of words and the gaps between them, from a few characters to several times the limit. */
const word = fc.oneof(
	{ weight: 12, arbitrary: fc.tuple(fc.integer({ min: 1, max: 12 }), fc.constantFrom('a', 'Z', 'é', 'ж', '😀', '€', '.')).map(([n, c]) => c.repeat(n)) },
	// Now and then a "word" longer than the look-back, such as a URL.
	{ weight: 1, arbitrary: fc.integer({ min: WORD_LOOKBACK - 10, max: 3 * WORD_LOOKBACK }).map((n) => 'w'.repeat(n)) },
);
const gap = fc.constantFrom(' ', ' ', ' ', '  ', '\n', '\n\n', '\r\n', '\t', '\u00a0');
const text = fc
	.tuple(fc.constantFrom('', ' ', '\n'), fc.array(fc.tuple(word, gap), { minLength: 1, maxLength: 1500 }))
	.map(([lead, words]) => lead + words.map(([w, g]) => w + g).join(''));
/** IO Phone's limit, or a lower one a Max Text Length guard rail sets. */
const limit = fc.oneof(fc.constant(MAX_TEXT_LENGTH), fc.integer({ min: 1, max: 400 }));

describe('splitting (helpers/split-text.ts, properties)', () => {
	test('every part is at most 2048 characters (or a lower limit), none is empty, and the parts with what each cut took out give the text back', () => {
		fc.assert(
			fc.property(text, limit, (given, max) => {
				const { parts, separators } = max === MAX_TEXT_LENGTH ? splitText(given) : splitText(given, max);
				expect(parts.every((part) => length(part) <= max && part.length > 0)).toBe(true);
				expect(separators).toHaveLength(parts.length);
				// A cut takes out only spaces and line breaks (a no-break space is not one).
				expect(separators.every((separator) => /^[ \n\r\t]*$/u.test(separator))).toBe(true);
				expect(parts.map((part, p) => part + separators[p]).join('')).toBe(given);
			}),
			{ numRuns: 150 },
		);
	});

	test(`no word is cut where a space or line break is among the part's last ${WORD_LOOKBACK} characters or right after it`, () => {
		fc.assert(
			fc.property(text, limit, (given, max) => {
				const { parts, separators } = splitText(given, max);
				parts.slice(0, -1).forEach((part, p) => {
					const [last, next] = [chars(part).at(-1)!, chars(parts[p + 1])[0]];
					if (separators[p] !== '' || BREAK.test(last) || BREAK.test(next)) return; // cut between words
					// A word was cut: the part is as long as it may be, and no break was near its end (after its first character: a part is never empty).
					expect(length(part)).toBe(max);
					expect(chars(part).slice(1).slice(-WORD_LOOKBACK).join('') + next).not.toMatch(BREAK);
				});
			}),
			{ numRuns: 150 },
		);
	});

	test('a text within the limit is one part, unchanged', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (given) => {
				expect(splitText(given)).toEqual({ parts: [given], separators: [''] });
			}),
		);
	});

	test('truncating: at most 2048 characters, the start of the text cut between words where it can, then an ellipsis that keeps a GSM-7 text GSM-7', () => {
		fc.assert(
			fc.property(text, (given) => {
				const truncated = truncateText(given);
				if (length(given) <= MAX_TEXT_LENGTH) return expect(truncated).toBe(given);
				expect(length(truncated)).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
				const gsm = estimateSegments(truncated.replace(/(\.\.\.|…)$/u, '')).encoding === 'GSM-7';
				const ellipsis = gsm ? '...' : '…';
				expect(truncated.endsWith(ellipsis)).toBe(true);
				expect(estimateSegments(truncated).encoding).toBe(gsm ? 'GSM-7' : 'UCS-2');
				const kept = truncated.slice(0, -ellipsis.length);
				expect(given.startsWith(kept)).toBe(true);
				const room = MAX_TEXT_LENGTH - length(ellipsis);
				const next = chars(given)[length(kept)];
				// Either the kept text ends a word, or there was no break to cut at near the limit.
				if (!BREAK.test(next)) expect(chars(given).slice(room - WORD_LOOKBACK, room + 1).join('')).not.toMatch(BREAK);
			}),
			{ numRuns: 100 },
		);
	});
});

const store = new MemoryDeduplicator();
let sim: IoPhoneSimulator;
let nodeId = 0;

beforeAll(async () => {
	await DataDeduplicationService.init(store);
	sim = await IoPhoneSimulator.start();
});
afterAll(async () => await sim.close());
beforeEach(() => {
	sim.reset();
	nodeId++;
});

/** A model's answer of about `count` characters: sentences of plain words, GSM-7. */
function answer(count: number, seed = 0): string {
	const words = ['your', 'order', 'ships', 'tomorrow', 'and', 'the', 'courier', 'will', 'call', 'before', 'arriving', 'thanks'];
	let out = '';
	for (let n = seed; length(out) < count; n++) out += `${words[n % words.length]}${n % 9 === 8 ? '. ' : ' '}`;
	return out.slice(0, count).trimEnd() + '.';
}

/** One run of a workflow holding one IO Phone node over rows of `to` and `text` (the same node within a test, like re-runs). */
async function send(items: INodeExecutionData[], options: IDataObject, { continueOnFail = false, guardRails = {} as IDataObject } = {}) {
	const node = rowSendNode(`long-texts-${nodeId}`, { options, guardRails }, continueOnFail);
	const run = await runWorkflow({ workflow: { id: 'long-texts-test', nodes: [node], connections: {} }, startNode: 'Send', items, credentials: credentialsFor(sim) });
	const task = run.data.resultData.runData.Send?.[0];
	return { output: task?.data?.main[0] ?? [], error: run.data.resultData.error ?? task?.error };
}

const row = (text: string, to = US_NUMBER): INodeExecutionData => ({ json: { to, text } });
const split = { ifTooLong: 'split' };
/** One item after another, so a fault meant for a part does not hit another item's text. */
const oneAtATime = { ...split, concurrency: 1 };
const arrived = () => textRequests(sim).map((request) => String(request.body.text));

/** Whether `parts` are `whole` in order, cut only at spaces and line breaks (which IO Phone did not get) or inside a word. */
function rebuilds(whole: string, parts: string[]): boolean {
	let rest = whole;
	for (const part of parts) {
		if (!rest.startsWith(part)) return false;
		rest = rest.slice(part.length).replace(/^[ \n\r\t]+/u, '');
	}
	return rest === '';
}

describe('Split Into Several Texts, through the engine', () => {
	test('an answer of 5,000 characters arrives as 3 texts in order, each sent once the one before was accepted; one output item with every part', async () => {
		const long = answer(5000);
		const { output, error } = await send([row(long)], split);
		expect(error).toBeUndefined();
		expect(arrived()).toHaveLength(3);
		expect(arrived().every((part) => length(part) <= MAX_TEXT_LENGTH)).toBe(true);
		expect(rebuilds(long, arrived())).toBe(true);
		// In order: each request reached IO Phone after the one before it was answered.
		const times = textRequests(sim).map((request) => request.receivedAt.getTime());
		expect(times).toEqual([...times].sort((a, b) => a - b));
		expect(sim.sent.map((message) => message.text)).toEqual(arrived());

		expect(output).toHaveLength(1);
		const json = output[0].json;
		const ids = sim.sent.map((message) => message.id);
		expect(json).toMatchObject({ id: ids[0], lastId: ids[2], partCount: 3, to: US_NUMBER, text: long, encoding: 'GSM-7', status: 202 });
		expect(json.segmentCount).toBe(sim.sent.reduce((sum, message) => sum + message.segmentCount, 0));
		expect(json.estimatedSegments).toBe(json.segmentCount);
		expect((json.parts as IDataObject[]).map((part) => [part.id, part.text, part.segmentCount])).toEqual(sim.sent.map((m) => [m.id, m.text, m.segmentCount]));
		expect(output[0].pairedItem).toEqual({ item: 0 });
	});

	test('whatever the text, what IO Phone received is the text in order, each part at most 2048 characters', async () => {
		await fc.assert(
			fc.asyncProperty(text, async (given) => {
				fc.pre(given.trim() !== '');
				sim.reset();
				const { output, error } = await send([row(given)], split);
				expect(error).toBeUndefined();
				expect(arrived().every((part) => length(part) <= MAX_TEXT_LENGTH)).toBe(true);
				expect(rebuilds(given, arrived())).toBe(true);
				expect(output[0].json.partCount).toBe(arrived().length);
			}),
			{ numRuns: 15 },
		);
	});

	test('a text within the limit goes out as it is, with the same output shape (one part)', async () => {
		const { output } = await send([row('See you at 5')], split);
		expect(arrived()).toEqual(['See you at 5']);
		expect(output[0].json).toMatchObject({ id: sim.sent[0].id, lastId: sim.sent[0].id, partCount: 1, text: 'See you at 5' });
		expect(output[0].json.parts).toHaveLength(1);
	});

	test('Continue On Fail: every input item gives one output item, paired to it', async () => {
		const items = [row(answer(3000)), row('Hi', 'not a number'), row(''), row('Short one', OTHER_US_NUMBER)];
		const { output, error } = await send(items, split, { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(output.map((item) => ('error' in item.json ? 'error' : item.json.partCount))).toEqual([2, 'error', 'error', 1]);
		expect(arrived()).toHaveLength(3);
	});

	test('Max Texts per Second: each part is one send', async () => {
		const items = [row(answer(5000)), row(answer(5000, 3), OTHER_US_NUMBER)];
		const { output } = await send(items, { ...split, maxPerSecond: 2 });
		expect(output.map((item) => item.json.partCount)).toEqual([3, 3]);
		const times = textRequests(sim).map((request) => request.receivedAt.getTime());
		for (const t of times) expect(times.filter((other) => other >= t && other < t + 1000).length).toBeLessThanOrEqual(2);
	});

	test('an opted-out number is skipped before any part', async () => {
		const { output } = await send([row(answer(5000))], split, { guardRails: { optedOutNumbers: US_NUMBER } });
		expect(output[0].json).toMatchObject({ skipped: true, skipReason: 'optedOut', to: US_NUMBER });
		expect(arrived()).toEqual([]);
	});

	test('the guard rails judge what goes out: Max Segments counts every part', async () => {
		const { error } = await send([row(answer(5000))], split, { guardRails: { maxSegments: 10 } });
		expect(error?.message).toMatch(/^Text would take \d+ GSM-7 segments; the guard rail allows at most 10 \[item 0\]$/);
		expect(arrived()).toEqual([]);
	});

	test('a Max Text Length guard rail below IO Phone\'s limit is the limit: Split and Truncate keep to it', async () => {
		const long = answer(1000);
		const { output } = await send([row(long)], split, { guardRails: { maxLength: 400 } });
		expect(arrived().every((part) => length(part) <= 400)).toBe(true);
		expect(rebuilds(long, arrived())).toBe(true);
		expect(output[0].json.partCount).toBe(arrived().length);
		sim.reset();
		const truncated = await send([row(long)], { ifTooLong: 'truncate' }, { guardRails: { maxLength: 160 } });
		expect(length(arrived()[0])).toBeLessThanOrEqual(160);
		expect(truncated.output[0].json).toMatchObject({ truncated: true, estimatedSegments: 1, segmentCount: 1 });
	});

	test('an AI Agent using the node as a tool: a model answer longer than the limit goes out in parts', async () => {
		const long = answer(4500);
		const parameters = sendParameters({
			toNumber: "={{ $fromAI('toNumber', 'Recipient in E.164', 'string') }}",
			text: "={{ $fromAI('text', 'The message, plain text', 'string') }}",
			options: split,
		});
		const { items, error } = await runSend(sim, parameters, { items: [{ json: { toNumber: US_NUMBER, text: long } }] });
		expect(error).toBeUndefined();
		expect(arrived()).toHaveLength(3);
		expect(rebuilds(long, arrived())).toBe(true);
		expect(items[0].json).toMatchObject({ partCount: 3, text: long });
	});
});

describe('a part that fails', () => {
	const long = answer(5000);

	test('a failed middle part: no later part is sent, none is retried, and the error item says which parts went out', async () => {
		sim.setFault({ kind: 'status', status: 500, after: 1, times: 1 });
		const { output } = await send([row(long), row('Next row', OTHER_US_NUMBER)], oneAtATime, { continueOnFail: true });
		expect(textRequests(sim)).toHaveLength(3); // part 1, part 2 (failed), then the next row
		expect(sim.sent.map((m) => m.to)).toEqual([US_NUMBER, OTHER_US_NUMBER]);
		const failed = output[0].json;
		expect(failed.error).toMatch(/^Part 2 of 3 of the text failed: .+ \[item 0\]$/);
		expect(failed.description).toMatch(new RegExp(`^Part 1 went out \\(id ${sim.sent[0].id}\\)\\. Part 2 may or may not have gone out; part 3 was not sent\\.`));
		expect(failed).toMatchObject({ partCount: 3, failedPart: { number: 2, httpCode: '500', mayHaveGoneOut: true } });
		expect((failed.sentParts as IDataObject[]).map((part) => part.id)).toEqual([sim.sent[0].id]);
		expect(failed.httpCode).toBeUndefined();
		expect(output[1].json).toMatchObject({ partCount: 1, to: OTHER_US_NUMBER });
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	test('without Continue On Fail the run stops with that error', async () => {
		sim.setFault({ kind: 'status', status: 400, body: { status: 400, message: 'Bad text' }, after: 2, times: 1 });
		const { error } = await send([row(long)], split);
		expect(error?.message).toBe('Part 3 of 3 of the text failed: Bad text [item 0]');
		expect(error?.description).toMatch(/^Parts 1–2 went out \(ids \d+, \d+\)\. IO Phone did not take part 3\. No part is sent again automatically/);
		expect(sim.sent).toHaveLength(2);
	});

	test('the first part refused: nothing went out, and the error is the send\'s own', async () => {
		sim.setFault({ kind: 'status', status: 403, body: { status: 403, message: 'Not authorized' }, times: 1 });
		const { output } = await send([row(long)], split, { continueOnFail: true });
		expect(output[0].json).toMatchObject({ error: 'Not authorized', httpCode: '403' });
		expect(output[0].json.description).toMatch(/Nothing was sent: this was part 1 of 3\.$/);
		expect(textRequests(sim)).toHaveLength(1);
	});

	test('with Skip Texts Already Sent, a re-run sends no part again: a split text that went out is already sent, one cut short is in doubt', async () => {
		const options = { ...oneAtATime, skipAlreadySent: true };
		const other = answer(5000, 5);
		sim.setFault({ kind: 'status', status: 500, after: 4, times: 1 }); // the second text's part 2
		const first = await send([row(long), row(other, OTHER_US_NUMBER)], options, { continueOnFail: true });
		expect(first.output.map((item) => item.json.partCount)).toEqual([3, 3]);
		expect(first.output[1].json.failedPart).toMatchObject({ number: 2 });
		const sentBefore = sim.sent.length;
		const again = await send([row(long), row(other, OTHER_US_NUMBER)], options, { continueOnFail: true });
		expect(again.output.map((item) => item.json.skipReason)).toEqual(['alreadySent', 'inDoubt']);
		expect(sim.sent).toHaveLength(sentBefore);
	});

	test('with Skip Texts Already Sent, a text whose first part IO Phone refused is forgotten, so the next run sends it', async () => {
		const options = { ...split, skipAlreadySent: true };
		sim.setFault({ kind: 'status', status: 403, times: 1 });
		await send([row(long)], options, { continueOnFail: true });
		const { output } = await send([row(long)], options);
		expect(output[0].json.partCount).toBe(3);
		expect(sim.sent).toHaveLength(3);
	});
});

describe('Truncate, and Fail (the default)', () => {
	test('Truncate: one text of at most 2048 characters, cut between words, ending in "..." for a GSM-7 text', async () => {
		const long = answer(3000);
		const { output } = await send([row(long), row('Short')], { ifTooLong: 'truncate' });
		const [sent, short] = arrived();
		expect(length(sent)).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
		expect(sent.endsWith('...')).toBe(true);
		expect(long.startsWith(sent.slice(0, -3))).toBe(true);
		expect(long[sent.length - 3]).toBe(' '); // the kept text ends a word
		expect(short).toBe('Short');
		expect(output.map((item) => [item.json.truncated, item.json.encoding])).toEqual([[true, 'GSM-7'], [false, 'GSM-7']]);
		expect(output[0].json.text).toBe(sent);
	});

	test('Truncate: a UCS-2 text ends in "…"', async () => {
		const long = `😀 ${answer(3000)}`;
		await send([row(long)], { ifTooLong: 'truncate' });
		expect(arrived()[0].endsWith('…')).toBe(true);
		expect(length(arrived()[0])).toBeLessThanOrEqual(MAX_TEXT_LENGTH);
	});

	test.each([
		['Fail is the default', {}],
		['Fail', { ifTooLong: 'fail' }],
	])('%s: a text over the limit fails its item before anything is sent', async (_label, options) => {
		const { error } = await send([row('Short'), row('x'.repeat(MAX_TEXT_LENGTH + 1))], options);
		expect(error?.message).toBe(`Text is ${MAX_TEXT_LENGTH + 1} characters long; IO Phone accepts at most ${MAX_TEXT_LENGTH} [item 1]`);
		expect(arrived()).toEqual([]);
	});

	test('an option value that is none of the choices fails the item, naming the field', async () => {
		const { error } = await send([row('Hi')], { ifTooLong: 'shorten' });
		expect(error?.message).toBe('If Text Is Too Long must be one of "fail", "split", "truncate", but the value is "shorten" [item 0]');
		expect(arrived()).toEqual([]);
	});
});
