/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * IO Phone as an AI Agent's human-review channel in a real n8n 2.41.1 (issue 13, part 3 and 4).
 * The agent's chat model is a scripted OpenAI-compatible server on loopback (tools/llm); its one
 * tool, Place Order (HTTP Request Tool), calls a loopback URL the test counts, and is gated by
 * n8n's derived `n8n-nodes-iophone.ioPhoneHitlTool`, which texts the reviewer through the IO Phone
 * simulator. The reviewer acts as a person would: reads the text, opens its link (a GET: the page
 * only), then presses one of the page's buttons (a POST to the same URL). The answered agent's
 * review node is version 1.1, as the editor adds it now: Approve and Decline share one link; the
 * unanswered one is version 1, as saved workflows have it: a link per button.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { IoPhoneSimulator, type SentMessage } from '../../tools/simulator';
import { callToolThenAnswer, FakeOpenAi, messageText, toolResults, type ChatRequest } from '../../tools/llm/fake-openai';
import { LocalN8n } from '../../tools/n8n/local-n8n';
import { sleep, waitFor } from '../../tools/n8n/wait';
import { AGENT_NODE, agentReviewWorkflow, type AgentReviewOptions, GATED_TOOL_NAME, GATED_TOOL_NODE, HITL_NODE_TYPE, REVIEW_NODE } from '../../tools/n8n/agent-workflow';
import { record, stopAndPrintFigures } from './figures';

jest.setTimeout(120_000);

const IOPHONE_KEY = `e2e-key-${randomBytes(12).toString('hex')}`;
const LLM_KEY = `sk-fake-${randomBytes(12).toString('hex')}`;
const ACCOUNT_NUMBER = '+15551112222';
const REVIEWER = '+16142579242';
const ITEM = 'coffee beans';
const APPROVE_LABEL = 'Approve';
const DECLINE_LABEL = 'Decline';
/** The one link of a version 1.1 review text, "Approve or Decline: <url>". */
const BOTH_LABEL = `${APPROVE_LABEL} or ${DECLINE_LABEL}`;
/** Limit Wait Time of the unanswered case: 3 s (the field takes minutes with 2 decimals). */
const LIMIT_MINUTES = 0.05;

/** One published agent workflow with its own chat model server and tool URL, so runs never mix. */
interface Agent {
	workflowId: string;
	webhookPath: string;
	llm: FakeOpenAi;
	/** What its gated tool's URL received: one entry per call, the `item` query value. */
	toolHits: string[];
}

let sim: IoPhoneSimulator;
let local: LocalN8n | undefined;
/** Reviewer answers on the page of the text's one link (version 1.1). */
let agent: Agent;
/** The same agent with Limit Wait Time of 3 s and n8n's default Message: nobody answers. */
let limitedAgent: Agent;
/** Tool calls by URL path. */
const toolHitsByPath = new Map<string, string[]>();
let toolServer: http.Server;
const log = (message: string) => process.stdout.write(`[e2e agent] ${message}\n`);
const api = () => local!.api;

/** Final answers: the model repeats the tool result it got, so the output shows what it was told. */
const finalAnswer = (toolResult: string) => `Final answer. The tool said: ${toolResult}`;

/** The model calls Place Order for ITEM (arguments as n8n's review layer wraps them), then answers. */
const orderScript = () => callToolThenAnswer(GATED_TOOL_NAME, { toolParameters: { item: ITEM }, hitlParameters: {} }, finalAnswer);

async function startToolServer(): Promise<void> {
	toolServer = http.createServer((req, res) => {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const hits = toolHitsByPath.get(url.pathname) ?? [];
		hits.push(url.searchParams.get('item') ?? '');
		toolHitsByPath.set(url.pathname, hits);
		res.writeHead(200, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ orderId: `order-${hits.length}`, item: url.searchParams.get('item') }));
	});
	await new Promise<void>((resolve) => toolServer.listen(0, '127.0.0.1', () => resolve()));
}

/** Publishes an agent workflow with its own fake chat model and tool path. */
async function setUpAgent(name: string, ioPhone: { id: string; name: string }, extra: Partial<AgentReviewOptions> = {}): Promise<Agent> {
	const llm = await FakeOpenAi.start({ apiKey: LLM_KEY, script: orderScript() });
	const openAi = await api().createCredential(`Fake OpenAI (${name})`, 'openAiApi', { apiKey: LLM_KEY, url: llm.baseUrl, header: false });
	const toolPath = `/order-${name}`;
	const toolHits: string[] = [];
	toolHitsByPath.set(toolPath, toolHits);
	const webhookPath = `agent-review-${randomUUID()}`;
	const workflow = agentReviewWorkflow({
		name: `AI Agent with IO Phone review (${name})`,
		webhookPath,
		openAi,
		ioPhone,
		toolUrl: `http://127.0.0.1:${(toolServer.address() as AddressInfo).port}${toolPath}`,
		toNumber: REVIEWER,
		fromNumber: ACCOUNT_NUMBER,
		approvalType: 'double',
		approveLabel: APPROVE_LABEL,
		declineLabel: DECLINE_LABEL,
		...extra,
	});
	const { id: workflowId } = await api().createWorkflow(workflow);
	expect((await api().publishWorkflow(workflowId)).status).toBe(200);
	await local!.n8n.waitForPostWebhook(webhookPath, 30_000);
	return { workflowId, webhookPath, llm, toolHits };
}

