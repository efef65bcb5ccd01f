/**
 * Faults from IO Phone, switched on per test in the simulator. For every fault: the item fails with a
 * clear message (IO Phone's own when it sent one), Continue On Fail keeps every other item (N in, N out,
 * paired), and no text is accepted twice: only a 429 is retried, because IO Phone did not take that text.
 */
import type { IDataObject } from 'n8n-workflow';

import { IoPhoneSimulator } from '../../tools/simulator';
import type { Fault } from '../../tools/simulator';
import { runSend, sendParameters, textRequests } from '../support/send-node';
import {
	acceptedPerText,
	distinctItems,
	expectNoTextAcceptedTwice,
	expectPaired,
	requestsPerText,
	scriptFaults,
	timed,
} from '../support/reliability';

let sim: IoPhoneSimulator;

beforeAll(async () => {
	sim = await IoPhoneSimulator.start();
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

/** One IO Phone fault and how the failed item must look. */
interface FaultCase {
	fault: Fault;
	/** Node options the case needs (a short timeout for the slow answer). */
	options?: IDataObject;
	message: string;
	/** The error item's httpCode (undefined: none, for answers that never came). */
	httpCode?: string;
	/** Part of the error's description. */
	description: RegExp;
	/** Whether IO Phone took the text although the node saw a failure (it may have gone out). */
	acceptedAnyway: boolean;
	/** Requests one failed text makes: 1, or 1 + 5 retries for a 429 that never ends. */
	requests: number;
	/** False when the connection drops before IO Phone read the body (the log then has no text for it). */
	bodyRead?: boolean;
}

const MAY_HAVE_BEEN_SENT = /may or may not have been sent, so it is not retried/;

const FAULTS: Array<[string, FaultCase]> = [
	[
		'500 with IO Phone\'s JSON message',
		{
			fault: { kind: 'status', status: 500, body: { status: 500, message: 'Internal error while sending' } },
			message: 'Internal error while sending',
			httpCode: '500',
			description: MAY_HAVE_BEEN_SENT,
			acceptedAnyway: false,
			requests: 1,
		},
	],
	[
		'502 (default JSON body)',
		{
			fault: { kind: 'status', status: 502 },
			message: 'Bad Gateway',
			httpCode: '502',
			description: MAY_HAVE_BEEN_SENT,
			acceptedAnyway: false,
			requests: 1,
		},
	],
	[
		'503 with IO Phone\'s JSON message',
		{
			fault: { kind: 'status', status: 503, body: { status: 503, message: 'Service temporarily unavailable' } },
			message: 'Service temporarily unavailable',
			httpCode: '503',
			description: MAY_HAVE_BEEN_SENT,
			acceptedAnyway: false,
			requests: 1,
		},
	],
	[
		'429 that never ends (Retry-After: 0): bounded retries, then the 429',
		{
			fault: { kind: 'rateLimit', retryAfterSeconds: 0 },
			message: 'Too many requests',
			httpCode: '429',
			description: /rate limiting/,
			acceptedAnyway: false,
			requests: 6,
		},
	],
	[
		'an answer slower than the timeout',
		{
			fault: { kind: 'slow', delayMs: 3000 },
			options: { timeout: 1000 },
			message: 'IO Phone did not answer in time',
			description: MAY_HAVE_BEEN_SENT,
			acceptedAnyway: true,
			requests: 1,
		},
	],
	[
		'a connection reset before IO Phone read the request',
		{
			fault: { kind: 'resetBeforeRead' },
			message: 'The connection to IO Phone broke before it answered',
			description: /ECONNRESET.*may or may not have been sent/,
			acceptedAnyway: false,
			requests: 1,
			bodyRead: false,
		},
	],
	[
		'a connection reset after IO Phone read (and took) the request',
		{
			fault: { kind: 'resetAfterRead' },
			message: 'The connection to IO Phone broke before it answered',
			description: /may or may not have been sent/,
			acceptedAnyway: true,
			requests: 1,
		},
	],
	[
		'HTTP 200 with a body that is not JSON',
		{
			fault: { kind: 'nonJson' },
			message: 'IO Phone answered HTTP 200 with a response that is not IO Phone JSON',
			httpCode: '200',
			description: /IO Phone answered 200/,
			acceptedAnyway: false,
			requests: 1,
		},
	],
	[
		'an HTML error page from a proxy (502)',
		{
			fault: { kind: 'html' },
			message: 'IO Phone answered HTTP 502 with an HTML page',
			httpCode: '502',
			description: MAY_HAVE_BEEN_SENT,
			acceptedAnyway: false,
			requests: 1,
		},
	],
	[
		'HTTP 200 whose JSON status is 400',
		{
			fault: { kind: 'statusInBody', status: 400, message: 'Recipient has opted out of text messages' },
			message: 'Recipient has opted out of text messages',
			httpCode: '400',
			description: /IO Phone answered 400/,
			acceptedAnyway: false,
			requests: 1,
		},
	],
	[
		'HTTP 200 whose JSON status is 503',
		{
			fault: { kind: 'statusInBody', status: 503, message: 'Carrier gateway down' },
			message: 'Carrier gateway down',
			httpCode: '503',
			description: MAY_HAVE_BEEN_SENT,
			acceptedAnyway: false,
			requests: 1,
		},
	],
];

const parameters = (options: IDataObject = {}) => sendParameters({ text: '={{ $json.text }}', options });

describe.each(FAULTS)('IO Phone fault: %s', (_name, c) => {
	test('hits the middle item: it fails clearly, Continue On Fail keeps the others, paired, nothing sent twice', async () => {
		const items = distinctItems(5);
		// One at a time, so requests follow the items: the fault lands on item 2 (every retry of it, for a 429).
		scriptFaults(sim, [null, null, ...Array<Fault>(c.requests).fill(c.fault)]);
		const { result, ms } = await timed(() =>
			runSend(sim, parameters({ concurrency: 1, ...c.options }), { items, continueOnFail: true }),
		);
		const { items: out, error } = result;
		// No hidden wait: a timeout costs the 1 s asked for, not the 3 s answer or the 30 s default.
		expect(ms).toBeLessThan(2500);

		expect(error).toBeUndefined();
		expectPaired(out, 5);
		const failed = out[2].json;
		expect(failed.error).toBe(c.message);
		expect(failed.httpCode).toBe(c.httpCode);
		expect(failed.description).toMatch(c.description);
		for (const i of [0, 1, 3, 4]) {
			expect(out[i].json).toMatchObject({ text: items[i].json.text, status: 202, direction: 'out' });
			expect(out[i].json.error).toBeUndefined();
		}

		const requests = requestsPerText(sim);
		expect(textRequests(sim)).toHaveLength(4 + c.requests);
		expect(requests.get(items[2].json.text as string)).toBe(c.bodyRead === false ? undefined : c.requests);
		for (const i of [0, 1, 3, 4]) expect(requests.get(items[i].json.text as string)).toBe(1);
		expect(acceptedPerText(sim).get(items[2].json.text as string) ?? 0).toBe(c.acceptedAnyway ? 1 : 0);
		expect(sim.sent).toHaveLength(c.acceptedAnyway ? 5 : 4);
		expectNoTextAcceptedTwice(sim);
	});

	test('hits every item of a parallel run: N error items, paired, each text tried as often as allowed', async () => {
		const items = distinctItems(5, 'Everything fails');
		sim.setFault(c.fault);
		const { items: out, error } = await runSend(sim, parameters(c.options), { items, continueOnFail: true });

		expect(error).toBeUndefined();
		expectPaired(out, 5);
		for (const item of out) {
			expect(item.json.error).toBe(c.message);
			expect(item.json.httpCode).toBe(c.httpCode);
		}
		const requests = requestsPerText(sim);
		expect(textRequests(sim)).toHaveLength(5 * c.requests);
		for (const item of items) {
			expect(requests.get(item.json.text as string)).toBe(c.bodyRead === false ? undefined : c.requests);
		}
		expect(sim.sent).toHaveLength(c.acceptedAnyway ? 5 : 0);
		expectNoTextAcceptedTwice(sim);
	});

	test('without Continue On Fail: a NodeApiError naming the item, and no further text is started', async () => {
		const items = distinctItems(4, 'Stops');
		scriptFaults(sim, [null, ...Array<Fault>(c.requests).fill(c.fault)]);
		const { error, items: out } = await runSend(sim, parameters({ concurrency: 1, ...c.options }), { items });

		expect(out).toHaveLength(0);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe(c.message);
		expect((error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(1);
		expect(error?.description).toMatch(c.description);
		expect(textRequests(sim)).toHaveLength(1 + c.requests);
		expect(requestsPerText(sim).has(items[2].json.text as string)).toBe(false);
		expectNoTextAcceptedTwice(sim);
	});
});

describe('a 429 that passes is retried and the text goes out once', () => {
	test.each([
		['Retry-After: 1 is honoured (1 s, not the 500 ms backoff)', { kind: 'rateLimit', retryAfterSeconds: 1, times: 1 }, 2, 950, 3000],
		['no Retry-After: bounded backoff of 500 ms', { kind: 'rateLimit', times: 1 }, 2, 450, 2500],
		['no Retry-After twice: 500 ms then 1000 ms', { kind: 'rateLimit', times: 2 }, 3, 1450, 4000],
	] as Array<[string, Fault, number, number, number]>)('%s', async (_name, fault, requestsForFirst, minMs, maxMs) => {
		const items = distinctItems(3, 'Rate limited');
		sim.setFault(fault);
		const { result, ms } = await timed(() =>
			runSend(sim, parameters({ concurrency: 1 }), { items, continueOnFail: true }),
		);

		expect(result.error).toBeUndefined();
		expectPaired(result.items, 3);
		expect(result.items.map((item) => item.json.text)).toEqual(items.map((item) => item.json.text));
		expect(result.items.every((item) => item.json.status === 202)).toBe(true);
		expect(requestsPerText(sim).get(items[0].json.text as string)).toBe(requestsForFirst);
		expect(sim.sent.map((message) => message.text)).toEqual(items.map((item) => item.json.text));
		expectNoTextAcceptedTwice(sim);
		expect(ms).toBeGreaterThanOrEqual(minMs);
		expect(ms).toBeLessThan(maxMs);
	});

	test('a rate-limited burst of 20 parallel texts: all go out, each exactly once, in input order', async () => {
		const items = distinctItems(20, 'Burst');
		sim.setFault({ kind: 'rateLimit', retryAfterSeconds: 0, times: 8 });
		const { items: out, error } = await runSend(sim, parameters({ concurrency: 10 }), { items, continueOnFail: true });

		expect(error).toBeUndefined();
		expectPaired(out, 20);
		expect(out.map((item) => item.json.text)).toEqual(items.map((item) => item.json.text));
		expect(textRequests(sim)).toHaveLength(28);
		expect(sim.sent).toHaveLength(20);
		expectNoTextAcceptedTwice(sim);
	});
});

describe('faults mixed with good items and item errors in one run', () => {
	test('a 503, a reset, an invalid number and good items: N in, N out, every failure in its own slot', async () => {
		const rows = [
			{ phone: '+16142579242', text: 'Mixed #0' },
			{ phone: 'not a number', text: 'Mixed #1' },
			{ phone: '+12015550123', text: 'Mixed #2' },
			{ phone: '+16142579242', text: 'Mixed #3' },
			{ phone: '+12015550123', text: 'Mixed #4' },
		];
		// Item 1 fails before sending, so requests go 0, 2, 3, 4: the 503 hits item 0, the reset item 2.
		scriptFaults(sim, [{ kind: 'status', status: 503 }, { kind: 'resetBeforeRead' }]);
		const { items: out, error } = await runSend(
			sim,
			sendParameters({ toNumber: '={{ $json.phone }}', text: '={{ $json.text }}', options: { concurrency: 1 } }),
			{ items: rows.map((json) => ({ json })), continueOnFail: true },
		);

		expect(error).toBeUndefined();
		expectPaired(out, 5);
		expect(out[0].json).toMatchObject({ error: 'Service Unavailable', httpCode: '503' });
		expect(out[1].json.error).toBe('To Number "not a number" is not a phone number in United States (US) [item 1]');
		expect(out[2].json.error).toBe('The connection to IO Phone broke before it answered');
		expect(out[3].json).toMatchObject({ text: 'Mixed #3', status: 202 });
		expect(out[4].json).toMatchObject({ text: 'Mixed #4', status: 202 });
		expect(sim.sent.map((message) => message.text)).toEqual(['Mixed #3', 'Mixed #4']);
		expect([...requestsPerText(sim).values()].every((count) => count === 1)).toBe(true);
	});
});
