/**
 * Guard Rails → Quiet Hours through n8n's engine against the simulator, at fixed clock times: the
 * node's clock (Date.now) is moved to the instant a test names and keeps running from there, so
 * n8n's own timers work and nothing sleeps. The decisions themselves, zone by zone and state by
 * state, are in quiet-hours-decision.test.ts.
 */
import { DataDeduplicationService } from 'n8n-core';
import type { IDataObject, INodeExecutionData, INodeParameters, IWorkflowSettings } from 'n8n-workflow';

import { runWorkflow } from '../../tools/harness';
import { IoPhoneSimulator } from '../../tools/simulator';
import { MemoryDeduplicator } from '../support/memory-deduplicator';
import { credentialsFor, rowSendNode, runSend, sendParameters, textRequests } from '../support/send-node';

let sim: IoPhoneSimulator;
let nodeId = 0;

beforeAll(async () => {
	await DataDeduplicationService.init(new MemoryDeduplicator());
	sim = await IoPhoneSimulator.start();
});
afterAll(async () => await sim.close());
beforeEach(() => {
	sim.reset();
	nodeId++;
});
afterEach(() => jest.restoreAllMocks());

/** Moves the clock to `iso`; it runs on from there. Returns the offset added to the real time. */
function clockAt(iso: string): number {
	const realNow = Date.now.bind(Date);
	const offset = Date.parse(iso) - realNow();
	jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
	return offset;
}

// Wednesday 14 January 2026, 15:30 UTC: 10:30 in New York, 9:30 in Chicago, 8:30 in Denver,
// 7:30 in Los Angeles, 6:30 in Juneau, 5:30 in Honolulu.
const WEDNESDAY = '2026-01-14T15:30:00.000Z';
const ACROSS_US = [
	{ to: '+16142579242', outcome: 'sent' }, // Eastern
	{ to: '+13122579242', outcome: 'sent' }, // Central
	{ to: '+13032579242', outcome: 'sent' }, // Mountain
	{ to: '+14152579242', outcome: 'quietHours', sendAfter: '2026-01-14T16:00:00.000Z' }, // Pacific: 8:00 there
	{ to: '+19072579242', outcome: 'quietHours', sendAfter: '2026-01-14T17:00:00.000Z' }, // Alaska
	{ to: '+18082579242', outcome: 'quietHours', sendAfter: '2026-01-14T18:00:00.000Z' }, // Hawaii
];
const rows = (numbers = ACROSS_US.map((row) => row.to)): INodeExecutionData[] => numbers.map((to, n) => ({ json: { to, text: `Hello ${n}` } }));
const outcome = (item: INodeExecutionData) => (item.json.skipped ? String(item.json.skipReason) : 'error' in item.json ? 'error' : 'sent');
const sentTo = () => textRequests(sim).map((request) => String(request.body.toNumber));
const quietHours = (values: IDataObject = {}): IDataObject => ({ quietHours: { values } });

/** One run of a workflow with one IO Phone node sending each row. */
async function send(
	items: INodeExecutionData[],
	{ guardRails = quietHours(), options = {}, continueOnFail = false, settings }: { guardRails?: IDataObject; options?: IDataObject; continueOnFail?: boolean; settings?: IWorkflowSettings } = {},
) {
	const node = rowSendNode(`quiet-node-${nodeId}`, { guardRails, options }, continueOnFail);
	const run = await runWorkflow({
		workflow: { id: 'quiet-hours-test', nodes: [node], connections: {}, settings: { executionOrder: 'v1', ...settings } },
		startNode: 'Send',
		items,
		credentials: credentialsFor(sim),
	});
	return { items: run.data.resultData.runData.Send?.[0]?.data?.main[0] ?? [], error: run.data.resultData.error };
}

