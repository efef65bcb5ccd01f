/**
 * examples/auto-reply.json (IO Phone Trigger → Filter → reply) started by other nodes, with the same
 * Filter and reply, for the benchmarks' per-event comparison of the trigger.
 */
import { randomUUID } from 'node:crypto';

import type { WorkflowDefinition } from '../n8n/n8n-api';
import { autoReplyWorkflow, TRIGGER_NODE, type CredentialRef } from '../n8n/workflows';
import { FLOOR_TRIGGER_TYPE } from './floor-trigger';

/** Started by n8n's own Webhook node (POST `path`, answers at once with no data); the Filter and reply read `$json.body`. */
export function webhookNodeAutoReply(credential: CredentialRef, path: string): WorkflowDefinition {
	const workflow = autoReplyWorkflow(credential, { name: 'Auto-reply via Webhook node' });
	const trigger = workflow.nodes.findIndex((n) => n.name === TRIGGER_NODE);
	workflow.nodes[trigger] = {
		id: randomUUID(),
		name: TRIGGER_NODE,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', responseData: 'noData', options: {} },
	};
	for (const node of workflow.nodes) {
		const parameters = node.parameters as Record<string, unknown>;
		if (node.name === 'Incoming Text?') {
			const condition = (parameters.conditions as { conditions: Array<Record<string, unknown>> }).conditions[0];
			condition.leftValue = '={{ $json.body.type }}';
		}
		if (node.name === 'Send Reply') {
			parameters.toNumber = '={{ $json.body.from }}';
			parameters.text = '=Thanks! You said: {{ $json.body.text }}';
			parameters.additionalFields = { fromNumber: '={{ $json.body.to }}' };
		}
	}
	return workflow;
}

/**
 * Started by the floor trigger (tools/bench/floor-trigger.ts: the IO Phone Trigger's webhook
 * description and item, nothing else), by default at the example trigger's typeVersion (1.1); the
 * Filter and reply are the example's. Its URL is
 * `<webhookId>/webhook`, like the IO Phone Trigger's ({@link triggerWebhookPath} works on it).
 */
export function floorTriggerAutoReply(credential: CredentialRef, typeVersion = 1.1): WorkflowDefinition {
	const workflow = autoReplyWorkflow(credential, { name: `Auto-reply via floor trigger ${typeVersion}` });
	const trigger = workflow.nodes.find((n) => n.name === TRIGGER_NODE)!;
	trigger.type = FLOOR_TRIGGER_TYPE;
	trigger.typeVersion = typeVersion;
	trigger.parameters = {};
	delete trigger.credentials;
	return workflow;
}
