/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * The AI SMS assistant (examples/ai-sms-assistant.json: IO Phone Trigger → Not a Keyword → AI Agent
 * with Simple Memory and an OpenAI chat model → IO Phone send, long answers split) in a real n8n 2.41.1,
 * imported as a user imports it, its model pointed at the scripted OpenAI-compatible server
 * (tools/llm). The trigger's `chatInput` and `sessionId` reach the agent and the memory through
 * their default settings. The scripted model answers every text with a line naming it, and fails
 * the request (HTTP 500, so the execution fails) when the conversation it is sent is not the one
 * the test expects for that text.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { IoPhoneSimulator, type SentMessage } from '../../tools/simulator';
import { conversationCheckingScript, conversationOf, FakeOpenAi, lastUserText, type Turn } from '../../tools/llm/fake-openai';
import { ASSISTANT_ANSWER_NODE, ASSISTANT_EXAMPLE, assistantWorkflow } from '../../tools/n8n/assistant-workflow';
import { LocalN8n } from '../../tools/n8n/local-n8n';
import { expectOk, nodeOutput, type ExecutionSummary, type WorkflowDefinition } from '../../tools/n8n/n8n-api';
import { PROJECT_ROOT } from '../../tools/n8n/n8n-install';
import { post } from '../../tools/queue/traffic';
import { receivedPayload } from '../../tools/simulator/webhooks';
import { waitFor } from '../../tools/n8n/wait';
import { triggerWebhookPath } from '../../tools/n8n/workflows';
import { MAX_TEXT_LENGTH } from '../../nodes/shared/constants';
import { KEYWORD_ANSWERS } from '../../nodes/IoPhoneTrigger/description';
import { launchBrowser, screenshot } from './browser';
import { record, stopAndPrintFigures, summarize } from './figures';

jest.setTimeout(120_000);

const IOPHONE_KEY = `e2e-key-${randomBytes(12).toString('hex')}`;
const LLM_KEY = `sk-fake-${randomBytes(12).toString('hex')}`;
const ACCOUNT_NUMBER = '+15551112222';
const SETUP_RECIPIENT = '+16142579242';
const ALICE = '+12025550123';
const BOB = '+12025550124';
const CAROL = '+12025550125';
/** 20 customers texting at the same moment. */
const CROWD = Array.from({ length: 20 }, (_, i) => `+1312555${String(1000 + i)}`);

const answerTo = (text: string) => `You asked: ${text}`;
const LONG_QUESTION = 'Tell me everything about your opening hours.';
/** 5,000 characters of words: three texts of at most MAX_TEXT_LENGTH characters, cut between words. */
const LONG_ANSWER = Array.from({ length: 1000 }, (_, i) => `w${String(i % 1000).padStart(3, '0')}`).join(' ').slice(0, 4999) + '.';

let sim: IoPhoneSimulator;
let llm: FakeOpenAi;
let local: LocalN8n | undefined;
let workflowId: string;
let nextEventId = 600_001;
/** The conversation the model must be sent with each text (the history before it, then the text). */
const expectedConversation = new Map<string, Turn[]>();
/** Why the model refused requests, for the failure message. */
const refusals: string[] = [];
const log = (message: string) => process.stdout.write(`[e2e assistant] ${message}\n`);
const api = () => local!.api;

/** Answers each text; refuses (500) a request whose conversation is not the one registered for its text. */
const script = conversationCheckingScript(expectedConversation, refusals, (said) => (said === LONG_QUESTION ? LONG_ANSWER : answerTo(said)));

const user = (text: string): Turn => ({ role: 'user', text });
const assistant = (text: string): Turn => ({ role: 'assistant', text });
const repliesTo = (to: string) => sim.sent.filter((m) => m.to === to);

/**
 * IO Phone's callback for a text from `from` to the business number. Posted with the load tests'
 * bound (tools/queue/traffic.ts) rather than IO Phone's 5 s, since a busy shared machine can take
 * longer to answer 20 at once; how fast n8n answers is the benchmark's business.
 */
async function textFrom(from: string, text: string): Promise<number | null> {
	const payload = receivedPayload(nextEventId++, { from, to: ACCOUNT_NUMBER, text });
	return (await post(sim.callbackUrlFor(ACCOUNT_NUMBER)!, payload)).status;
}

/** Waits until the workflow has `count` executions, all finished; returns them, newest first. */
async function finishedExecutions(count: number): Promise<ExecutionSummary[]> {
	return await waitFor(
		async () => {
			const runs = await api().listExecutions(workflowId);
			return runs.length >= count && runs.every((e) => e.status !== 'running' && e.status !== 'new') && runs;
		},
		{ timeoutMs: 60_000, what: `${count} finished executions` },
	);
}

/** Each failed execution's id with the error n8n recorded and the node it failed in (for failure messages). */
async function failures(runs: ExecutionSummary[]): Promise<string[]> {
	return await Promise.all(
		runs
			.filter((e) => e.status !== 'success')
			.map(async (e) => {
				const { resultData } = (await api().getExecution(e.id)).json.data!;
				return `${e.id} ${e.status} in ${resultData.lastNodeExecuted ?? '?'}: ${resultData.error?.message ?? '?'}`;
			}),
	);
}