describe('Guard Rails → Quiet Hours: Skip the Text (the default)', () => {
	test('a bulk send across US time zones at 10:30 in New York: texted where it is 8:00–21:00, the rest skipped with when their window opens', async () => {
		clockAt(WEDNESDAY);
		const { items, error } = await send(rows());
		expect(error).toBeUndefined();
		expect(items.map(outcome)).toEqual(ACROSS_US.map((row) => row.outcome));
		expect(items.map((item) => item.pairedItem)).toEqual(ACROSS_US.map((_, i) => ({ item: i })));
		expect(sentTo()).toEqual(ACROSS_US.filter((row) => row.outcome === 'sent').map((row) => row.to));
		expect(items.map((item) => item.json.sendAfter)).toEqual(ACROSS_US.map((row) => row.sendAfter));
		expect(items[3].json).toEqual({
			skipped: true,
			skipReason: 'quietHours',
			message: expect.any(String),
			to: '+14152579242',
			text: 'Hello 3',
			sendAfter: '2026-01-14T16:00:00.000Z',
		});
	});

	test("the skipped item's message says why and when, for a person or an AI agent to pass on", async () => {
		clockAt(WEDNESDAY);
		const { items } = await send(rows(['+14152579242']));
		const message = String(items[0].json.message);
		expect(message).toContain('Wednesday 7:30 in America/Los_Angeles');
		expect(message).toContain('8:00–21:00');
		expect(message).toContain('2026-01-14T16:00:00.000Z');
		expect(message).toContain('Wednesday 8:00');
	});

	test("a state's stricter hours: Texas on a Sunday morning waits until 12:00 there", async () => {
		clockAt('2026-01-18T16:30:00.000Z'); // Sunday 10:30 in Austin, 11:30 in New York
		const { items } = await send(rows(['+15122579242', '+16142579242']));
		expect(items.map(outcome)).toEqual(['quietHours', 'sent']);
		expect(items[0].json.sendAfter).toBe('2026-01-18T18:00:00.000Z');
		expect(String(items[0].json.message)).toContain('Texas');
		// Without the state rules, 10:30 is inside 8:00–21:00.
		sim.reset();
		const plain = await send(rows(['+15122579242']), { guardRails: quietHours({ stateRules: false }) });
		expect(plain.items.map(outcome)).toEqual(['sent']);
	});

	test("a number without a time zone of its own is judged in the workflow's time zone, or the Fallback Time Zone when set", async () => {
		clockAt(WEDNESDAY); // 10:30 in New York, 5:30 in Honolulu
		const tollFree = rows(['+18002530000']);
		expect((await send(tollFree, { settings: { timezone: 'America/New_York' } })).items.map(outcome)).toEqual(['sent']);
		const inHonolulu = await send(tollFree, { settings: { timezone: 'Pacific/Honolulu' } });
		expect(inHonolulu.items.map(outcome)).toEqual(['quietHours']);
		expect(String(inHonolulu.items[0].json.message)).toContain('Pacific/Honolulu');
		const fallback = await send(tollFree, { settings: { timezone: 'Pacific/Honolulu' }, guardRails: quietHours({ fallbackTimeZone: 'Europe/London' }) });
		expect(fallback.items.map(outcome)).toEqual(['sent']); // 15:30 in London
	});

	test('without the rail, nothing is held back', async () => {
		clockAt(WEDNESDAY);
		const { items } = await send(rows(), { guardRails: {} });
		expect(items.map(outcome)).toEqual(ACROSS_US.map(() => 'sent'));
	});
});

describe('order of the checks: nothing held back uses up anything', () => {
	test('an opted-out number outside its window is skipped as opted out', async () => {
		clockAt(WEDNESDAY);
		const { items } = await send(rows(['+14152579242']), { guardRails: { ...quietHours(), optedOutNumbers: '(415) 257-9242' } });
		expect(items.map(outcome)).toEqual(['optedOut']);
	});

	test('with Skip Texts Already Sent, a text held back is not recorded as sent: it goes out once its window opens', async () => {
		clockAt(WEDNESDAY);
		const options = { skipAlreadySent: true };
		expect((await send(rows(['+14152579242']), { options })).items.map(outcome)).toEqual(['quietHours']);
		jest.restoreAllMocks();
		clockAt('2026-01-14T16:00:00.000Z'); // 8:00 in Los Angeles
		expect((await send(rows(['+14152579242']), { options })).items.map(outcome)).toEqual(['sent']);
		expect((await send(rows(['+14152579242']), { options })).items.map(outcome)).toEqual(['alreadySent']);
		expect(sentTo()).toEqual(['+14152579242']);
	});

	test('with Max Texts per Second, skipped texts take no turn: 3 texts at 1 per second, 3 skipped between them', async () => {
		clockAt(WEDNESDAY);
		const numbers = ['+14152579242', '+16142579242', '+19072579242', '+13122579242', '+18082579242', '+13032579242'];
		const { items } = await send(rows(numbers), { options: { maxPerSecond: 1 } });
		expect(items.map(outcome)).toEqual(['quietHours', 'sent', 'quietHours', 'sent', 'quietHours', 'sent']);
		const arrivals = textRequests(sim).map((request) => request.receivedAt.getTime());
		// Three turns at 1 per second put the third send about 2 s after the first; had the skipped
		// texts taken turns, it would be the sixth turn, at least 4 s after the second.
		expect(arrivals[2] - arrivals[0]).toBeLessThan(4_000);
	});
});

