/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * The packed n8n-nodes-iophone in a real n8n 2.41.1 (Node 24), against the IO Phone simulator
 * on loopback. The tests in this file share one n8n and run in order: activation → incoming
 * text → delivery/failure events → forged callback → test listens (Execute step) → restart →
 * deactivation → send workflow → credential test → log check.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { DOCS, REPOSITORY_URL } from '../../nodes/shared/docs-links';
import { IoPhoneSimulator, TEST_NUMBER } from '../../tools/simulator';
import { record, stopAndPrintFigures, summarize } from './figures';
import { LocalN8n } from '../../tools/n8n/local-n8n';
import { nodeOutput, type ExecutionSummary } from '../../tools/n8n/n8n-api';
import { sleep, waitFor } from '../../tools/n8n/wait';
import { autoReplyWorkflow, REPLY_NODE, SEND_NODE, sendWorkflow, TRIGGER_NODE, triggerWebhookPath } from '../../tools/n8n/workflows';

jest.setTimeout(120_000);

const API_KEY = `e2e-key-${randomBytes(12).toString('hex')}`;
const ACCOUNT_NUMBER = '+15551112222';
const SECOND_ACCOUNT_NUMBER = '+15553334444';
const SETUP_RECIPIENT = '+16142579242';
const TEXTER = '+12025550123';

interface TextRequest {
	body: Record<string, unknown>;
	receivedAt: Date;
}

let sim: IoPhoneSimulator;
let local: LocalN8n | undefined;
let credential: { id: string; name: string };
const log = (message: string) => process.stdout.write(`[e2e] ${message}\n`);

/** POST /text requests the simulator received (accepted or not), in order. */
function textRequests(): TextRequest[] {
	return sim.requests
		.filter((r) => r.method === 'POST' && r.path === '/api6/text')
		.map((r) => ({ body: (r.body ?? {}) as Record<string, unknown>, receivedAt: r.receivedAt }));
}

/** Setup texts: sends that store a (non-empty) callback URL. */
const setupTexts = () => textRequests().filter((r) => typeof r.body.callbackUrl === 'string' && r.body.callbackUrl !== '');

const n8nApi = () => local!.api;

/** Every file below `dir`, skipping the top-level folders in `skip`. */
function filesUnder(dir: string, skip: string[] = []): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return skip.includes(entry.name) ? [] : filesUnder(full);
		return entry.isFile() ? [full] : [];
	});
}

async function executions(workflowId: string): Promise<ExecutionSummary[]> {
	return await n8nApi().listExecutions(workflowId);
}

/** Waits until the workflow has `count` finished executions; returns them newest first. */
async function waitForExecutions(workflowId: string, count: number, timeoutMs = 20_000): Promise<ExecutionSummary[]> {
	return await waitFor(
		async () => {
			const list = await executions(workflowId);
			const done = list.filter((e) => e.status !== 'running' && e.status !== 'new');
			return done.length >= count ? done : undefined;
		},
		{ timeoutMs, intervalMs: 250, what: `${count} finished execution(s) of workflow ${workflowId}` },
	);
}

beforeAll(async () => {
	sim = await IoPhoneSimulator.start({ apiKey: API_KEY, accountNumbers: [ACCOUNT_NUMBER, SECOND_ACCOUNT_NUMBER] });
	local = await LocalN8n.create({ logLevel: 'debug', say: log });
	record('pack + install into nodes/', local.timings.packAndInstallMs);
	record('cold start to REST ready', local.timings.coldStartToRestReadyMs);
	credential = await n8nApi().createCredential('IO Phone (simulator)', 'ioPhoneApi', { apiKey: API_KEY, baseUrl: sim.baseUrl });
}, 20 * 60_000);

afterAll(async () => {
	const node = () => (local?.runtime.major === 1 ? 'the machine’s Node 20' : 'Node 24');
	await stopAndPrintFigures(() => `Figures (n8n ${local?.runtime.version ?? '?'} on ${node()}):`, () => local?.dispose(), () => sim?.close());
}, 60_000);