/** A text from `from` to the business number; waits for `count` texts back to `from` (all of them, in order). */
async function converse(from: string, text: string, count = 1): Promise<{ replies: SentMessage[]; ms: number }> {
	const before = repliesTo(from).length;
	const t0 = Date.now();
	expect(await textFrom(from, text)).toBe(200);
	const replies = await waitFor(() => (repliesTo(from).length >= before + count ? repliesTo(from).slice(before) : undefined), {
		timeoutMs: 60_000,
		intervalMs: 50,
		what: `${count} text(s) back to ${from} for "${text}" (model refusals: ${refusals.join('; ') || 'none'})`,
	});
	return { replies, ms: Date.now() - t0 };
}

beforeAll(async () => {
	sim = await IoPhoneSimulator.start({ apiKey: IOPHONE_KEY, accountNumbers: [ACCOUNT_NUMBER] });
	llm = await FakeOpenAi.start({ apiKey: LLM_KEY, script });
	local = await LocalN8n.create({ logLevel: 'info', say: log });
	const ioPhone = await api().createCredential('IO Phone (simulator)', 'ioPhoneApi', { apiKey: IOPHONE_KEY, baseUrl: sim.baseUrl });
	const openAi = await api().createCredential('OpenAI (scripted model)', 'openAiApi', { apiKey: LLM_KEY, url: llm.baseUrl, header: false });

	// Workflows → Import from File, the two credentials picked, Publish.
	const workflow = assistantWorkflow(ASSISTANT_EXAMPLE, { ioPhoneApi: ioPhone, openAiApi: openAi }, { fromNumbers: ACCOUNT_NUMBER, setupRecipient: SETUP_RECIPIENT });
	const imported = await api().rest<{ data: { id: string } }>('POST', '/workflows', { ...workflow, active: false });
	expectOk(imported, 'import the AI SMS assistant');
	workflowId = imported.json.data.id;
	expect((await api().publishWorkflow(workflowId)).status).toBe(200);
	await local.n8n.waitForPostWebhook(triggerWebhookPath(workflow), 30_000);
	await waitFor(() => sim.callbackUrlFor(ACCOUNT_NUMBER), { timeoutMs: 30_000, what: 'the callback URL at IO Phone' });
}, 20 * 60_000);

afterAll(async () => {
	await stopAndPrintFigures(() => `Figures (AI SMS assistant, n8n ${local?.runtime.version ?? '?'}):`, () => local?.dispose(), () => sim?.close(), () => llm?.close());
}, 60_000);

