/**
 * What bulk sending at full speed must keep, checked with answers that come back out of
 * order: a jitter proxy between the node and the IO Phone simulator holds each request for a
 * random 0–25 ms. Output i is always the text to input item i, no text is accepted twice
 * (also when IO Phone answers 429 in the middle of a burst), and "Sends at Once" requests are
 * in flight at once, never more (the proxy holds the first ones until that many have arrived,
 * so a slow machine cannot make the check flaky). Speed is measured by `npm run bench`, not here.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { runNode } from '../../tools/harness';
import { IoPhoneSimulator } from '../../tools/simulator';
import { SEND_NODE } from '../support/send-node';
import { JitterProxy } from '../../tools/simulator/jitter-proxy';
import { contactItems, sendParameters, textFor } from '../../tools/simulator/workload';

let sim: IoPhoneSimulator;
let proxy: JitterProxy;

beforeAll(async () => {
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
});

/** 60 contacts in 20 countries, each with its own text (the Text expression includes the contact's id). */
function distinctContacts(count = 60): INodeExecutionData[] {
	return contactItems(count).map(({ json }) => ({ json: { ...json, appointment: `${json.appointment} #${json.id}` } }));
}

async function send(items: INodeExecutionData[], options: IDataObject = {}) {
	return await runNode({
		type: SEND_NODE,
		parameters: { ...sendParameters(), options: options as INodeParameters },
		items,
		credentials: { ioPhoneApi: { apiKey: sim.apiKey, baseUrl: proxy.baseUrl } },
	});
}

function expectInInputOrder(items: INodeExecutionData[], output: INodeExecutionData[]) {
	expect(output).toHaveLength(items.length);
	output.forEach((item, i) => {
		expect(item.pairedItem).toEqual({ item: i });
		expect(item.json.text).toBe(textFor(items[i].json));
		expect(item.json.to).toBe(String(items[i].json.phone).replace(/\s+/g, ''));
		expect(item.json.status).toBe(202);
	});
}

/** Every text accepted by IO Phone exactly once, and the output carries IO Phone's id for it. */
function expectEachAcceptedOnce(items: INodeExecutionData[], output: INodeExecutionData[]) {
	const accepted = new Map<string, number[]>();
	for (const message of sim.sent) accepted.set(message.text, [...(accepted.get(message.text) ?? []), message.id]);
	items.forEach((item, i) => {
		expect(accepted.get(textFor(item.json))).toEqual([output[i].json.id]);
	});
	expect(sim.sent).toHaveLength(items.length);
}

function expectAnswersOutOfOrder() {
	const sorted = [...proxy.completionOrder].sort((a, b) => a - b);
	expect(proxy.completionOrder).not.toEqual(sorted);
}

describe('bulk sending with answers out of order', () => {
	test('default Sends at Once (16): outputs in input order, each text accepted once, 16 in flight at most', async () => {
		const items = distinctContacts();
		proxy.barrier(16);
		const { items: output, error } = await send(items);

		expect(error).toBeUndefined();
		expectInInputOrder(items, output);
		expectEachAcceptedOnce(items, output);
		expectAnswersOutOfOrder();
		expect(proxy.maxInFlight).toBe(16);
	});

	test('Sends at Once 1: one request at a time, in input order', async () => {
		const items = distinctContacts(15);
		const { items: output, error } = await send(items, { concurrency: 1 });

		expect(error).toBeUndefined();
		expectInInputOrder(items, output);
		expectEachAcceptedOnce(items, output);
		expect(proxy.maxInFlight).toBe(1);
		expect(proxy.completionOrder).toEqual(items.map((_, i) => i));
	});

	test('Sends at Once 12: never more than 12 in flight, outputs still in input order', async () => {
		const items = distinctContacts();
		proxy.barrier(12);
		const { items: output, error } = await send(items, { concurrency: 12 });

		expect(error).toBeUndefined();
		expectInInputOrder(items, output);
		expectEachAcceptedOnce(items, output);
		expectAnswersOutOfOrder();
		expect(proxy.maxInFlight).toBe(12);
	});

	test('429s in the middle of the burst: retried, each text accepted exactly once, order kept', async () => {
		const items = distinctContacts();
		sim.setFault({ kind: 'rateLimit', retryAfterSeconds: 0, times: 15 });
		const { items: output, error } = await send(items);

		expect(error).toBeUndefined();
		expectInInputOrder(items, output);
		expectEachAcceptedOnce(items, output);
		expect(sim.requests.filter((r) => r.method === 'POST')).toHaveLength(items.length + 15);
		expect(proxy.maxInFlight).toBeLessThanOrEqual(16);
	});

	test('Pause Between Batches: batches of Sends at Once, outputs in input order', async () => {
		const items = distinctContacts(20);
		proxy.barrier(4);
		const { items: output, error } = await send(items, { concurrency: 4, batchInterval: 5 });

		expect(error).toBeUndefined();
		expectInInputOrder(items, output);
		expectEachAcceptedOnce(items, output);
		expect(proxy.maxInFlight).toBe(4);
		// A batch starts only when the previous one is done: answers of batch k all come before batch k+1's.
		const batchOf = (arrival: number) => Math.floor(arrival / 4);
		const batches = proxy.completionOrder.map(batchOf);
		expect(batches).toEqual([...batches].sort((a, b) => a - b));
	});
});
