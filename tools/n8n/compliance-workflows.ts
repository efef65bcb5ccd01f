/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * The compliance examples (docs/compliance.md) as the e2e suite imports them: the opt-out keeper
 * (IO Phone Trigger → Switch on keyword → Data Table Upsert / Delete Rows) and the bulk send that
 * honours its list (Data Table Get → Aggregate → customer rows → IO Phone Send with Guard Rails →
 * Opted-Out Numbers). Both name the Data Table `opted_out` (By Name), as the docs set it up.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { node } from './agent-workflow';
import type { WorkflowDefinition } from './n8n-api';
import { PROJECT_ROOT } from './n8n-install';
import { AFTER_ANSWER_NODE, ASK_NODE, sendAndWaitWorkflow, TRIGGER_NODE, type CredentialRef } from './workflows';

export const OPT_OUT_KEEPER_EXAMPLE = path.join(PROJECT_ROOT, 'examples', 'opt-out-keeper.json');
export const BULK_SEND_HONOURING_OPT_OUTS_EXAMPLE = path.join(PROJECT_ROOT, 'examples', 'bulk-send-honouring-opt-outs.json');
/** The Data Table both examples name. */
export const OPT_OUT_TABLE = 'opted_out';

/** The person who opts out, as IO Phone reports the sender (E.164)… */
export const OPTING_OUT = '+16145550123';
/** …and as the customer list writes the same number. */
export const OPTING_OUT_IN_LIST = '(614) 555-0123';
/** Ten customers for the bulk send, the third of them the person who opts out. */
export const CUSTOMERS = [
	'+12025550141',
	'+12025550142',
	OPTING_OUT_IN_LIST,
	'+12025550143',
	'+12025550144',
	'+12025550145',
	'+12025550146',
	'+12025550147',
	'+12025550148',
	'+12025550149',
].map((phone, i) => ({ name: `Customer ${i + 1}`, phone }));
export const MANUAL_TRIGGER_NODE = "When clicking 'Execute workflow'";
export const CUSTOMERS_NODE = 'Customers';
export const BULK_SEND_NODE_NAME = 'Send Texts';

export interface ExampleWorkflow extends WorkflowDefinition {
	pinData?: Record<string, Array<{ json: Record<string, unknown> }>>;
}

function withCredential(workflow: ExampleWorkflow, credential: CredentialRef): ExampleWorkflow {
	for (const node of workflow.nodes) {
		const credentials = node.credentials as Record<string, CredentialRef> | undefined;
		if (credentials?.ioPhoneApi) credentials.ioPhoneApi = { id: credential.id, name: credential.name };
	}
	return workflow;
}

/** examples/opt-out-keeper.json with the credential picked and a fresh webhookId (its own URL). */
export function optOutKeeperWorkflow(credential: CredentialRef): ExampleWorkflow {
	const workflow = withCredential(JSON.parse(readFileSync(OPT_OUT_KEEPER_EXAMPLE, 'utf8')) as ExampleWorkflow, credential);
	workflow.nodes.find((n) => n.name === TRIGGER_NODE)!.webhookId = randomUUID();
	return workflow;
}

/** examples/bulk-send-honouring-opt-outs.json with the credential picked and, when given, other customer rows (pinned data). */
export function bulkSendHonouringOptOutsWorkflow(credential: CredentialRef, customers?: Array<Record<string, unknown>>): ExampleWorkflow {
	const workflow = withCredential(JSON.parse(readFileSync(BULK_SEND_HONOURING_OPT_OUTS_EXAMPLE, 'utf8')) as ExampleWorkflow, credential);
	if (customers) workflow.pinData = { ...workflow.pinData, [CUSTOMERS_NODE]: customers.map((json) => ({ json })) };
	return workflow;
}

export const AGENT_TOOL_NODE = 'Text a Customer';
/** The name the agent gives the IO Phone tool (n8n's nodeNameToToolName of its node name). */
export const AGENT_TOOL_NAME = 'Text_a_Customer';

/**
 * An AI Agent that texts through the IO Phone node as a tool (n8n's derived `…ioPhoneTool`), the
 * opted-out list read as the bulk send example reads it:
 *
 *   Webhook (answers with the agent's output) → Get Opted-Out → Aggregate Opted-Out → AI Agent
 *   AI Agent ←ai_languageModel─ OpenAI Chat Model, ←ai_tool─ Text a Customer (To Number and Message from the model)
 */
