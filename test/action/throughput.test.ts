/**
 * Options → Max Texts per Second, run through n8n's engine against the simulator. The limit is
 * checked where a carrier counts it: on the times the simulator received the requests (facts of
 * the run), never on the test's own clock. Requests go through a jitter proxy that holds each one
 * for a random 0–25 ms, as a network would, and counts how many are in flight at once.
 * Speed is measured by `npm run bench`, not here.
 */
import { DataDeduplicationService } from 'n8n-core';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { runWorkflow } from '../../tools/harness';
import { IoPhoneSimulator } from '../../tools/simulator';
import { JitterProxy } from '../../tools/simulator/jitter-proxy';
import { MemoryDeduplicator } from '../support/memory-deduplicator';
import { rowSendNode, textRequests } from '../support/send-node';

const ONE_SECOND_MS = 1000;

let sim: IoPhoneSimulator;
let proxy: JitterProxy;
let nodeId = 0;

beforeAll(async () => {
	await DataDeduplicationService.init(new MemoryDeduplicator());
	sim = await IoPhoneSimulator.start();
	proxy = await JitterProxy.start(sim.baseUrl);
});
afterAll(async () => {
	await proxy.close();
	await sim.close();
});
beforeEach(() => {
	sim.reset();
	proxy.reset();
	nodeId++;
});

/** Rows to distinct US numbers, each with its own text. */
function rows(count: number, tag = 'Hi'): Array<{ json: { to: string; text: string } }> {
	return Array.from({ length: count }, (_, i) => ({ json: { to: `+1614257${9200 + i}`, text: `${tag} #${i}` } }));
}

/** One run of a workflow holding one IO Phone node (the same node within a test, like re-runs of one workflow). */
async function send(items: INodeExecutionData[], options: IDataObject, continueOnFail = false) {
	const node = rowSendNode(`send-node-${nodeId}`, { options }, continueOnFail);
	const run = await runWorkflow({
		workflow: { id: 'throughput-test', nodes: [node], connections: {} },
		startNode: 'Send',
		items,
		credentials: { ioPhoneApi: { apiKey: sim.apiKey, baseUrl: proxy.baseUrl } },
	});
	const task = run.data.resultData.runData.Send?.[0];
	return { output: task?.data?.main[0] ?? [], error: run.data.resultData.error ?? task?.error };
}

/** The most POST /text requests the simulator received within one second ([t, t + 1 s) from each arrival t). */
function busiestSecond(): number {
	const times = textRequests(sim)
		.map((r) => r.receivedAt.getTime())
		.sort((a, b) => a - b);
	let most = 0;
	for (let first = 0, end = 0; first < times.length; first++) {
		while (end < times.length && times[end] < times[first] + ONE_SECOND_MS) end++;
		most = Math.max(most, end - first);
	}
	return most;
}

/** Output i is the text of input i, paired to it, and IO Phone took each text once. */
function expectEachSentOnceInOrder(items: INodeExecutionData[], output: INodeExecutionData[]) {
	expect(output).toHaveLength(items.length);
	output.forEach((item, i) => {
		expect(item.pairedItem).toEqual({ item: i });
		expect(item.json).toMatchObject({ to: items[i].json.to, text: items[i].json.text, status: 202 });
	});
	expect(sim.sent.map((m) => m.text).sort()).toEqual(items.map((item) => item.json.text).sort());
}

describe('Options → Max Texts per Second', () => {
	test.each([
		['default Sends at Once (16)', {}, 16],
		['Sends at Once 1', { concurrency: 1 }, 1],
		['Sends at Once 16', { concurrency: 16 }, 16],
		['Sends at Once 4 and Pause Between Batches', { concurrency: 4, batchInterval: 5 }, 4],
	])('10 per second over 12 texts, %s: no second holds more than 10 at IO Phone, the tighter limit wins, order kept', async (_, options, sendsAtOnce) => {
		const items = rows(12);
		const { output, error } = await send(items, { maxPerSecond: 10, ...options });

		expect(error).toBeUndefined();
		expectEachSentOnceInOrder(items, output);
		expect(textRequests(sim)).toHaveLength(12);
		expect(busiestSecond()).toBeLessThanOrEqual(10);
		expect(proxy.maxInFlight).toBeLessThanOrEqual(sendsAtOnce);
	});

	test('a limit below Sends at Once: 5 per second over 8 texts, the first 5 go at once', async () => {
		const items = rows(8);
		const { output, error } = await send(items, { maxPerSecond: 5 });

		expect(error).toBeUndefined();
		expectEachSentOnceInOrder(items, output);
		expect(busiestSecond()).toBe(5);
	});

	test('Skip Texts Already Sent: a skipped text takes no turn, so the 4 new texts of a re-run, between 4 sent ones, all go in the first second', async () => {
		const options = { maxPerSecond: 4, skipAlreadySent: true };
		const sentBefore = rows(4);
		expect((await send(sentBefore, options)).error).toBeUndefined();
		expect(textRequests(sim)).toHaveLength(4);

		sim.reset();
		const added = rows(4, 'New');
		const rerun = added.flatMap((item, i) => [sentBefore[i], item]);
		const { output, error } = await send(rerun, options);

		expect(error).toBeUndefined();
		expect(output.map((item) => item.json.skipReason ?? 'sent')).toEqual(rerun.map((item) => (item.json.text.startsWith('New') ? 'sent' : 'alreadySent')));
		expect(output.map((item) => item.pairedItem)).toEqual(rerun.map((_, i) => ({ item: i })));
		expect(textRequests(sim).map((r) => r.body.text).sort()).toEqual(added.map((item) => item.json.text).sort());
		// Had each skipped text taken a turn, the first second would hold 2 new texts (turns 1 and 3), the next second the other 2.
		expect(busiestSecond()).toBe(4);
	});

	test('0 and empty mean no limit, as before the option existed', async () => {
		for (const maxPerSecond of [0, '']) {
			sim.reset();
			const items = rows(3);
			const { output, error } = await send(items, { maxPerSecond });
			expect(error).toBeUndefined();
			expectEachSentOnceInOrder(items, output);
		}
	});

	test.each([
		['negative', '={{ -5 }}', 'Max Texts per Second must be a number of at least 0, but the value is -5 [item 0]'],
		['text', '={{ "fast" }}', 'Max Texts per Second must be a number of at least 0, but the value is "fast" [item 0]'],
		['a fraction (rounding 0.5 down would lift the limit)', '={{ 0.5 }}', 'Max Texts per Second must be a whole number, but the value is 0.5 [item 0]'],
	])('%s: a clear error naming the field and the item, before any request', async (_, maxPerSecond, message) => {
		const { error } = await send(rows(3), { maxPerSecond });
		expect(error?.message).toBe(message);
		expect(sim.requests).toHaveLength(0);

		const { output } = await send(rows(3), { maxPerSecond }, true);
		expect(output.map((item) => item.json.error)).toEqual([message, message, message]);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(sim.requests).toHaveLength(0);
	});
});