describe('auto-reply workflow (examples/auto-reply.json)', () => {
	let webhookId: string;
	let workflowId: string;
	let webhookPath: string;
	let callbackUrl: string;
	const replyIds: number[] = [];

	async function textAndAwaitReply(text: string): Promise<{ reply: Record<string, unknown>; latencyMs: number }> {
		const before = textRequests().length;
		const t0 = Date.now();
		const delivery = await sim.receive({ from: TEXTER, to: ACCOUNT_NUMBER, text });
		expect(delivery?.status).toBe(200);
		const reply = await waitFor(
			() => textRequests().slice(before).find((r) => r.body.text === `Thanks! You said: ${text}`),
			{ timeoutMs: 15_000, intervalMs: 20, what: `the reply to "${text}"` },
		);
		const sent = sim.sent.find((m) => m.text === `Thanks! You said: ${text}`);
		expect(sent).toBeDefined();
		replyIds.push(sent!.id);
		return { reply: reply.body, latencyMs: reply.receivedAt.getTime() - t0 };
	}

	test('activation sends one setup text whose callbackUrl is the production webhook URL with a token', async () => {
		const definition = autoReplyWorkflow(credential, { fromNumber: ACCOUNT_NUMBER, setupRecipient: SETUP_RECIPIENT });
		webhookId = definition.nodes.find((n) => n.name === TRIGGER_NODE)!.webhookId as string;
		webhookPath = triggerWebhookPath(definition);
		workflowId = (await n8nApi().createWorkflow(definition)).id;

		const t0 = Date.now();
		const published = await n8nApi().publishWorkflow(workflowId);
		expect(published.status).toBe(200);
		const setup = await waitFor(() => setupTexts()[0], { timeoutMs: 30_000, what: 'the setup text' });
		await local!.n8n.waitForPostWebhook(webhookPath, 30_000);
		record('activation (publish) to setup text + webhook registered', Date.now() - t0);

		expect(setupTexts()).toHaveLength(1);
		expect(setup.body).toMatchObject({ toNumber: SETUP_RECIPIENT, fromNumber: ACCOUNT_NUMBER });
		callbackUrl = setup.body.callbackUrl as string;
		const production = local!.n8n.webhookUrl(webhookPath);
		expect(production).toBe(`${local!.n8n.baseUrl}/webhook/${webhookId}/webhook`);
		expect(callbackUrl.startsWith(`${production}?token=`)).toBe(true);
		expect(new URL(callbackUrl).searchParams.get('token')!.length).toBeGreaterThanOrEqual(22);
		expect(sim.callbackUrlFor(ACCOUNT_NUMBER)).toBe(callbackUrl);
	});

	test('an incoming text runs the workflow and the reply goes back to the sender', async () => {
		const { reply, latencyMs } = await textAndAwaitReply('hello from e2e');
		expect(reply).toMatchObject({ toNumber: TEXTER, fromNumber: ACCOUNT_NUMBER, text: 'Thanks! You said: hello from e2e' });
		expect(reply).not.toHaveProperty('callbackUrl');

		const [execution] = await waitForExecutions(workflowId, 1);
		expect(execution.status).toBe('success');
		const { json } = await n8nApi().getExecution(execution.id);
		expect(nodeOutput(json, TRIGGER_NODE)[0]).toMatchObject({
			type: 'message-received',
			from: TEXTER,
			to: ACCOUNT_NUMBER,
			text: 'hello from e2e',
			replyTo: TEXTER,
			replyFrom: ACCOUNT_NUMBER,
		});
		expect(nodeOutput(json, REPLY_NODE)[0]).toMatchObject({ id: replyIds[0], status: 202, to: TEXTER, from: ACCOUNT_NUMBER });

		// More round trips, for the latency figure.
		const latencies = [latencyMs];
		for (let i = 1; i <= 4; i++) latencies.push((await textAndAwaitReply(`ping ${i}`)).latencyMs);
		record('webhook POST to reply at IO Phone', summarize(latencies));
		await waitForExecutions(workflowId, 5);
	});

	test('delivery and failure events reach the workflow as separate executions', async () => {
		const before = (await executions(workflowId)).length;
		const sendsBefore = textRequests().length;
		expect((await sim.deliver(replyIds[0]))?.status).toBe(200);
		expect((await sim.fail(replyIds[1], { errorCode: 4720, description: 'invalid-destination-address' }))?.status).toBe(200);

		const list = await waitForExecutions(workflowId, before + 2);
		const newest = list.slice(0, 2);
		expect(newest.map((e) => e.status)).toEqual(['success', 'success']);
		const triggerItems = await Promise.all(
			newest.map(async (e) => nodeOutput((await n8nApi().getExecution(e.id)).json, TRIGGER_NODE)),
		);
		for (const items of triggerItems) expect(items).toHaveLength(1);
		const byType = Object.fromEntries(triggerItems.map(([item]) => [item.type, item]));
		expect(byType['message-delivered']).toMatchObject({ id: replyIds[0], to: TEXTER, from: ACCOUNT_NUMBER });
		expect(byType['message-failed']).toMatchObject({ id: replyIds[1], errorCode: 4720, description: 'invalid-destination-address' });
		// The filter stops receipts: nobody gets a reply to a delivery receipt.
		await sleep(500);
		expect(textRequests().length).toBe(sendsBefore);
	});

	test('a forged callback (wrong or missing token) gets 401 and starts no execution', async () => {
		const before = (await executions(workflowId)).length;
		const forged = new URL(callbackUrl);
		forged.searchParams.set('token', randomBytes(16).toString('base64url'));
		const payload = { id: 42, time: new Date().toISOString(), type: 'message-received', description: 'Incoming message received', segmentCount: 1, direction: 'in', to: ACCOUNT_NUMBER, from: TEXTER, text: 'forged' };

		const wrongToken = await sim.postWebhook(forged.toString(), payload);
		expect(wrongToken.status).toBe(401);
		const noToken = await sim.postWebhook(local!.n8n.webhookUrl(webhookPath), payload);
		expect(noToken.status).toBe(401);

		await sleep(2000);
		expect((await executions(workflowId)).length).toBe(before);
		expect(textRequests().some((r) => String(r.body.text).includes('forged'))).toBe(false);
	});

	test('testing the trigger ("Execute step") costs 2 texts per listen and never leaves the published workflow deaf', async () => {
		const setupsBefore = setupTexts().length;
		const testUrl = `${local!.n8n.baseUrl}/webhook-test/${webhookPath}`;

		// 1. Listen, and an event arrives: it runs in the editor (a manual execution), and n8n ends the listen.
		const listening = await n8nApi().listenForTestEvent(workflowId, TRIGGER_NODE);
		expect(listening.json.data).toMatchObject({ waitingForWebhook: true });
		expect(sim.callbackUrlFor(ACCOUNT_NUMBER)!.startsWith(`${testUrl}?token=`)).toBe(true);
		expect(setupTexts()).toHaveLength(setupsBefore + 1);
		expect((await sim.receive({ from: TEXTER, to: ACCOUNT_NUMBER, text: 'while testing' }))?.status).toBe(200);
		const testRun = await waitFor(
			async () => (await executions(workflowId)).find((e) => e.mode === 'manual' && e.status === 'success'),
			{ timeoutMs: 20_000, what: 'the test execution' },
		);
		expect(nodeOutput((await n8nApi().getExecution(testRun.id)).json, TRIGGER_NODE)[0]).toMatchObject({ text: 'while testing' });
		await waitFor(() => sim.callbackUrlFor(ACCOUNT_NUMBER) === callbackUrl || undefined, {
			timeoutMs: 20_000,
			what: 'From Number pointing back at the Production URL after the test event',
		});

		// 2. Listen and stop without any event (the editor's Stop button).
		await n8nApi().listenForTestEvent(workflowId, TRIGGER_NODE);
		expect(sim.callbackUrlFor(ACCOUNT_NUMBER)!.startsWith(`${testUrl}?token=`)).toBe(true);
		await n8nApi().stopListening(workflowId);
		await waitFor(() => sim.callbackUrlFor(ACCOUNT_NUMBER) === callbackUrl || undefined, {
			timeoutMs: 20_000,
			what: 'From Number pointing back at the Production URL after Stop',
		});

		// Two listens, two texts each; nothing ever cleared the stored URL.
		const added = setupTexts().slice(setupsBefore).map((r) => String(r.body.callbackUrl));
		expect(added.map((url) => url.startsWith(`${testUrl}?token=`))).toEqual([true, false, true, false]);
		expect(added.filter((url) => url === callbackUrl)).toHaveLength(2);
		expect(textRequests().some((r) => r.body.callbackUrl === '')).toBe(false);
		record('texts per test listen (setup + back to production)', `${added.length / 2} (2 listens)`);

		// 3. The next real event runs the published workflow, and the auto-reply reaches IO Phone.
		const productionBefore = (await executions(workflowId)).filter((e) => e.mode === 'webhook').length;
		const { reply } = await textAndAwaitReply('after testing');
		expect(reply).toMatchObject({ toNumber: TEXTER, fromNumber: ACCOUNT_NUMBER });
		const production = await waitFor(
			async () => {
				const list = (await executions(workflowId)).filter((e) => e.mode === 'webhook' && e.status === 'success');
				return list.length > productionBefore ? list : undefined;
			},
			{ timeoutMs: 20_000, what: 'the production execution after testing' },
		);
		expect(nodeOutput((await n8nApi().getExecution(production[0].id)).json, TRIGGER_NODE)[0]).toMatchObject({ text: 'after testing' });
	});

	test('after an n8n restart no second setup text is sent and the webhook still works', async () => {
		const setupsBefore = setupTexts().length;
		await local!.stop();
		const n8n = await local!.start();
		await n8n.waitForPostWebhook(webhookPath, 90_000);
		record('restart: process start to webhook registered', Date.now() - n8n.startedAt);
		await n8n.waitUntilReady();
		record('restart: process start to REST ready', Date.now() - n8n.startedAt);

		const { reply } = await textAndAwaitReply('after restart');
		expect(reply).toMatchObject({ toNumber: TEXTER, fromNumber: ACCOUNT_NUMBER });
		expect(setupTexts()).toHaveLength(setupsBefore);
		expect(sim.callbackUrlFor(ACCOUNT_NUMBER)).toBe(callbackUrl);
	});

	test('deactivation clears the stored callback URL', async () => {
		const before = textRequests().length;
		const res = await n8nApi().unpublishWorkflow(workflowId);
		expect(res.status).toBe(200);
		const clear = await waitFor(
			() => textRequests().slice(before).find((r) => r.body.callbackUrl === ''),
			{ timeoutMs: 20_000, what: 'the clearing text (callbackUrl "")' },
		);
		expect(clear.body).toMatchObject({ fromNumber: ACCOUNT_NUMBER, toNumber: SETUP_RECIPIENT, callbackUrl: '' });
		expect(sim.callbackUrlFor(ACCOUNT_NUMBER)).toBeUndefined();
		expect(await sim.receive({ from: TEXTER, to: ACCOUNT_NUMBER, text: 'anyone there?' })).toBeNull();
		await waitFor(async () => !(await local!.n8n.isPostWebhookRegistered(webhookPath)), {
			timeoutMs: 10_000,
			what: 'the webhook to be unregistered',
		});
	});
});

