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
const WORKFLOW_ID = 'skip-test';
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
async function send(items: INodeExecutionData[], options: IDataObject = { skipAlreadySent: true }, guardRails: IDataObject = {}, continueOnFail = true) {
	const node = rowSendNode(`send-node-${nodeId}`, { options, guardRails }, continueOnFail);
	const run = await runWorkflow({ workflow: { id: WORKFLOW_ID, nodes: [node], connections: {} }, startNode: 'Send', items, credentials: credentialsFor(sim) });
	const task = run.data.resultData.runData.Send?.[0];
	if (!task?.data) throw new Error(`The run failed: ${run.data.resultData.error?.message}`);
	return task.data.main[0]!;
}

/** The node of the next run starts with `record` as n8n's record of it. */
function nextNodeWithRecord(record: readonly string[]) {
	nodeId++;
	store.records.set(MemoryDeduplicator.recordKey(WORKFLOW_ID, `send-node-${nodeId}`), [...record]);
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

	test.each([
		['in the same window', 0],
		['in the next window', 24 * 3_600_000],
	])('killed at any moment (kill -9): a re-run %s on the record n8n held then sends no text IO Phone had, and reports at most Sends at Once in doubt', async (_, later) => {
		const atOnce = 4;
		const options = { skipAlreadySent: true, concurrency: atOnce };
		const texts = rows(...Array.from({ length: 40 }, (_, k): [string, string] => [A, `Text ${k}`]));
		sim.setResponseDelay(5);
		// Before each write to the record: what n8n's database holds if n8n dies now, and the texts IO Phone has by then.
		const moments: Array<{ record: string[]; out: Set<string> }> = [];
		store.beforeWrite = (record) => moments.push({ record: [...record], out: new Set(sim.sent.map((m) => m.text)) });
		try {
			expect(new Set(reasons(await send(texts, options)))).toEqual(new Set(['sent']));
		} finally {
			store.beforeWrite = undefined;
		}
		expect(moments.length).toBeGreaterThan(2);

		const realNow = Date.now.bind(Date);
		jest.spyOn(Date, 'now').mockImplementation(() => realNow() + later);
		for (const { record, out } of moments) {
			nextNodeWithRecord(record);
			sim.reset();
			const again = await send(texts, options);
			const reasonOf = new Map(again.map((item) => [String(item.json.text), String(item.json.skipReason ?? ('error' in item.json ? 'error' : 'sent'))]));
			expect(sim.sent.filter((m) => out.has(m.text)).map((m) => m.text)).toEqual([]);
			expect([...reasonOf.values()].filter((r) => r === 'inDoubt').length).toBeLessThanOrEqual(atOnce);
			// Marked sent only once IO Phone had it; every text not out is sent now or in doubt.
			expect([...reasonOf].filter(([text, r]) => r === 'alreadySent' && !out.has(text))).toEqual([]);
			expect([...reasonOf].filter(([text, r]) => !out.has(text) && r !== 'sent' && r !== 'inDoubt')).toEqual([]);
		}
	});

	test('a send whose previous window holds no text records two entries per text, not three', async () => {
		const atOnce = 4;
		const texts = rows(...Array.from({ length: 40 }, (_, k): [string, string] => [A, `Text ${k}`]));
		expect(new Set(reasons(await send(texts, { skipAlreadySent: true, concurrency: atOnce })))).toEqual(new Set(['sent']));
		const record = store.records.get(MemoryDeduplicator.recordKey(WORKFLOW_ID, `send-node-${nodeId}`))!;
		// A claim and a mark per text, the run's two window keys, and a claim in the previous window for
		// each text that asked before the run's first write answered whether that window was ever used.
		expect(record.length).toBeLessThanOrEqual(2 * texts.length + 2 + atOnce);
		expect(reasons(await send(texts))).toEqual(texts.map(() => 'alreadySent'));
	});

	test('a record so full that n8n dropped its oldest entries (the window keys) is still looked up in the previous window', async () => {
		const realNow = Date.now.bind(Date);
		const hourStart = Math.ceil(realNow() / 3_600_000) * 3_600_000;
		let offset = hourStart - realNow();
		jest.spyOn(Date, 'now').mockImplementation(() => realNow() + offset);
		const options = { skipAlreadySent: true, skipWindowHours: 1, concurrency: 1 };
		const texts = rows(...Array.from({ length: 20 }, (_, k): [string, string] => [A, `Text ${k}`]));
		expect(new Set(reasons(await send(texts, options)))).toEqual(new Set(['sent']));
		// Texts of other runs fill the record to n8n's limit for the node, and n8n drops the oldest entries:
		// the window keys the first run recorded before its claims.
		const record = store.records.get(MemoryDeduplicator.recordKey(WORKFLOW_ID, `send-node-${nodeId}`))!;
		record.push(...Array.from({ length: 60_000 - record.length + 2 }, (_, k) => `other text ${k}`));
		record.splice(0, 2);
		offset += 60 * 60_000; // the next window
		// One at a time, so the last text asks after the run's first write has looked for the window keys.
		expect(reasons(await send(rows([B, 'First'], [A, 'Text 19']), options))).toEqual(['sent', 'alreadySent']);
		expect(sim.sent.filter((m) => m.text === 'Text 19')).toHaveLength(1);
	});

	test('a run stopped by an error still records as sent the texts that went out, so the next run skips them as already sent, not in doubt', async () => {
		const options = { skipAlreadySent: true, concurrency: 3 };
		const texts = rows(...Array.from({ length: 12 }, (_, k): [string, string] => [A, `Text ${k}`]));
		sim.setResponseDelay(5);
		store.beforeWrite = () => {
			if (sim.sent.length < 4) return;
			sim.setFault({ kind: 'status', status: 400, body: { status: 400, message: 'Bad request' }, times: 1 });
			store.beforeWrite = undefined;
		};
		await expect(send(texts, options, {}, false)).rejects.toThrow(/The run failed/);
		store.beforeWrite = undefined;
		const out = new Set(sim.sent.map((m) => m.text));
		expect(out.size).toBeGreaterThanOrEqual(4);
		expect(out.size).toBeLessThan(texts.length);

		sim.reset();
		const again = await send(texts, options);
		expect(again.filter((item) => out.has(String(item.json.text))).map((item) => item.json.skipReason)).toEqual([...out].map(() => 'alreadySent'));
		expect(reasons(again.filter((item) => !out.has(String(item.json.text))))).toEqual(Array.from({ length: texts.length - out.size }, () => 'sent'));
	});

	test('off (the default): the same rows are sent again, and nothing is recorded', async () => {
		const before = store.records.size;
		await send(rows([A, 'Hi']), {});
		await send(rows([A, 'Hi']), {});
		expect(sim.sent).toHaveLength(2);
		expect(store.records.size).toBe(before);
	});
});
