/**
 * An AI Agent whose tool call is gated by IO Phone review, as the editor builds it in n8n 2.41.1:
 *
 *   Webhook ─main→ AI Agent ←ai_languageModel─ OpenAI Chat Model
 *                           ←ai_tool─ IO Phone review (…ioPhoneHitlTool) ←ai_tool─ Place Order (HTTP Request Tool)
 *
 * The review node sits between the gated tool and the agent ("Human review" output of n8n's
 * derived HITL type: input `Tool`, output filtered to the agent nodes).
 */
import { randomUUID } from 'node:crypto';

import type { WorkflowDefinition } from './n8n-api';
import type { CredentialRef } from './workflows';

export const AGENT_NODE = 'AI Agent';
export const MODEL_NODE = 'OpenAI Chat Model';
export const REVIEW_NODE = 'IO Phone review';
export const GATED_TOOL_NODE = 'Place Order';
/** The name the agent gives the gated tool (n8n's nodeNameToToolName of its node name). */
export const GATED_TOOL_NAME = 'Place_Order';
export const HITL_NODE_TYPE = 'n8n-nodes-iophone.ioPhoneHitlTool';

export interface AgentReviewOptions {
	webhookPath: string;
	openAi: CredentialRef;
	ioPhone: CredentialRef;
	/** Where the gated tool sends its GET (`?item=<what the model chose>`). */
	toolUrl: string;
	toNumber: string;
	fromNumber: string;
	approvalType?: 'single' | 'double';
	approveLabel?: string;
	declineLabel?: string;
	/** The review text's message; null leaves it out, so n8n's default for review tools applies. */
	message?: string | null;
	/** Options → Limit Wait Time (`values`), e.g. `{ limitType: 'afterTimeInterval', resumeAmount: 1, resumeUnit: 'minutes' }`. */
	limitWaitTime?: Record<string, unknown>;
	/** The review node's version (1 by default: as saved workflows have it; 1.1 sends Approve and Decline as one link). */
	typeVersion?: number;
	/** false: the tool goes straight to the agent, with no review (to check the wiring alone). */
	gated?: boolean;
	name?: string;
}

/** One workflow node with a fresh id. */
export const node = (name: string, type: string, typeVersion: number, position: [number, number], parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
	id: randomUUID(),
	name,
	type,
	typeVersion,
	position,
	parameters,
	...extra,
});

const aiTool = (to: string) => ({ ai_tool: [[{ node: to, type: 'ai_tool', index: 0 }]] });

/** Webhook (answers at once: the execution goes on waiting) → AI Agent with the gated tool. */
export function agentReviewWorkflow(options: AgentReviewOptions): WorkflowDefinition {
	const gated = options.gated ?? true;
	const nodes = [
		node('Webhook', 'n8n-nodes-base.webhook', 2, [0, 0], { httpMethod: 'POST', path: options.webhookPath, responseMode: 'onReceived', options: {} }, { webhookId: randomUUID() }),
		node(AGENT_NODE, '@n8n/n8n-nodes-langchain.agent', 3.1, [260, 0], { promptType: 'define', text: '={{ $json.body.prompt }}', options: {} }),
		node(
			MODEL_NODE,
			'@n8n/n8n-nodes-langchain.lmChatOpenAi',
			1.3,
			[160, 240],
			{ model: { __rl: true, mode: 'id', value: 'fake-model' }, responsesApiEnabled: false, options: {} },
			{ credentials: { openAiApi: { id: options.openAi.id, name: options.openAi.name } } },
		),
		node(GATED_TOOL_NODE, 'n8n-nodes-base.httpRequestTool', 4.2, [560, 440], {
			toolDescription: 'Places an order for an item. Needs human approval.',
			url: `=${options.toolUrl}?item={{ encodeURIComponent($fromAI('item', 'The item to order', 'string')) }}`,
			options: {},
		}),
	];
	if (gated) {
		nodes.push(
			node(
				REVIEW_NODE,
				HITL_NODE_TYPE,
				options.typeVersion ?? 1,
				[460, 240],
				{
					toNumber: options.toNumber,
					...(options.message === null ? {} : { message: options.message ?? '=The agent wants to run {{ $tool.name }} with {{ JSON.stringify($tool.parameters) }}' }),
					approvalOptions: {
						values: {
							approvalType: options.approvalType ?? 'double',
							...(options.approveLabel ? { approveLabel: options.approveLabel } : {}),
							...(options.declineLabel ? { disapproveLabel: options.declineLabel } : {}),
						},
					},
					additionalFields: { fromNumber: options.fromNumber },
					options: options.limitWaitTime ? { limitWaitTime: { values: options.limitWaitTime } } : {},
				},
				{ webhookId: randomUUID(), credentials: { ioPhoneApi: { id: options.ioPhone.id, name: options.ioPhone.name } } },
			),
		);
	}
	return {
		name: options.name ?? 'AI Agent with IO Phone review (e2e)',
		nodes,
		connections: {
			Webhook: { main: [[{ node: AGENT_NODE, type: 'main', index: 0 }]] },
			[MODEL_NODE]: { ai_languageModel: [[{ node: AGENT_NODE, type: 'ai_languageModel', index: 0 }]] },
			...(gated ? { [GATED_TOOL_NODE]: aiTool(REVIEW_NODE), [REVIEW_NODE]: aiTool(AGENT_NODE) } : { [GATED_TOOL_NODE]: aiTool(AGENT_NODE) }),
		},
		settings: { executionOrder: 'v1' },
	};
}