describe('trigger in the editor', () => {
	test('Execute step with the test number and only "Message Received" selected shows its simulated delivery as the sample', async () => {
		const definition = autoReplyWorkflow(credential, { fromNumber: TEST_NUMBER, setupRecipient: SETUP_RECIPIENT, name: 'Test-number sample (e2e)' });
		const trigger = definition.nodes.find((n) => n.name === TRIGGER_NODE)!;
		(trigger.parameters as Record<string, unknown>).events = ['message-received'];
		const { id } = await n8nApi().createWorkflow(definition);

		const listening = await n8nApi().listenForTestEvent(id, TRIGGER_NODE);
		expect(listening.json.data).toMatchObject({ waitingForWebhook: true });
		const [sample] = await waitForExecutions(id, 1);
		expect(sample).toMatchObject({ mode: 'manual', status: 'success' });
		expect(nodeOutput((await n8nApi().getExecution(sample.id)).json, TRIGGER_NODE)[0]).toMatchObject({
			type: 'message-delivered',
			from: TEST_NUMBER,
			testNumberSample: expect.stringContaining('test number'),
		});
	});

	test('the node types n8n serves to the editor carry the Docs URL it opens as is, and codex URLs without a #fragment', async () => {
		type NodeTypeEntry = { name: string; documentationUrl?: string; codex?: { resources?: { primaryDocumentation?: Array<{ url: string }> } } };
		const res = await n8nApi().editorFile<NodeTypeEntry[]>('/types/nodes.json');
		expect(res.status).toBe(200);
		const types = res.json;
		const docs = Object.fromEntries(
			types
				.filter((t) => ['n8n-nodes-iophone.ioPhone', 'n8n-nodes-iophone.ioPhoneTrigger'].includes(t.name))
				.map((t) => [t.name, [t.documentationUrl, t.codex?.resources?.primaryDocumentation?.[0]?.url]]),
		);
		expect(docs).toEqual({
			'n8n-nodes-iophone.ioPhone': [DOCS.send, REPOSITORY_URL],
			'n8n-nodes-iophone.ioPhoneTrigger': [DOCS.trigger, REPOSITORY_URL],
		});
	});
});

