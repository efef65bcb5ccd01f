/**
 * Options → Skip Texts Already Sent, run through n8n's engine (test/harness) against the simulator.
 *
 * The option records texts with n8n's de-duplication helpers (this.helpers.checkProcessedAndRecord
 * and removeProcessed, n8n-core's real ones), kept here in memory (test/support/memory-deduplicator.ts).
 * How the record behaves in n8n's real database, across workers, restarts and a killed worker, is
 * tested in test/queue/bulk.queue.ts.
 */
import { DataDeduplicationService } from 'n8n-core';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { runWorkflow } from '../../tools/harness';
import { IoPhoneSimulator } from '../../tools/simulator';
import { MemoryDeduplicator } from '../support/memory-deduplicator';
import { credentialsFor, rowSendNode } from '../support/send-node';

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
afterEach(() => jest.restoreAllMocks());

const rows = (...pairs: Array<[string, string]>): INodeExecutionData[] => pairs.map(([to, text]) => ({ json: { to, text } }));

/** One run of a workflow holding one IO Phone node (the same node id within a test, like re-runs of one workflow). */
async function send(items: INodeExecutionData[], options: IDataObject = { skipAlreadySent: true }, guardRails: IDataObject = {}) {
	const node = rowSendNode(`send-node-${nodeId}`, { options, guardRails }, true);
	const run = await runWorkflow({ workflow: { id: 'skip-test', nodes: [node], connections: {} }, startNode: 'Send', items, credentials: credentialsFor(sim) });
	const task = run.data.resultData.runData.Send?.[0];
	if (!task?.data) throw new Error(`The run failed: ${run.data.resultData.error?.message}`);
	return task.data.main[0]!;
}

const reasons = (items: INodeExecutionData[]) => items.map((item) => (item.json.skipped ? item.json.skipReason : 'error' in item.json ? 'error' : 'sent'));

describe('Options → Skip Texts Already Sent', () => {
	const A = '+16142579242';
	const B = '+12015550123';

	test('a second run of the same rows sends nothing and marks every row already sent, paired to its input', async () => {
		expect(reasons(await send(rows([A, 'Hi'], [B, 'Hi'])))).toEqual(['sent', 'sent']);
		const again = await send(rows([A, 'Hi'], [B, 'Hi'], [A, 'Other text']));
		expect(reasons(again)).toEqual(['alreadySent', 'alreadySent', 'sent']);
		expect(again[0].json).toMatchObject({ skipped: true, skipReason: 'alreadySent', to: A, text: 'Hi' });
		expect(String(again[0].json.message)).toMatch(/earlier run/);
		expect(again.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(sim.sent.map((m) => `${m.to} ${m.text}`)).toEqual([`${A} Hi`, `${B} Hi`, `${A} Other text`]);
	});

	test('the same To Number and Text twice in one run goes out once', async () => {
		const output = await send(rows([A, 'Hi'], [B, 'Hi'], ['(614) 257-9242', 'Hi']));
		expect(reasons(output)).toEqual(['sent', 'sent', 'earlierInThisRun']);
		expect(output[2].json.sameAsItem).toBe(0);
		expect(sim.sent).toHaveLength(2);
	});

	test('a text IO Phone refused (403) is forgotten, so the next run sends it', async () => {
		sim.setFault({ kind: 'status', status: 403, body: { status: 403, message: 'Not authorized' }, times: 1 });
		expect(reasons(await send(rows([A, 'Hi'])))).toEqual(['error']);
		expect(reasons(await send(rows([A, 'Hi'])))).toEqual(['sent']);
		expect(sim.sent).toHaveLength(1);
	});

	test('a text that may have gone out (500, or the connection dropped after IO Phone read it) is reported in doubt by the next run, not sent again', async () => {
		sim.setFault({ kind: 'status', status: 500, times: 1 });
		expect(reasons(await send(rows([A, 'Hi'])))).toEqual(['error']);
		sim.setFault({ kind: 'resetAfterRead', times: 1 });
		expect(reasons(await send(rows([B, 'Hi'])))).toEqual(['error']);
		expect(sim.sent).toHaveLength(1); // the reset one reached IO Phone
		const again = await send(rows([A, 'Hi'], [B, 'Hi']));
		expect(reasons(again)).toEqual(['inDoubt', 'inDoubt']);
		expect(String(again[1].json.message)).toMatch(/may or may not have sent it/);
		expect(sim.sent).toHaveLength(1);
	});

	test('the window: skipped within it, sent again once it is over (at most twice the window)', async () => {
		// The clock moved on by `offset`; it keeps running, so n8n's timers still work.
		const realNow = Date.now.bind(Date);
		const hourStart = Math.ceil(realNow() / 3_600_000) * 3_600_000;
		let offset = hourStart - realNow();
		jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
		const options = { skipAlreadySent: true, skipWindowHours: 1 };
		expect(reasons(await send(rows([A, 'Hi']), options))).toEqual(['sent']);
		offset += 59 * 60_000;
		expect(reasons(await send(rows([A, 'Hi']), options))).toEqual(['alreadySent']);
		offset += 60 * 60_000; // 1 h 59 min after: in the next window, still remembered (at most twice the window)
		expect(reasons(await send(rows([A, 'Hi']), options))).toEqual(['alreadySent']);
		offset += 2 * 60_000; // 2 h 1 min after: two windows later
		expect(reasons(await send(rows([A, 'Hi']), options))).toEqual(['sent']);
		expect(sim.sent).toHaveLength(2);
	});

	test('an opted-out text is skipped before the record: not claimed, not recorded as sent, so it goes out once the number is off the list', async () => {
		const optedOut = { optedOutNumbers: '(201) 555-0123' };
		const first = await send(rows([A, 'Hi'], [B, 'Hi']), undefined, optedOut);
		expect(reasons(first)).toEqual(['sent', 'optedOut']);
		expect(first.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(sim.sent.map((m) => m.to)).toEqual([A]);
		expect(reasons(await send(rows([A, 'Hi'], [B, 'Hi'])))).toEqual(['alreadySent', 'sent']);
		expect(sim.sent.map((m) => m.to)).toEqual([A, B]);
	});

	test('off (the default): the same rows are sent again, and nothing is recorded', async () => {
		const before = store.records.size;
		await send(rows([A, 'Hi']), {});
		await send(rows([A, 'Hi']), {});
		expect(sim.sent).toHaveLength(2);
		expect(store.records.size).toBe(before);
	});
});
