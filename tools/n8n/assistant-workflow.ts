/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * The AI SMS assistant examples as the suites import them, the way a user does: the JSON file with
 * the credentials picked and a fresh webhookId (its own URL). examples/ai-sms-assistant.json keeps
 * memory in the n8n process (Simple Memory); examples/queue-mode/ai-sms-assistant.json in Redis.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { WorkflowDefinition } from './n8n-api';
import { PROJECT_ROOT } from './n8n-install';
import { TRIGGER_NODE, type CredentialRef } from './workflows';

export const ASSISTANT_EXAMPLE = path.join(PROJECT_ROOT, 'examples', 'ai-sms-assistant.json');
export const QUEUE_ASSISTANT_EXAMPLE = path.join(PROJECT_ROOT, 'examples', 'queue-mode', 'ai-sms-assistant.json');
export const ASSISTANT_AGENT_NODE = 'AI Agent';
export const ASSISTANT_ANSWER_NODE = 'Send Answer';

/** The credentials a user picks, by n8n credential type (ioPhoneApi, openAiApi, redis). */
export type AssistantCredentials = Record<string, CredentialRef>;

export function assistantWorkflow(
	file: string,
	credentials: AssistantCredentials,
	overrides: { fromNumbers?: string; setupRecipient?: string; name?: string } = {},
): WorkflowDefinition {
	const workflow = JSON.parse(readFileSync(file, 'utf8')) as WorkflowDefinition;
	for (const node of workflow.nodes) {
		const picked = node.credentials as Record<string, CredentialRef> | undefined;
		for (const type of Object.keys(picked ?? {})) {
			if (!credentials[type]) throw new Error(`${path.basename(file)}: no ${type} credential given for ${String(node.name)}`);
			picked![type] = { id: credentials[type].id, name: credentials[type].name };
		}
	}
	const trigger = workflow.nodes.find((n) => n.name === TRIGGER_NODE)!;
	trigger.webhookId = randomUUID();
	const parameters = trigger.parameters as Record<string, unknown>;
	if (overrides.fromNumbers) parameters.fromNumbers = overrides.fromNumbers;
	if (overrides.setupRecipient) parameters.setupRecipient = overrides.setupRecipient;
	if (overrides.name) workflow.name = overrides.name;
	return workflow;
}
