/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/** The queue-mode auto-reply example (examples/queue-mode/auto-reply.json) and variants, for the queue suite. */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { WorkflowDefinition } from '../n8n/n8n-api';
import { PROJECT_ROOT } from '../n8n/n8n-install';
import { autoReplyWorkflow, BULK_SEND_NODE, TRIGGER_NODE, webhookSplitOut, type CredentialRef } from '../n8n/workflows';

export const QUEUE_AUTO_REPLY_EXAMPLE = path.join(PROJECT_ROOT, 'examples', 'queue-mode', 'auto-reply.json');

type Overrides = { fromNumber?: string; setupRecipient?: string; name?: string };

/** examples/queue-mode/auto-reply.json with both credentials filled in and a fresh webhookId. */
export function queueAutoReplyWorkflow(credential: CredentialRef, redisCredential: CredentialRef, overrides: Overrides = {}): WorkflowDefinition {
	const workflow = JSON.parse(readFileSync(QUEUE_AUTO_REPLY_EXAMPLE, 'utf8')) as WorkflowDefinition;
	for (const node of workflow.nodes) {
		const credentials = node.credentials as Record<string, CredentialRef> | undefined;
		if (credentials?.ioPhoneApi) credentials.ioPhoneApi = { id: credential.id, name: credential.name };
		if (credentials?.redis) credentials.redis = { id: redisCredential.id, name: redisCredential.name };
	}
	const trigger = workflow.nodes.find((n) => n.name === TRIGGER_NODE)!;
	trigger.webhookId = randomUUID();
	const parameters = trigger.parameters as Record<string, unknown>;
	if (overrides.fromNumber) parameters.fromNumber = overrides.fromNumber;
	if (overrides.setupRecipient) parameters.setupRecipient = overrides.setupRecipient;
	if (overrides.name) workflow.name = overrides.name;
	return workflow;
}

/**
 * examples/auto-reply.json with n8n's Remove Duplicates ("Remove Items Processed in Previous
 * Executions", keyed by event type and id) between trigger and filter: the shape n8n's own
 * de-duplication gives, measured beside the Redis one.
 */
export function removeDuplicatesWorkflow(credential: CredentialRef, overrides: Overrides = {}): WorkflowDefinition {
	const workflow = autoReplyWorkflow(credential, overrides);
	const name = 'New Event?';
	workflow.nodes.push({
		id: randomUUID(),
		name,
		type: 'n8n-nodes-base.removeDuplicates',
		typeVersion: 2,
		position: [110, 200],
		parameters: {
			operation: 'removeItemsSeenInPreviousExecutions',
			logic: 'removeItemsWithAlreadySeenKeyValues',
			dedupeValue: '={{ $json.type }}:{{ $json.id }}',
			options: { scope: 'node', historySize: 10000 },
		},
	});
	const connections = workflow.connections as Record<string, unknown>;
	connections[name] = connections[TRIGGER_NODE];
	connections[TRIGGER_NODE] = { main: [[{ node: name, type: 'main', index: 0 }]] };
	return workflow;
}

/** A Redis credential for the cluster's own Redis, as a queue-mode user would point it. */
export const redisCredentialData = (port: number) => ({ host: '127.0.0.1', port, database: 0, password: '', ssl: false });

export const BULK_NODE = BULK_SEND_NODE;

/**
 * Webhook (POST <path>, answered at once) → Split Out body.rows → IO Phone send (To Number
 * `phone`, Text `text`) with Continue On Fail and `options`: a bulk send started the way an n8n
 * user starts one from outside, which returns before the run ends.
 */
export function bulkSendWorkflow(credential: CredentialRef, webhookPath: string, options: Record<string, unknown>): WorkflowDefinition {
	return {
		name: 'Bulk send (queue mode)',
		nodes: [
			...webhookSplitOut(webhookPath, 'body.rows', true),
			{
				id: randomUUID(),
				name: BULK_NODE,
				type: 'n8n-nodes-iophone.ioPhone',
				typeVersion: 1,
				position: [440, 0],
				onError: 'continueRegularOutput',
				parameters: { resource: 'message', operation: 'send', toNumber: '={{ $json.phone }}', text: '={{ $json.text }}', options },
				credentials: { ioPhoneApi: { id: credential.id, name: credential.name } },
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: BULK_NODE, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** `count` rows with distinct US numbers (+1 614 200-0000 upward, from the `first`th) and texts. */
export function bulkRows(count: number, label = 'Reminder', first = 0): Array<{ phone: string; text: string }> {
	return Array.from({ length: count }, (_, k) => ({
		phone: `+1614${200 + Math.floor((first + k) / 10_000)}${String((first + k) % 10_000).padStart(4, '0')}`,
		text: `${label} ${k}: your appointment is tomorrow at 10:00. Reply STOP to opt out.`,
	}));
}