export function agentWithOptOutsWorkflow(options: { webhookPath: string; openAi: CredentialRef; ioPhone: CredentialRef }): WorkflowDefinition {
	const { fromExample, send } = bulkSendExample();
	return {
		name: 'AI Agent texting through IO Phone (opt-outs)',
		nodes: [
			node('Webhook', 'n8n-nodes-base.webhook', 2, [0, 0], { httpMethod: 'POST', path: options.webhookPath, responseMode: 'lastNode', options: {} }, { webhookId: randomUUID() }),
			fromExample('Get Opted-Out'),
			fromExample('Aggregate Opted-Out'),
			node('AI Agent', '@n8n/n8n-nodes-langchain.agent', 3.1, [660, 0], { promptType: 'define', text: "={{ $('Webhook').first().json.body.prompt }}", options: {} }),
			node(
				'OpenAI Chat Model',
				'@n8n/n8n-nodes-langchain.lmChatOpenAi',
				1.3,
				[560, 240],
				{ model: { __rl: true, mode: 'id', value: 'fake-model' }, responsesApiEnabled: false, options: {} },
				{ credentials: { openAiApi: { id: options.openAi.id, name: options.openAi.name } } },
			),
			node(
				AGENT_TOOL_NODE,
				'n8n-nodes-iophone.ioPhoneTool',
				1,
				[760, 240],
				{
					resource: 'message',
					operation: 'send',
					toNumber: "={{ $fromAI('to', 'The phone number to text', 'string') }}",
					text: "={{ $fromAI('text', 'The text to send', 'string') }}",
					additionalFields: send.additionalFields,
					guardRails: send.guardRails,
					options: { testMode: true },
				},
				{ credentials: { ioPhoneApi: { id: options.ioPhone.id, name: options.ioPhone.name } } },
			),
		],
		connections: {
			Webhook: { main: [[{ node: 'Get Opted-Out', type: 'main', index: 0 }]] },
			'Get Opted-Out': { main: [[{ node: 'Aggregate Opted-Out', type: 'main', index: 0 }]] },
			'Aggregate Opted-Out': { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'OpenAI Chat Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
			[AGENT_TOOL_NODE]: { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** The bulk send example's nodes (each copied with a fresh id), and its Send Texts node's parameters. */
function bulkSendExample() {
	const bulk = JSON.parse(readFileSync(BULK_SEND_HONOURING_OPT_OUTS_EXAMPLE, 'utf8')) as ExampleWorkflow;
	const fromExample = (name: string) => ({ ...bulk.nodes.find((n) => n.name === name)!, id: randomUUID() });
	const send = bulk.nodes.find((n) => n.name === BULK_SEND_NODE_NAME)!.parameters as Record<string, unknown>;
	return { fromExample, send };
}

/**
 * Send and Wait for Response that honours the opted-out list as the bulk send example reads it:
 *
 *   Webhook (POST { to, question }, answers at once) → Get Opted-Out → Aggregate Opted-Out → Ask (Send and Wait, Approval,
 *   Guard Rails as in the example) → After Answer
 */
export function sendAndWaitHonouringOptOutsWorkflow(credential: CredentialRef, webhookPath: string): WorkflowDefinition {
	const { fromExample, send } = bulkSendExample();
	const workflow = sendAndWaitWorkflow(
		credential,
		webhookPath,
		{ toNumber: "={{ $('Webhook').first().json.body.to }}", message: "={{ $('Webhook').first().json.body.question }}", responseType: 'approval', guardRails: send.guardRails },
		'Send and Wait honouring opt-outs',
	);
	const [webhook, ask, after] = workflow.nodes;
	workflow.nodes = [webhook, fromExample('Get Opted-Out'), fromExample('Aggregate Opted-Out'), ask, after];
	workflow.connections = {
		Webhook: { main: [[{ node: 'Get Opted-Out', type: 'main', index: 0 }]] },
		'Get Opted-Out': { main: [[{ node: 'Aggregate Opted-Out', type: 'main', index: 0 }]] },
		'Aggregate Opted-Out': { main: [[{ node: ASK_NODE, type: 'main', index: 0 }]] },
		[ASK_NODE]: { main: [[{ node: AFTER_ANSWER_NODE, type: 'main', index: 0 }]] },
	};
	return workflow;
}

/**
 * The bulk send example started by a POST instead of "Execute workflow", so that in queue mode it
 * runs as a production execution on a worker: a Webhook in place of the manual trigger, and the
 * customer rows taken from the POST body (`{ customers: [...] }`) by a Code node in place of the
 * pinned Customers node (pinned data only feeds manual runs). Guard Rails as in the example.
 */
export function bulkSendOnWebhookWorkflow(credential: CredentialRef, webhookPath: string): ExampleWorkflow {
	const workflow = bulkSendHonouringOptOutsWorkflow(credential);
	delete workflow.pinData;
	const connections = workflow.connections as Record<string, unknown>;
	workflow.nodes = workflow.nodes.map((node) => {
		if (node.name === MANUAL_TRIGGER_NODE)
			return { ...node, name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, webhookId: randomUUID(), parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} } };
		if (node.name === CUSTOMERS_NODE)
			return { ...node, type: 'n8n-nodes-base.code', typeVersion: 2, parameters: { jsCode: "return $('Webhook').first().json.body.customers.map((json) => ({ json }));" } };
		return node;
	});
	connections.Webhook = connections[MANUAL_TRIGGER_NODE];
	delete connections[MANUAL_TRIGGER_NODE];
	workflow.name = `${String(workflow.name)} (on a webhook)`;
	return workflow;
}
