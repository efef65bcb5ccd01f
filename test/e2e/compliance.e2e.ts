/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * docs/compliance.md as a user sets it up, in a real n8n 2.41.1 against the IO Phone simulator:
 * a Data Table `opted_out` (text column `phone`), the opt-out keeper (examples/opt-out-keeper.json)
 * published on the account number, and the bulk send that honours its list
 * (examples/bulk-send-honouring-opt-outs.json) run as the editor's "Execute workflow" runs it.
 * The tests share one n8n and run in order: empty list → STOP (twice) → bulk → AI Agent → Send and Wait
 * → HELP → START → bulk.
 */
import { randomBytes } from 'node:crypto';

import { IoPhoneSimulator, TEST_NUMBER } from '../../tools/simulator';
import { receivedPayload } from '../../tools/simulator/webhooks';
import { record, stopAndPrintFigures } from './figures';
import { LocalN8n } from '../../tools/n8n/local-n8n';
import { expectOk, nodeOutput, type ExecutionSummary } from '../../tools/n8n/n8n-api';
import { sleep, waitFor } from '../../tools/n8n/wait';
import { AFTER_ANSWER_NODE, ASK_NODE, triggerWebhookPath } from '../../tools/n8n/workflows';
import { callToolThenAnswer, FakeOpenAi, messageText, toolResults } from '../../tools/llm/fake-openai';
import {
	AGENT_TOOL_NAME,
	agentWithOptOutsWorkflow,
	BULK_SEND_NODE_NAME,
	CUSTOMERS,
	MANUAL_TRIGGER_NODE,
	OPTING_OUT,
	OPTING_OUT_IN_LIST,
	OPT_OUT_TABLE,
	bulkSendHonouringOptOutsWorkflow,
	optOutKeeperWorkflow,
	sendAndWaitHonouringOptOutsWorkflow,
} from '../../tools/n8n/compliance-workflows';
import { KEYWORD_ANSWERS } from '../../nodes/IoPhoneTrigger/description';

jest.setTimeout(120_000);

const API_KEY = `e2e-key-${randomBytes(12).toString('hex')}`;
const LLM_KEY = `llm-key-${randomBytes(12).toString('hex')}`;
const ACCOUNT_NUMBER = '+15551112222';
const SETUP_RECIPIENT = '+16142579242';
/** IO Phone's id of the STOP event (any id the simulator's own texts do not reach). */
const STOP_EVENT_ID = 900_001;

let sim: IoPhoneSimulator;
let llm: FakeOpenAi | undefined;
let local: LocalN8n | undefined;
let credential: { id: string; name: string };
let tableId: string;
let keeperId: string;
let bulkId: string;
const log = (message: string) => process.stdout.write(`[e2e] ${message}\n`);
const api = () => local!.api;

interface TextRequest {
	body: Record<string, unknown>;
	receivedAt: Date;
}

/** POST /text requests the simulator received, in order. */
function textRequests(): TextRequest[] {
	return sim.requests
		.filter((r) => r.method === 'POST' && r.path === '/api6/text')
		.map((r) => ({ body: (r.body ?? {}) as Record<string, unknown>, receivedAt: r.receivedAt }));
}

/** The most texts IO Phone received within any one second. */
function mostInOneSecond(texts: TextRequest[]): number {
	const times = texts.map((r) => r.receivedAt.getTime()).sort((a, b) => a - b);
	return Math.max(0, ...times.map((t, i) => times.slice(i).filter((u) => u - t < 1000).length));
}

/** The opted_out table's rows, through the public API. */
async function tableRows(): Promise<Array<Record<string, unknown>>> {
	const res = await api().public<{ data: Array<Record<string, unknown>> }>('GET', `/data-tables/${tableId}/rows?limit=250`);
	expectOk(res, 'read opted_out rows');
	return res.json.data;
}

/** Waits until the workflow has `count` finished executions; returns them newest first. */
async function waitForExecutions(workflowId: string, count: number, timeoutMs = 30_000): Promise<ExecutionSummary[]> {
	return await waitFor(
		async () => {
			const done = (await api().listExecutions(workflowId)).filter((e) => e.status !== 'running' && e.status !== 'new' && e.status !== 'waiting');
			return done.length >= count ? done : undefined;
		},
		{ timeoutMs, intervalMs: 250, what: `${count} finished execution(s) of workflow ${workflowId}` },
	);
}