describe('send workflow with Continue On Fail', () => {
	test('one output item per input, bad ones as error items, and no API key in the stored execution', async () => {
		const hookPath = `iophone-e2e-send-${randomBytes(4).toString('hex')}`;
		const { id: workflowId } = await n8nApi().createWorkflow(sendWorkflow(credential, hookPath));
		expect((await n8nApi().publishWorkflow(workflowId)).status).toBe(200);
		await local!.n8n.waitForPostWebhook(hookPath, 30_000);

		const messages = [
			{ to: '+16142579242', text: 'first', from: SECOND_ACCOUNT_NUMBER },
			{ to: '12345', text: 'bad number', from: SECOND_ACCOUNT_NUMBER },
			{ to: '+12025550123', text: 'third', from: SECOND_ACCOUNT_NUMBER },
			{ to: '+13125550142', text: 'from a number we do not own', from: '+16175550199' },
			{ to: '(614) 257-9242', text: 'national format', from: SECOND_ACCOUNT_NUMBER },
		];
		const sentBefore = sim.sent.length;
		const res = await fetch(local!.n8n.webhookUrl(hookPath), {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ messages }),
			signal: AbortSignal.timeout(30_000),
		});
		const items = (await res.json()) as Array<Record<string, unknown>>;
		expect(res.status).toBe(200);
		expect(items).toHaveLength(messages.length);
		expect(items[0]).toMatchObject({ status: 202, to: '+16142579242', from: SECOND_ACCOUNT_NUMBER, text: 'first' });
		expect(items[1].error).toMatch(/12345/);
		expect(items[1]).not.toHaveProperty('id');
		expect(items[2]).toMatchObject({ status: 202, to: '+12025550123', text: 'third' });
		expect(items[3].error).toMatch(/not authorized|403/i);
		expect(items[4]).toMatchObject({ status: 202, to: '+16142579242', text: 'national format' });
		// Sent two at a time (Sends at Once = 2), so IO Phone may see them in either order.
		expect(sim.sent.slice(sentBefore).map((m) => m.text).sort()).toEqual(['first', 'national format', 'third']);

		const [execution] = await waitForExecutions(workflowId, 1);
		expect(execution.status).toBe('success');
		const { json, text } = await n8nApi().getExecution(execution.id);
		expect(nodeOutput(json, SEND_NODE)).toHaveLength(messages.length);
		expect(text).not.toContain(API_KEY);
		expect(text).toContain('12345'); // the raw JSON really holds the items
	});
});