describe('Guard Rails → Quiet Hours: Fail the Item', () => {
	const fail = quietHours({ outsideWindow: 'fail' });

	test('without Continue On Fail, an item outside its window stops the run before any text is sent, naming the item and the rail', async () => {
		clockAt(WEDNESDAY);
		const { error } = await send(rows(), { guardRails: fail });
		expect(error?.message).toContain('Guard rail Quiet Hours');
		expect(error?.message).toContain('+14152579242');
		expect(error?.message).toContain('[item 3]');
		expect(textRequests(sim)).toHaveLength(0);
	});

	test('with Continue On Fail, one output item per input item, paired: the texts inside their window sent, the others errors', async () => {
		clockAt(WEDNESDAY);
		const { items, error } = await send(rows(), { guardRails: fail, continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items.map(outcome)).toEqual(ACROSS_US.map((row) => (row.outcome === 'sent' ? 'sent' : 'error')));
		expect(items.map((item) => item.pairedItem)).toEqual(ACROSS_US.map((_, i) => ({ item: i })));
		expect(String(items[3].json.error)).toContain('[item 3]');
		expect(String(items[3].json.description)).toContain('2026-01-14T16:00:00.000Z');
		expect(sentTo()).toHaveLength(3);
	});
});

describe('Guard Rails → Quiet Hours: Wait Until the Window Opens', () => {
	const wait = quietHours({ outsideWindow: 'wait' });

	test('a run of one item waits until the window opens, then sends it once', async () => {
		const opens = Date.parse('2026-01-14T16:00:00.000Z'); // 8:00 in Los Angeles
		const offset = clockAt(new Date(opens - 300).toISOString());
		const { items, error } = await send(rows(['+14152579242']), { guardRails: wait });
		expect(error).toBeUndefined();
		expect(items.map(outcome)).toEqual(['sent']);
		expect(sentTo()).toEqual(['+14152579242']);
		// IO Phone received it once the clock (moved by `offset`) had reached 8:00 in Los Angeles.
		expect(textRequests(sim)[0].receivedAt.getTime() + offset).toBeGreaterThanOrEqual(opens);
	});

	test('inside the window it sends at once', async () => {
		clockAt(WEDNESDAY);
		const { items } = await send(rows(['+16142579242']), { guardRails: wait });
		expect(items.map(outcome)).toEqual(['sent']);
	});

	test('a run of several items fails before any text, naming the field', async () => {
		clockAt(WEDNESDAY);
		const { error } = await send(rows(['+16142579242', '+14152579242']), { guardRails: wait });
		expect(error?.message).toContain('Outside the Window');
		expect(error?.message).toContain('one item');
		expect(textRequests(sim)).toHaveLength(0);
	});
});

describe('Guard Rails → Quiet Hours: fields that cannot be used fail naming the field and the item', () => {
	test.each([
		[{ fallbackTimeZone: 'Mars/Olympus_Mons' }, 'Fallback Time Zone "Mars/Olympus_Mons" is not a time zone'],
		[{ windowStart: 21, windowEnd: 8 }, 'Send Until (Hour) (8) must be later than Send From (Hour) (21)'],
		[{ windowStart: 7.5 }, 'Send From (Hour) must be a whole hour'],
		[{ windowEnd: '={{ "late" }}' }, 'Send Until (Hour) must be a whole hour from 1 to 24, but the value is "late"'],
	])('%j', async (values, message) => {
		clockAt(WEDNESDAY);
		const { error } = await send(rows(['+16142579242']), { guardRails: quietHours(values) });
		expect(error?.message).toContain(`Quiet Hours → ${message}`);
		expect(error?.message).toContain('[item 0]');
		expect(textRequests(sim)).toHaveLength(0);
	});
});

describe('the node as an AI Agent tool', () => {
	/** As n8n runs a tool node: the agent fills the $fromAI() values, its arguments are the input item. */
	const toolParameters = sendParameters({
		toNumber: "={{ $fromAI('toNumber', 'Recipient in E.164, e.g. +16142579242', 'string') }}",
		text: "={{ $fromAI('text', 'The message, plain text', 'string') }}",
		guardRails: quietHours(),
	});

	test('asked to text a number where it is 7:30: nothing is sent, and the answer tells the model why and from when', async () => {
		clockAt(WEDNESDAY);
		const { items, error } = await runSend(sim, toolParameters, { items: [{ json: { toNumber: '+14152579242', text: 'Your table is ready' } }] });
		expect(error).toBeUndefined();
		expect(sim.requests).toHaveLength(0);
		expect(items[0].json).toMatchObject({ skipped: true, skipReason: 'quietHours', sendAfter: '2026-01-14T16:00:00.000Z' });
		expect(String(items[0].json.message)).toMatch(/^Not sent .*may not be texted now: it is Wednesday 7:30 in America\/Los_Angeles.*from 2026-01-14T16:00:00\.000Z/);
	});
});

describe('Send and Wait obeys Quiet Hours', () => {
	test('outside the window: no text, nothing to wait for, the items go on marked skipped', async () => {
		clockAt(WEDNESDAY);
		const parameters = { resource: 'message', operation: 'sendAndWait', toNumber: '+14152579242', message: 'Ship order 1042 today?', guardRails: quietHours() };
		const result = await runSend(sim, parameters as INodeParameters, { items: [{ json: { order: 1042 } }, { json: { order: 1043 } }] });
		expect(result.error).toBeUndefined();
		expect(result.run.waitTill).toBeUndefined();
		expect(result.items.map(outcome)).toEqual(['quietHours', 'quietHours']);
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.items[0].json.sendAfter).toBe('2026-01-14T16:00:00.000Z');
		expect(textRequests(sim)).toHaveLength(0);
	});
});