/** A text from `from` to the account number; returns the (accepted) webhook delivery, to repeat it. */
async function text(from: string, body: string) {
	const delivery = await sim.receive({ from, to: ACCOUNT_NUMBER, text: body });
	expect(delivery?.status).toBe(200);
	return delivery!;
}

/** Waits for the keeper's execution number `count` and checks it succeeded; returns the trigger's item. */
async function keeperRun(count: number): Promise<{ execution: ExecutionSummary; item: Record<string, unknown> }> {
	const [newest] = await waitForExecutions(keeperId, count);
	expect(newest.status).toBe('success');
	const { json } = await api().getExecution(newest.id);
	return { execution: json, item: nodeOutput(json, 'IO Phone Trigger')[0] };
}

/** "Execute workflow" in the editor on the bulk send; returns the Send Texts output of that run and its duration. */
async function runBulkSend(): Promise<{ items: Array<Record<string, unknown>>; texts: TextRequest[]; ms: number }> {
	const before = textRequests().length;
	const t0 = Date.now();
	const res = await api().rest<{ data: { executionId: string } }>('POST', `/workflows/${bulkId}/run`, {
		triggerToStartFrom: { name: MANUAL_TRIGGER_NODE },
	});
	expectOk(res, 'run the bulk send');
	const executionId = res.json.data.executionId;
	const execution = await waitFor(
		async () => {
			const { json } = await api().getExecution(executionId);
			return json.status === 'running' || json.status === 'new' ? undefined : json;
		},
		{ timeoutMs: 60_000, intervalMs: 250, what: `bulk send execution ${executionId}` },
	);
	const ms = Date.now() - t0;
	expect(execution.data?.resultData.error).toBeUndefined();
	expect(execution.status).toBe('success');
	return { items: nodeOutput(execution, BULK_SEND_NODE_NAME), texts: textRequests().slice(before), ms };
}

beforeAll(async () => {
	sim = await IoPhoneSimulator.start({ apiKey: API_KEY, accountNumbers: [ACCOUNT_NUMBER] });
	local = await LocalN8n.create({ logLevel: 'info', say: log });
	credential = await api().createCredential('IO Phone (simulator)', 'ioPhoneApi', { apiKey: API_KEY, baseUrl: sim.baseUrl });

	// docs/compliance.md, step 1: a Data Table opted_out with a text column phone.
	const table = await api().public<{ id: string }>('POST', '/data-tables', { name: OPT_OUT_TABLE, columns: [{ name: 'phone', type: 'string' }] });
	expectOk(table, 'create the opted_out data table');
	tableId = table.json.id;

	// Workflows → Import from File (the editor saves the imported JSON, pinned data included), credential picked.
	const importWorkflow = async (workflow: Record<string, unknown>) => {
		const res = await api().rest<{ data: { id: string } }>('POST', '/workflows', { ...workflow, active: false });
		expectOk(res, `import ${String(workflow.name)}`);
		return res.json.data.id;
	};
	const keeper = optOutKeeperWorkflow(credential);
	keeperId = await importWorkflow(keeper);
	bulkId = await importWorkflow(bulkSendHonouringOptOutsWorkflow(credential, CUSTOMERS));

	// Step 2: the keeper is published; its trigger registers by setup text.
	const t0 = Date.now();
	expect((await api().publishWorkflow(keeperId)).status).toBe(200);
	await local.n8n.waitForPostWebhook(triggerWebhookPath(keeper), 30_000);
	await waitFor(() => sim.callbackUrlFor(ACCOUNT_NUMBER), { timeoutMs: 30_000, what: 'the keeper’s callback URL at IO Phone' });
	record('keeper: publish to webhook registered', Date.now() - t0);
}, 20 * 60_000);

afterAll(async () => {
	await stopAndPrintFigures(() => `Figures (compliance, n8n ${local?.runtime.version ?? '?'}):`, () => local?.dispose(), () => sim?.close(), () => llm?.close());
}, 60_000);

const answerTo = (to: string, keyword: keyof typeof KEYWORD_ANSWERS) =>
	textRequests().filter((r) => r.body.toNumber === to && r.body.text === KEYWORD_ANSWERS[keyword].defaultText);


/** Creates and publishes a workflow started by a Webhook node at `webhookPath`; resolves once n8n serves it. */
async function publishWebhookWorkflow(definition: Parameters<ReturnType<typeof api>['createWorkflow']>[0], webhookPath: string): Promise<string> {
	const { id } = await api().createWorkflow(definition);
	expect((await api().publishWorkflow(id)).status).toBe(200);
	await local!.n8n.waitForPostWebhook(webhookPath, 30_000);
	return id;
}