/** The error n8n recorded for an execution, with the node that failed. */
async function executionError(id: string): Promise<string> {
	const { resultData } = (await api().getExecution(id)).json.data!;
	const failed = Object.entries(resultData.runData).find(([, runs]) => runs.some((run) => run.error));
	return JSON.stringify({ error: resultData.error?.message, lastNode: resultData.lastNodeExecuted, failedNode: failed?.[0], nodeError: failed?.[1].find((r) => r.error)?.error });
}

async function executionStatus(id: string): Promise<string> {
	return (await api().getExecution(id)).json.status;
}

/** Starts the workflow; returns the execution once it waits for the reviewer, and the text sent. */
async function askAgent(target: Agent, prompt: string, caseName: string): Promise<{ executionId: string; text: SentMessage }> {
	const executionsOfWorkflow = async () => await api().listExecutions(target.workflowId);
	const before = new Set((await executionsOfWorkflow()).map((e) => e.id));
	const sentBefore = sim.sent.length;
	const t0 = Date.now();
	const res = await fetch(local!.n8n.webhookUrl(target.webhookPath), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ prompt }),
		signal: AbortSignal.timeout(30_000),
	});
	expect(res.status).toBe(200);
	const execution = await waitFor(
		async () => (await executionsOfWorkflow()).find((e) => !before.has(e.id) && e.status !== 'running' && e.status !== 'new'),
		{ timeoutMs: 30_000, intervalMs: 200, what: 'the execution to wait for the reviewer' },
	);
	if (execution.status !== 'waiting') throw new Error(`The execution ended "${execution.status}" instead of waiting: ${await executionError(execution.id)}`);
	const text = await waitFor(() => sim.sent.slice(sentBefore).find((m) => m.to === REVIEWER && m.text.includes(execution.id)), {
		timeoutMs: 10_000,
		what: 'the review text at the simulator',
	});
	record(`${caseName}: agent asked → review text sent, execution waiting`, Date.now() - t0);
	expect(sim.sent.filter((m) => m.text.includes(`/webhook-waiting/${execution.id}/`))).toHaveLength(1);
	return { executionId: execution.id, text };
}

/** The link on the line `<label>: <url>` of the text. */
function linkOf(text: string, label: string): string {
	const line = text.split('\n').find((l) => l.startsWith(`${label}: `));
	if (!line) throw new Error(`No "${label}: …" line in the text:\n${text}`);
	return line.slice(label.length + 2).trim();
}

/** A person opens the link, then presses the page's Approve or Decline button (a form POST of its value to the same URL). */
async function openThenConfirm(executionId: string, link: string, caseName: string, approved: boolean): Promise<void> {
	const { llm, toolHits } = agent;
	const llmCallsBefore = llm.chatRequests.length;
	const hitsBefore = toolHits.length;
	const page = await fetch(link, { signal: AbortSignal.timeout(10_000) });
	expect(page.status).toBe(200);
	expect(page.headers.get('content-type')).toMatch(/text\/html/);
	const html = await page.text();
	expect(html).toMatch(/<form[^>]*method="post"/i);
	expect(html).toContain(`name="approved" value="${approved}"`);
	// The GET resumed nothing: still waiting, no tool call, no new question to the model.
	await sleep(500);
	expect(await executionStatus(executionId)).toBe('waiting');
	expect(toolHits.length).toBe(hitsBefore);
	expect(llm.chatRequests.length).toBe(llmCallsBefore);

	const t0 = Date.now();
	const confirm = await fetch(link, {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: `approved=${approved}`,
		signal: AbortSignal.timeout(30_000),
	});
	expect(confirm.status).toBe(200);
	await waitFor(async () => (await executionStatus(executionId)) === 'success', {
		timeoutMs: 30_000,
		what: `execution ${executionId} to finish after the confirmation`,
	});
	record(`${caseName}: confirmation POST → agent finished`, Date.now() - t0);
}

