/** The workflows the e2e suite (and `npm run dev`) put into n8n. */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { PROJECT_ROOT } from './n8n-install';
import type { WorkflowDefinition } from './n8n-api';

export const AUTO_REPLY_EXAMPLE = path.join(PROJECT_ROOT, 'examples', 'auto-reply.json');
export const TRIGGER_NODE = 'IO Phone Trigger';
export const REPLY_NODE = 'Send Reply';
export const SEND_NODE = 'Send Texts';

export interface CredentialRef {
	id: string;
	name: string;
}

function useCredential(nodes: WorkflowDefinition['nodes'], credential: CredentialRef) {
	for (const node of nodes) {
		const credentials = node.credentials as Record<string, CredentialRef> | undefined;
		if (credentials?.ioPhoneApi) credentials.ioPhoneApi = { id: credential.id, name: credential.name };
	}
}

/**
 * examples/auto-reply.json with the credential filled in and a fresh webhookId (so each
 * instance has its own URL). Optionally other numbers than the example's.
 */
export function autoReplyWorkflow(
	credential: CredentialRef,
	overrides: { fromNumber?: string; setupRecipient?: string; webhookId?: string; name?: string } = {},
): WorkflowDefinition {
	const workflow = JSON.parse(readFileSync(AUTO_REPLY_EXAMPLE, 'utf8')) as WorkflowDefinition;
	useCredential(workflow.nodes, credential);
	const trigger = workflow.nodes.find((n) => n.name === TRIGGER_NODE)!;
	trigger.webhookId = overrides.webhookId ?? randomUUID();
	const parameters = trigger.parameters as Record<string, unknown>;
	if (overrides.fromNumber) parameters.fromNumber = overrides.fromNumber;
	if (overrides.setupRecipient) parameters.setupRecipient = overrides.setupRecipient;
	if (overrides.name) workflow.name = overrides.name;
	return workflow;
}

/** The trigger's production webhook path: `<webhookId>/webhook` (the node's webhook path is 'webhook'). */
export function triggerWebhookPath(workflow: WorkflowDefinition): string {
	return `${workflow.nodes.find((n) => n.name === TRIGGER_NODE)!.webhookId as string}/webhook`;
}

/**
 * Webhook (POST <path>, answers with the last node's items) → Split Out body.messages →
 * IO Phone send with Continue On Fail (onError: continueRegularOutput). One item per message.
 */
export function sendWorkflow(credential: CredentialRef, webhookPath: string): WorkflowDefinition {
	return {
		name: 'IO Phone send (e2e)',
		nodes: [
			{
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
			},
			{
				id: randomUUID(),
				name: 'Split Out',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [220, 0],
				parameters: { fieldToSplitOut: 'body.messages', options: {} },
			},
			{
				id: randomUUID(),
				name: SEND_NODE,
				type: 'n8n-nodes-iophone.ioPhone',
				typeVersion: 1,
				position: [440, 0],
				onError: 'continueRegularOutput',
				parameters: {
					resource: 'message',
					operation: 'send',
					toNumber: '={{ $json.to }}',
					text: '={{ $json.text }}',
					additionalFields: { fromNumber: '={{ $json.from }}' },
					options: { concurrency: 2 },
				},
				credentials: { ioPhoneApi: { id: credential.id, name: credential.name } },
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: SEND_NODE, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}