describe('AI SMS assistant (examples/ai-sms-assistant.json) in a real n8n', () => {
	const turns = ['Hi, do you deliver on Sundays?', 'And to Brooklyn?', 'What did I ask first?'];

	test('three texts from one customer: each is answered to them from the business number, and turn 3 reaches the model with turns 1 and 2', async () => {
		const history: Turn[] = [];
		const latencies: number[] = [];
		for (const text of turns) {
			expectedConversation.set(text, [...history, user(text)]);
			const { replies, ms } = await converse(ALICE, text);
			latencies.push(ms);
			expect(replies.map((m) => ({ from: m.from, text: m.text }))).toEqual([{ from: ACCOUNT_NUMBER, text: answerTo(text) }]);
			history.push(user(text), assistant(answerTo(text)));
		}
		expect(refusals).toEqual([]);
		// The model was told the whole conversation on the third text.
		const third = llm.chatRequests.find((r) => lastUserText(r) === turns[2])!;
		expect(conversationOf(third)).toEqual(history.slice(0, 5));
		record('one customer, text → answer at IO Phone', summarize(latencies));

		// Every execution succeeded; the agent read the text and the memory the conversation, both by default.
		const executions = await finishedExecutions(3);
		expect(executions).toHaveLength(3);
		expect(await failures(executions)).toEqual([]);
		const { json } = await api().getExecution(executions[0].id);
		expect(nodeOutput(json, 'IO Phone Trigger')[0]).toMatchObject({ chatInput: turns[2], sessionId: `${ACCOUNT_NUMBER}:${ALICE}` });
	});

	test('a second customer\'s conversation holds nothing of the first\'s', async () => {
		const text = 'Do you deliver on Sundays?';
		expectedConversation.set(text, [user(text)]);
		const { replies } = await converse(BOB, text);
		expect(replies.map((m) => m.text)).toEqual([answerTo(text)]);
		expect(refusals).toEqual([]);
		const sent = llm.chatRequests.find((r) => lastUserText(r) === text)!;
		expect(JSON.stringify(sent.messages)).not.toContain(turns[0]);
	});

	test('20 customers texting at once: 20 answers, each to its sender, none holding another\'s text', async () => {
		const questions = CROWD.map((from, i) => ({ from, text: `Question ${i} from ${from}` }));
		for (const { text } of questions) expectedConversation.set(text, [user(text)]);
		const t0 = Date.now();
		const statuses = await Promise.all(questions.map(({ from, text }) => textFrom(from, text)));
		expect(statuses).toEqual(questions.map(() => 200));
		await waitFor(() => CROWD.every((from) => repliesTo(from).length > 0), { timeoutMs: 120_000, intervalMs: 100, what: '20 answers' });
		record('20 customers at once, first text in → last answer at IO Phone', Date.now() - t0);
		expect(refusals).toEqual([]);
		for (const { from, text } of questions) expect(repliesTo(from).map((m) => ({ from: m.from, text: m.text }))).toEqual([{ from: ACCOUNT_NUMBER, text: answerTo(text) }]);
		const runs = await finishedExecutions(4 + CROWD.length);
		expect(await failures(runs)).toEqual([]);
	}, 180_000);

	test('an answer of 5,000 characters arrives as 3 texts, in order, cut between words; the send gives one item with every part', async () => {
		expect(LONG_ANSWER).toHaveLength(5000);
		const runsBefore = (await finishedExecutions(0)).length;
		const { replies } = await converse(CAROL, LONG_QUESTION, 3);
		expect(replies).toHaveLength(3);
		expect(replies.every((m) => m.text.length <= MAX_TEXT_LENGTH && m.from === ACCOUNT_NUMBER)).toBe(true);
		// In order: as IO Phone received them, they are the answer from its start to its end.
		expect(replies.map((m) => m.text).join(' ')).toBe(LONG_ANSWER);

		const [newest] = await finishedExecutions(runsBefore + 1);
		expect(await failures([newest])).toEqual([]);
		const items = nodeOutput((await api().getExecution(newest.id)).json, ASSISTANT_ANSWER_NODE);
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({ partCount: 3, lastId: replies[2].id, text: LONG_ANSWER });
		expect((items[0].parts as Array<{ id: number }>).map((part) => part.id)).toEqual(replies.map((m) => m.id));
	});

	test('STOP is answered by the trigger alone: the model is never asked', async () => {
		const requestsBefore = llm.chatRequests.length;
		const runsBefore = (await finishedExecutions(0)).length;
		const { replies } = await converse(BOB, 'STOP');
		expect(replies.map((m) => m.text)).toEqual([KEYWORD_ANSWERS.optOut.defaultText]);
		const [newest] = await finishedExecutions(runsBefore + 1);
		expect(await failures([newest])).toEqual([]);
		expect(llm.chatRequests).toHaveLength(requestsBefore);
		expect(repliesTo(BOB)).toHaveLength(2);
	});

	test('in the editor, the published example shows every node on the canvas (the picture in README)', async () => {
		const browser = await launchBrowser(local!.n8n.baseUrl);
		const { page } = browser;
		try {
			await page.goto('/signin', { waitUntil: 'domcontentloaded' });
			await page.getByTestId('emailOrLdapLoginId').locator('input').fill(local!.owner.email);
			await page.getByTestId('password').locator('input').fill(local!.owner.password);
			await page.getByTestId('form-submit-button').click();
			await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
			await page.goto(`/workflow/${workflowId}`, { waitUntil: 'domcontentloaded' });
			const names = (JSON.parse(readFileSync(ASSISTANT_EXAMPLE, 'utf8')) as WorkflowDefinition).nodes.map((n) => String(n.name));
			for (const name of names) await page.getByTestId('canvas-node').and(page.locator(`[data-node-name="${name}"]`)).waitFor();
			expect(await page.getByTestId('canvas-node').count()).toBe(names.length);
			// Node types and icons arrive after the canvas: the picture waits for the page to settle and every icon image to load.
			await page.getByTestId('node-creator-plus-button').waitFor();
			await page.waitForLoadState('networkidle');
			type Image = { complete: boolean; naturalWidth: number };
			type Doc = { querySelectorAll(selector: string): ArrayLike<Image> };
			await page.waitForFunction(() =>
				Array.from((globalThis as unknown as { document: Doc }).document.querySelectorAll('[data-test-id="canvas-node"] img')).every((img) => img.complete && img.naturalWidth > 0),
			);
			// n8n 2.x offers a "Production Checklist" on published workflows; it covers the canvas.
			const checklist = page.getByTestId('suggested-actions-close');
			if (await checklist.isVisible().catch(() => false)) await checklist.click();
			await page.mouse.move(1, 1);
			const { file } = await screenshot(page, PROJECT_ROOT, 'ai-sms-assistant-canvas');
			log(`screenshot ${file}`);
		} finally {
			await browser.close();
		}
	});

	test('the model was always called with the key of its credential, and neither key appears in n8n\'s log', () => {
		expect(llm.requests.every((r) => r.authorized)).toBe(true);
		expect(local!.output).not.toContain(IOPHONE_KEY);
		expect(local!.output).not.toContain(LLM_KEY);
	});
});