describe('credential test (the editor’s Test button: POST /rest/credentials/test)', () => {
	test('passes with the right key', async () => {
		const testsBefore = textRequests().length;
		const result = await n8nApi().testCredential(credential.id);
		expect(result).toEqual({ status: 'OK', message: expect.any(String) });
		// The test texts from IO Phone's test number, so nobody receives an SMS.
		expect(textRequests().slice(testsBefore).map((r) => r.body.fromNumber)).toEqual([TEST_NUMBER]);
	});

	test('fails with IO Phone’s own message for a wrong key', async () => {
		const bad = await n8nApi().createCredential('IO Phone (wrong key)', 'ioPhoneApi', {
			apiKey: 'not-the-right-key',
			baseUrl: sim.baseUrl,
		});
		const result = await n8nApi().testCredential(bad.id);
		expect(result.status).toBe('Error');
		expect(result.message).toContain('Invalid API key');
		expect(result.message).not.toContain('not-the-right-key');

		// What the editor sends when the key was typed into the open form before saving.
		const typed = await n8nApi().testCredential(credential.id, { apiKey: 'typed-wrong-key', baseUrl: sim.baseUrl });
		expect(typed.status).toBe('Error');
		expect(typed.message).toContain('Invalid API key');
	});
});

describe('secrets', () => {
	test('the API key appears in no stored execution, nowhere in n8n’s log output and in no file n8n wrote', async () => {
		const workflows = await n8nApi().public<{ data: Array<{ id: string }> }>('GET', '/workflows');
		let checked = 0;
		for (const { id } of workflows.json.data) {
			for (const execution of await executions(id)) {
				expect((await n8nApi().getExecution(execution.id)).text).not.toContain(API_KEY);
				checked++;
			}
		}
		expect(checked).toBeGreaterThanOrEqual(9);
		expect(local!.output.length).toBeGreaterThan(1000);
		expect(local!.output).not.toContain(API_KEY);

		// Nor in anything n8n wrote to its folder: database (+ WAL), event logs, config.
		const files = filesUnder(path.join(local!.userFolder, '.n8n'), ['nodes']);
		expect(files.some((f) => f.endsWith('database.sqlite'))).toBe(true);
		const needle = Buffer.from(API_KEY);
		expect(files.filter((f) => readFileSync(f).includes(needle))).toEqual([]);
	});
});