/** What the review node answered the agent, one entry per run (`data.approved`). */
async function reviewAnswers(executionId: string): Promise<unknown[]> {
	const runs = ((await api().getExecution(executionId)).json.data!.resultData.runData[REVIEW_NODE] ?? []) as Array<{ data?: { ai_tool?: Array<Array<{ json: { data?: { approved?: unknown } } }>> } }>;
	return runs.map((run) => run.data?.ai_tool?.[0]?.[0]?.json.data?.approved);
}

/** The agent's output items (`{ output }`) in an execution. */
async function agentOutput(executionId: string): Promise<Array<Record<string, unknown>>> {
	const execution = (await api().getExecution(executionId)).json;
	const runs = execution.data?.resultData.runData[AGENT_NODE] ?? [];
	return (runs[runs.length - 1]?.data?.main?.[0] ?? []).map((item) => item.json);
}

beforeAll(async () => {
	sim = await IoPhoneSimulator.start({ apiKey: IOPHONE_KEY, accountNumbers: [ACCOUNT_NUMBER] });
	await startToolServer();
	local = await LocalN8n.create({ logLevel: 'debug', say: log });
	const ioPhone = await api().createCredential('IO Phone (simulator)', 'ioPhoneApi', { apiKey: IOPHONE_KEY, baseUrl: sim.baseUrl });
	agent = await setUpAgent('answered', ioPhone, { typeVersion: 1.1 });
	limitedAgent = await setUpAgent('limited', ioPhone, { message: null, limitWaitTime: { limitType: 'afterTimeInterval', resumeAmount: LIMIT_MINUTES, resumeUnit: 'minutes' } });
}, 20 * 60_000);

afterAll(async () => {
	await stopAndPrintFigures(
		() => `Figures (AI Agent review, n8n ${local?.runtime.version ?? '?'}):`,
		() => local?.dispose(),
		() => sim?.close(),
		() => agent?.llm.close(),
		() => limitedAgent?.llm.close(),
		() => new Promise<void>((resolve) => (toolServer ? toolServer.close(() => resolve()) : resolve())),
	);
}, 60_000);

beforeEach(() => {
	agent.llm.reset(orderScript());
	agent.toolHits.length = 0;
});

/**
 * Started first and checked last: n8n's wait tracker looks for expired waits once a minute, so
 * the expiry is observed while the other cases run.
 */
let limitedRun: { executionId: string; startedAt: number };

test('a review nobody answers: the execution waits with Limit Wait Time set (checked in the last test)', async () => {
	const startedAt = Date.now();
	const { executionId, text } = await askAgent(limitedAgent, `Order ${ITEM}`, 'unanswered');
	expect(linkOf(text.text, APPROVE_LABEL)).toContain(`/webhook-waiting/${executionId}/`);
	// This agent's review node leaves Message as n8n's default for review tools, whose
	// {{ $tool.parameters }} would read "[object Object]": the node writes the input as JSON.
	expect(text.text.split('\n\n').slice(0, 2)).toEqual([`The agent wants to run this tool: ${GATED_TOOL_NAME}`, `Input:\n${JSON.stringify({ item: ITEM })}`]);
	limitedRun = { executionId, startedAt };
});

test('n8n derives the IO Phone review tool, in the AI › Tools › Human in the Loop category of its own review channels', async () => {
	const res = await api().editorFile<Array<Record<string, any>>>('/types/nodes.json');
	expect(res.status).toBe(200);
	const byName = (name: string) => res.json.filter((type) => type.name === name);
	const [review] = byName(HITL_NODE_TYPE);
	const [slackReview] = byName('n8n-nodes-base.slackHitlTool');
	expect(review).toBeDefined();
	expect(review.codex).toMatchObject({ categories: ['AI'], subcategories: { AI: ['Tools'], Tools: ['Human in the Loop'] } });
	expect(review.codex.categories).toEqual(slackReview.codex.categories);
	expect(review.codex.subcategories).toEqual(slackReview.codex.subcategories);
	expect(review.inputs).toEqual([expect.objectContaining({ displayName: 'Tool', type: 'ai_tool' })]);
	expect(review.outputs).toEqual([expect.objectContaining({ displayName: 'Human review', type: 'ai_tool' })]);
	const names = (review.properties as Array<{ name: string; type: string; default: unknown }>).map((p) => p.name);
	expect(names).toEqual(expect.arrayContaining(['message', 'toNumber', 'approvalOptions', 'options']));
	expect(review.properties.find((p: { name: string }) => p.name === 'operation')).toMatchObject({ type: 'hidden', default: 'sendAndWait' });
	// The send node itself sits in the editor's "Human in the loop" list like Slack's and Telegram's.
	const [send] = byName('n8n-nodes-iophone.ioPhone');
	const [slack] = byName('n8n-nodes-base.slack');
	expect(send.codex.categories).toEqual(expect.arrayContaining(['HITL']));
	expect(send.codex.subcategories.HITL).toEqual(slack.codex.subcategories.HITL);
});

