/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/** The workflows the e2e suite (and `npm run dev`) put into n8n. */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { CHAT_CHANNEL_SINCE } from '../../nodes/IoPhoneTrigger/description';
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

/** Webhook (POST <path>; answered with the last node's items once the run is over, or at once when `answerAtOnce`) → Split Out `field`. */
export function webhookSplitOut(webhookPath: string, field: string, answerAtOnce = false) {
	return [
		{
			id: randomUUID(),
			name: 'Webhook',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0] as [number, number],
			webhookId: randomUUID(),
			parameters: answerAtOnce
				? { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} }
				: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
		},
		{
			id: randomUUID(),
			name: 'Split Out',
			type: 'n8n-nodes-base.splitOut',
			typeVersion: 1,
			position: [220, 0] as [number, number],
			parameters: { fieldToSplitOut: field, options: {} },
		},
	];
}

/**
 * Webhook (POST <path>, answers with the last node's items) → Split Out body.messages →
 * IO Phone send with Continue On Fail (onError: continueRegularOutput). One item per message.
 */
export function sendWorkflow(credential: CredentialRef, webhookPath: string): WorkflowDefinition {
	return {
		name: 'IO Phone send (e2e)',
		nodes: [
			...webhookSplitOut(webhookPath, 'body.messages'),
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

/**
 * The IO Phone Trigger alone (nothing downstream), for the load test: each accepted callback is
 * one execution of one node, so the figure measures the trigger and n8n's webhook path. Version 1
 * unless `typeVersion` says otherwise; from 1.3 the number goes into From Numbers.
 */
export function triggerOnlyWorkflow(
	credential: CredentialRef,
	options: { fromNumber: string; setupRecipient: string; name?: string; typeVersion?: number },
): WorkflowDefinition {
	const typeVersion = options.typeVersion ?? 1;
	const numberParameter = typeVersion >= CHAT_CHANNEL_SINCE ? 'fromNumbers' : 'fromNumber';
	return {
		name: options.name ?? 'IO Phone Trigger only (load)',
		nodes: [
			{
				id: randomUUID(),
				name: TRIGGER_NODE,
				type: 'n8n-nodes-iophone.ioPhoneTrigger',
				typeVersion,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: {
					[numberParameter]: options.fromNumber,
					events: ['message-received', 'message-delivered', 'message-failed'],
					registration: 'setupText',
					setupRecipient: options.setupRecipient,
					clearOnDeactivate: true,
					verifyToken: true,
					ignoreDuplicates: true,
				},
				credentials: { ioPhoneApi: { id: credential.id, name: credential.name } },
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	};
}

/**
 * IO Phone Trigger 1.3 on several numbers → Send Reply to the sender, from the number texted, with
 * the item's chatInput: the auto-reply as a chat channel (received texts only).
 */
export function severalNumbersReplyWorkflow(
	credential: CredentialRef,
	options: { fromNumbers: string; setupRecipient: string; webhookId?: string; name?: string; trigger?: Record<string, unknown> },
): WorkflowDefinition {
	const ioPhoneApi = { id: credential.id, name: credential.name };
	return {
		name: options.name ?? 'IO Phone auto-reply on several numbers (e2e)',
		nodes: [
			{
				id: randomUUID(),
				name: TRIGGER_NODE,
				type: 'n8n-nodes-iophone.ioPhoneTrigger',
				typeVersion: 1.3,
				position: [0, 0],
				webhookId: options.webhookId ?? randomUUID(),
				parameters: { fromNumbers: options.fromNumbers, events: ['message-received'], setupRecipient: options.setupRecipient, ...options.trigger },
				credentials: { ioPhoneApi },
			},
			{
				id: randomUUID(),
				name: REPLY_NODE,
				type: 'n8n-nodes-iophone.ioPhone',
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					resource: 'message',
					operation: 'send',
					toNumber: '={{ $json.replyTo }}',
					text: '=Thanks! You said: {{ $json.chatInput }}',
					additionalFields: { fromNumber: '={{ $json.replyFrom }}' },
					options: {},
				},
				credentials: { ioPhoneApi },
			},
		],
		connections: { [TRIGGER_NODE]: { main: [[{ node: REPLY_NODE, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

export const BULK_SEND_NODE = 'Send';
/** The reminder text of the benchmark's workload (tools/simulator/workload.ts), as an n8n expression. */
export const BULK_TEXT_EXPRESSION =
	'=Hi {{ $json.firstName }}, this is a reminder of your appointment on {{ $json.appointment }}. Reply STOP to opt out.';

/**
 * Webhook (POST <path>, body `{ rows: [...] }`, answers with every item of the last node once the
 * run is over) → Split Out body.rows → `sender` (named {@link BULK_SEND_NODE}).
 */
function bulkSendWorkflow(name: string, webhookPath: string, sender: Record<string, unknown>): WorkflowDefinition {
	return {
		name,
		nodes: [
			...webhookSplitOut(webhookPath, 'body.rows'),
			{ id: randomUUID(), name: BULK_SEND_NODE, position: [440, 0], ...sender },
		],
		connections: {
			Webhook: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: BULK_SEND_NODE, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

/** Bulk send through the IO Phone node; with its default options (Sends at Once 16) unless `options` says otherwise. */
export function bulkSendIoPhoneWorkflow(credential: CredentialRef, webhookPath: string, options: Record<string, unknown> = {}): WorkflowDefinition {
	return bulkSendWorkflow('Bulk send: IO Phone node', webhookPath, {
		type: 'n8n-nodes-iophone.ioPhone',
		typeVersion: 1,
		parameters: { resource: 'message', operation: 'send', toNumber: '={{ $json.phone }}', text: BULK_TEXT_EXPRESSION, options },
		credentials: { ioPhoneApi: { id: credential.id, name: credential.name } },
	});
}

/**
 * The same send through n8n's HTTP Request node set up by hand for IO Phone: POST {baseUrl}/text,
 * the key as a Query Auth credential (query parameter apiKey), JSON body toNumber/text from fields.
 * `batching` is the node's Options → Batching (items per batch, pause between batches); without
 * it the node starts every item's request at once.
 */
export function bulkSendHttpRequestWorkflow(
	queryAuthCredential: CredentialRef,
	baseUrl: string,
	webhookPath: string,
	batching?: { batchSize: number; batchInterval: number },
): WorkflowDefinition {
	const name = batching ? `Bulk send: HTTP Request (batches of ${batching.batchSize} every ${batching.batchInterval} ms)` : 'Bulk send: HTTP Request';
	return bulkSendWorkflow(name, webhookPath, {
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters: {
			method: 'POST',
			url: `${baseUrl.replace(/\/$/, '')}/text`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpQueryAuth',
			sendBody: true,
			contentType: 'json',
			specifyBody: 'keypair',
			bodyParameters: {
				parameters: [
					{ name: 'toNumber', value: '={{ $json.phone }}' },
					{ name: 'text', value: BULK_TEXT_EXPRESSION },
				],
			},
			options: batching ? { batching: { batch: batching } } : {},
		},
		credentials: { httpQueryAuth: { id: queryAuthCredential.id, name: queryAuthCredential.name } },
	});
}

export const ASK_NODE = 'Ask';
export const AFTER_ANSWER_NODE = 'After Answer';

/**
 * Webhook (POST <path>, answers at once: the run goes on waiting) → IO Phone Message → Send and
 * Wait for Response (named {@link ASK_NODE}, To Number and Message from the request body, the rest
 * from `parameters`) → No Operation (named {@link AFTER_ANSWER_NODE}), whose output is what the
 * workflow goes on with.
 */
export function sendAndWaitWorkflow(
	credential: CredentialRef,
	webhookPath: string,
	parameters: Record<string, unknown>,
	name = `Send and Wait (${webhookPath})`,
	/** The IO Phone node's version: 1 as saved workflows have it, 1.1 as the editor adds it now. */
	typeVersion = 1,
): WorkflowDefinition {
	return {
		name,
		nodes: [
			{
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
			},
			{
				id: randomUUID(),
				name: ASK_NODE,
				type: 'n8n-nodes-iophone.ioPhone',
				typeVersion,
				position: [220, 0],
				webhookId: randomUUID(),
				parameters: {
					resource: 'message',
					operation: 'sendAndWait',
					toNumber: '={{ $json.body.to }}',
					message: '={{ $json.body.question }}',
					...parameters,
				},
				credentials: { ioPhoneApi: { id: credential.id, name: credential.name } },
			},
			{ id: randomUUID(), name: AFTER_ANSWER_NODE, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [440, 0], parameters: {} },
		],
		connections: {
			Webhook: { main: [[{ node: ASK_NODE, type: 'main', index: 0 }]] },
			[ASK_NODE]: { main: [[{ node: AFTER_ANSWER_NODE, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}