/** POSTs `body` as JSON to the published webhook at `webhookPath`. */
async function postToWebhook(webhookPath: string, body: unknown, timeoutMs: number): Promise<Response> {
	return await fetch(local!.n8n.webhookUrl(webhookPath), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
		signal: AbortSignal.timeout(timeoutMs),
	});
}

describe('compliance (docs/compliance.md) in a real n8n', () => {
	test('with an empty opted_out table the bulk send texts every row (Always Output Data lets the run go on)', async () => {
		expect(await tableRows()).toEqual([]);
		const { items, texts } = await runBulkSend();
		expect(items).toHaveLength(CUSTOMERS.length);
		expect(items.filter((item) => item.skipped)).toEqual([]);
		expect(texts).toHaveLength(CUSTOMERS.length);
		expect(texts.every((r) => r.body.fromNumber === TEST_NUMBER)).toBe(true);
	});

	test('STOP, delivered twice at once and once more later by IO Phone: one confirmation, one run, and the number lands in the opted_out table', async () => {
		const t0 = Date.now();
		// One event, as IO Phone would post it, twice at the same moment.
		const stop = receivedPayload(STOP_EVENT_ID, { from: OPTING_OUT, to: ACCOUNT_NUMBER, text: 'Stop!' });
		const callbackUrl = sim.callbackUrlFor(ACCOUNT_NUMBER)!;
		const copies = await Promise.all([sim.postWebhook(callbackUrl, stop), sim.postWebhook(callbackUrl, stop)]);
		expect(copies.map((c) => c.status)).toEqual([200, 200]);
		const confirmation = await waitFor(() => answerTo(OPTING_OUT, 'optOut')[0], { timeoutMs: 20_000, intervalMs: 20, what: 'the STOP confirmation' });
		record('STOP POST to confirmation at IO Phone', confirmation.receivedAt.getTime() - t0);
		expect(confirmation.body).toMatchObject({ fromNumber: ACCOUNT_NUMBER });

		const { item } = await keeperRun(1);
		expect(item).toMatchObject({ from: OPTING_OUT, keyword: 'optOut', keywordAnswer: { sent: true } });
		const row = await waitFor(async () => (await tableRows()).find((r) => r.phone === OPTING_OUT), {
			timeoutMs: 20_000,
			what: 'the opted-out number in the table',
		});
		record('STOP POST to row in opted_out', Date.now() - t0);
		expect(row).toMatchObject({ phone: OPTING_OUT });

		// The same event once more after the run (IO Phone retrying): dropped as a duplicate.
		const again = await sim.postWebhook(callbackUrl, stop);
		expect(again.status).toBe(200);
		await sleep(3000);
		expect(answerTo(OPTING_OUT, 'optOut')).toHaveLength(1);
		expect(await api().listExecutions(keeperId)).toHaveLength(1);
		expect((await tableRows()).filter((r) => r.phone === OPTING_OUT)).toHaveLength(1);
	});

	test('the bulk send, the opted-out number written "(614) 555-0123" in the list: 9 texts, 1 item skipped optedOut', async () => {
		const { items, texts, ms } = await runBulkSend();
		record('bulk send of 10 rows (5 per second) with 1 opted out', ms);
		expect(items).toHaveLength(CUSTOMERS.length);
		const skipped = items.filter((item) => item.skipped === true);
		expect(skipped).toHaveLength(1);
		expect(skipped[0]).toMatchObject({ skipReason: 'optedOut', to: OPTING_OUT });
		expect(String(skipped[0].message)).toMatch(/opted out/);
		expect(items.indexOf(skipped[0])).toBe(CUSTOMERS.findIndex((c) => c.phone === OPTING_OUT_IN_LIST));
		expect(texts).toHaveLength(CUSTOMERS.length - 1);
		expect(texts.map((r) => r.body.toNumber)).not.toContain(OPTING_OUT);
		// The example's Options → Max Texts per Second (5).
		expect(mostInOneSecond(texts)).toBeLessThanOrEqual(5);
	});

	test('an AI Agent asked to text the opted-out number: no text, and the model is told why', async () => {
		llm = await FakeOpenAi.start({
			apiKey: LLM_KEY,
			script: callToolThenAnswer(AGENT_TOOL_NAME, { to: OPTING_OUT_IN_LIST, text: 'Your order has shipped' }, (result) => `Tool said: ${result}`),
		});
		const openAi = await api().createCredential('Fake OpenAI', 'openAiApi', { apiKey: LLM_KEY, url: llm.baseUrl, header: false });
		const webhookPath = `agent-opt-outs-${randomBytes(4).toString('hex')}`;
		const id = await publishWebhookWorkflow(agentWithOptOutsWorkflow({ webhookPath, openAi, ioPhone: credential }), webhookPath);

		const before = textRequests().length;
		const res = await postToWebhook(webhookPath, { prompt: `Text ${OPTING_OUT_IN_LIST} that the order has shipped` }, 60_000);
		const answer = await res.text();
		expect(res.status).toBe(200);
		expect(textRequests().slice(before)).toEqual([]);

		// The model's second request carries the tool's answer: not sent, and why.
		expect(llm.chatRequests.length).toBeGreaterThanOrEqual(2);
		const told = toolResults(llm.chatRequests[1]).map(messageText).join('\n');
		expect(told).toContain(`Not sent: ${OPTING_OUT} has opted out`);
		expect(answer).toContain('opted out');
		const [execution] = await waitForExecutions(id, 1);
		expect(execution.status).toBe('success');
	});

	test('Send and Wait to the opted-out number: no text, and the run goes on at once instead of waiting', async () => {
		const webhookPath = `saw-opt-outs-${randomBytes(4).toString('hex')}`;
		const id = await publishWebhookWorkflow(sendAndWaitHonouringOptOutsWorkflow(credential, webhookPath), webhookPath);

		const before = textRequests().length;
		const res = await postToWebhook(webhookPath, { to: OPTING_OUT_IN_LIST, question: 'Approve the spring sale order?' }, 30_000);
		expect(res.status).toBe(200);
		// Waiting or finished, whichever comes first: a run that waits would stay "waiting".
		const [execution] = await waitFor(
			async () => {
				const settled = (await api().listExecutions(id)).filter((e) => e.status !== 'running' && e.status !== 'new');
				return settled.length ? settled : undefined;
			},
			{ timeoutMs: 30_000, intervalMs: 250, what: 'the Send and Wait execution to finish or wait' },
		);
		expect(execution.status).toBe('success');
		const { json } = await api().getExecution(execution.id);
		expect(nodeOutput(json, ASK_NODE)).toEqual([expect.objectContaining({ skipped: true, skipReason: 'optedOut', to: OPTING_OUT })]);
		expect(nodeOutput(json, AFTER_ANSWER_NODE)).toHaveLength(1);
		expect(textRequests().slice(before)).toEqual([]);
	});

	test('HELP gets the help answer; the list is unchanged', async () => {
		const t0 = Date.now();
		await text(OPTING_OUT, ' help ');
		const answer = await waitFor(() => answerTo(OPTING_OUT, 'help')[0], { timeoutMs: 20_000, intervalMs: 20, what: 'the HELP answer' });
		record('HELP POST to answer at IO Phone', answer.receivedAt.getTime() - t0);
		const { item } = await keeperRun(2);
		expect(item).toMatchObject({ keyword: 'help', keywordAnswer: { sent: true } });
		expect((await tableRows()).map((r) => r.phone)).toEqual([OPTING_OUT]);
	});

	test('START removes the row and gets its answer; the next bulk send texts all 10', async () => {
		const t0 = Date.now();
		await text(OPTING_OUT, 'START');
		await waitFor(() => answerTo(OPTING_OUT, 'optIn')[0], { timeoutMs: 20_000, intervalMs: 20, what: 'the START answer' });
		const { item } = await keeperRun(3);
		expect(item).toMatchObject({ keyword: 'optIn', keywordAnswer: { sent: true } });
		await waitFor(async () => (await tableRows()).length === 0, { timeoutMs: 20_000, what: 'the opted_out table to be empty' });
		record('START POST to row gone', Date.now() - t0);

		const { items, texts } = await runBulkSend();
		expect(items.filter((i) => i.skipped)).toEqual([]);
		expect(texts).toHaveLength(CUSTOMERS.length);
		expect(texts.map((r) => r.body.toNumber)).toContain(OPTING_OUT);
	});

	test('a text that only mentions stop is no keyword: no answer, no row', async () => {
		const answersBefore = textRequests().length;
		await text(OPTING_OUT, 'stop by the store tomorrow');
		const { item } = await keeperRun(4);
		expect(item).toMatchObject({ keyword: null });
		expect(item).not.toHaveProperty('keywordAnswer');
		expect(textRequests().length).toBe(answersBefore);
		expect(await tableRows()).toEqual([]);
	});
});