test('approved: the reviewer gets one text with one link to both buttons, a GET resumes nothing, the Approve POST runs the tool once and the agent answers', async () => {
	const { llm, toolHits } = agent;
	const { executionId, text } = await askAgent(agent, `Order ${ITEM}`, 'approved');

	// What the model was offered: the gated tool, its parameters wrapped by n8n's review layer.
	const [first] = llm.chatRequests;
	const tool = first.tools?.find((t) => t.function.name === GATED_TOOL_NAME);
	expect(tool?.function.parameters).toMatchObject({ properties: { toolParameters: expect.any(Object), hitlParameters: expect.any(Object) } });
	expect(toolHits).toEqual([]);

	expect(text).toMatchObject({ from: ACCOUNT_NUMBER, to: REVIEWER });
	// The message as the review node's expression made it from the tool call, then the one link.
	expect(text.text.split('\n\n')[0]).toBe(`The agent wants to run ${GATED_TOOL_NAME} with ${JSON.stringify({ item: ITEM })}`);
	const link = linkOf(text.text, BOTH_LABEL);
	expect(text.text.match(/https?:\/\//g)).toHaveLength(1);
	const url = new URL(link);
	expect(url.pathname.startsWith(`/webhook-waiting/${executionId}/`)).toBe(true);
	expect([...url.searchParams.keys()]).toEqual(['signature']);
	expect(url.searchParams.get('signature')).toMatch(/^[0-9a-f]{64}$/);

	await openThenConfirm(executionId, link, 'approved', true);

	expect(toolHits).toEqual([ITEM]);
	expect(llm.chatRequests).toHaveLength(2);
	const told = messageText(toolResults(llm.chatRequests[1] as ChatRequest)[0]);
	expect(told).toContain('order-1');
	const [output] = await agentOutput(executionId);
	expect(output.output).toBe(finalAnswer(told));
	expect(llm.requests.every((r) => r.authorized)).toBe(true);
	expect(await reviewAnswers(executionId)).toEqual([true]);
	const runData = (await api().getExecution(executionId)).json.data!.resultData.runData;
	expect(runData[GATED_TOOL_NODE]).toHaveLength(1);
});

test('declined: the tool never runs and the model is told the reviewer rejected the call', async () => {
	const { llm, toolHits } = agent;
	const { executionId, text } = await askAgent(agent, `Order ${ITEM}`, 'declined');
	await openThenConfirm(executionId, linkOf(text.text, BOTH_LABEL), 'declined', false);
	// A second click, on the other button, after the execution went on: n8n's page, nothing runs.
	const again = await fetch(linkOf(text.text, BOTH_LABEL), {
		method: 'POST',
		headers: { 'content-type': 'application/x-www-form-urlencoded' },
		body: 'approved=true',
		signal: AbortSignal.timeout(10_000),
	});
	expect(again.status).toBe(200);
	expect(await again.text()).toContain('No action required');
	expect(await reviewAnswers(executionId)).toEqual([false]);

	expect(toolHits).toEqual([]);
	expect(llm.chatRequests).toHaveLength(2);
	const told = messageText(toolResults(llm.chatRequests[1] as ChatRequest)[0]);
	expect(told).toContain(`User rejected the tool call to ${GATED_TOOL_NODE}`);
	const [output] = await agentOutput(executionId);
	expect(output.output).toBe(finalAnswer(told));
	// Nothing reached the tool's URL later either.
	await sleep(300);
	expect(toolHits).toEqual([]);
});

test('unanswered: when Limit Wait Time runs out the tool never runs and the model is told the call was rejected', async () => {
	const { executionId, startedAt } = limitedRun;
	// n8n's wait tracker polls every 60 s; give it two rounds.
	await waitFor(async () => (await executionStatus(executionId)) === 'success', {
		timeoutMs: 130_000,
		intervalMs: 1000,
		what: `execution ${executionId} to go on after its wait limit`,
	});
	record('unanswered: asked → wait limit over, agent finished', Date.now() - startedAt);
	const { llm, toolHits } = limitedAgent;
	expect(toolHits).toEqual([]);
	expect(await reviewAnswers(executionId)).toEqual([undefined]);
	expect(llm.chatRequests).toHaveLength(2);
	const told = messageText(toolResults(llm.chatRequests[1] as ChatRequest)[0]);
	expect(told).toContain(`User rejected the tool call to ${GATED_TOOL_NODE}`);
	const [output] = await agentOutput(executionId);
	expect(output.output).toBe(finalAnswer(told));
}, 150_000);

test('neither API key appears in n8n\'s log', () => {
	expect(local!.output).not.toContain(IOPHONE_KEY);
	expect(local!.output).not.toContain(LLM_KEY);
});
