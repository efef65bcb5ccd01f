/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * n8n's webhook plumbing (packages/cli/src/webhooks/webhook.service.ts, webhook-helpers.ts,
 * webhook-execution-context.ts, webhook-*-response-extractor.ts of n8n 2.41.1), on
 * n8n-core's `HookContext` and `WebhookContext`:
 *
 * - `getNodeWebhooks` / `getWorkflowWebhooks`: a node's webhooks with their paths
 *   (`NodeHelpers.getNodeWebhookPath`: `<webhookId>/<path>`, or the path alone with
 *   `isFullPath`) and HTTP methods.
 * - `runWebhookMethod`: `webhookMethods[<name>].checkExists|create|delete` on a HookContext;
 *   `createWebhookIfNotExists` = checkExists, then create if it answered false.
 * - `runWebhook`: the node's `webhook()` on a WebhookContext.
 * - `evaluateResponseOptions` and the response extractors.
 */
import { HookContext, WebhookContext } from 'n8n-core';
import {
	Node,
	NodeHelpers,
	UnexpectedError,
	resolveWebhookDescriptionField,
} from 'n8n-workflow';
import type {
	IHttpRequestMethods,
	INode,
	IRunExecutionData,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	IWorkflowDataProxyAdditionalKeys,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import { installLogger } from './logging';

export type WebhookMethodName = 'checkExists' | 'create' | 'delete';

export interface HookCall {
	method: WebhookMethodName;
	node: string;
	webhookName: string;
	mode: WorkflowExecuteMode;
	activation: WorkflowActivateMode;
	result?: boolean;
	error?: string;
}

type DescriptionKey = Exclude<keyof IWebhookDescription, symbol>;

function evaluateDescriptionProperty<T>(
	workflow: Workflow,
	node: INode,
	description: IWebhookDescription,
	property: DescriptionKey,
	defaultValue?: T,
): T | undefined {
	const native = resolveWebhookDescriptionField(node, description, String(property));
	if (native.resolved) return native.value as T;
	return workflow.expression.getSimpleParameterValue(
		node,
		description[property] as string | boolean | undefined,
		'internal',
		{},
		undefined,
		defaultValue as string | boolean | undefined,
	) as T | undefined;
}

const isDynamicPath = (path: string) => path.startsWith(':') || path.includes('/:');

export function getNodeWebhooks(
	workflow: Workflow,
	node: INode,
	additionalData: IWorkflowExecuteAdditionalData,
	ignoreRestartWebhooks = false,
): IWebhookData[] {
	if (node.disabled === true) return [];
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	if (nodeType.description.webhooks === undefined) return [];

	const workflowId = workflow.id || '__UNSAVED__';
	const returnData: IWebhookData[] = [];
	for (const webhookDescription of nodeType.description.webhooks) {
		if (ignoreRestartWebhooks && webhookDescription.restartWebhook === true) continue;

		let nodeWebhookPath = evaluateDescriptionProperty<string>(workflow, node, webhookDescription, 'path');
		if (nodeWebhookPath === undefined || nodeWebhookPath === null) {
			installLogger().error(
				`No webhook path could be found for node "${node.name}" in workflow "${workflowId}".`,
			);
			continue;
		}
		nodeWebhookPath = nodeWebhookPath.toString().trim();
		if (nodeWebhookPath.startsWith('/')) nodeWebhookPath = nodeWebhookPath.slice(1);
		if (nodeWebhookPath.endsWith('/')) nodeWebhookPath = nodeWebhookPath.slice(0, -1);

		const isFullPath = evaluateDescriptionProperty<boolean>(workflow, node, webhookDescription, 'isFullPath', false);
		const restartWebhook = evaluateDescriptionProperty<boolean>(
			workflow,
			node,
			webhookDescription,
			'restartWebhook',
			false,
		);
		const path = NodeHelpers.getNodeWebhookPath(workflowId, node, nodeWebhookPath, isFullPath, restartWebhook);
		const webhookMethods = evaluateDescriptionProperty<string>(
			workflow,
			node,
			webhookDescription,
			'httpMethod',
			'GET',
		);
		if (webhookMethods === undefined) {
			installLogger().error(
				`The webhook "${path}" for node "${node.name}" in workflow "${workflowId}" could not be added because the httpMethod is not defined.`,
			);
			continue;
		}
		const webhookId = isDynamicPath(path) && node.webhookId ? node.webhookId : undefined;
		for (const httpMethod of String(webhookMethods).split(',')) {
			if (!httpMethod) continue;
			returnData.push({
				httpMethod: httpMethod.trim() as IHttpRequestMethods,
				node: node.name,
				path,
				webhookDescription,
				workflowId,
				workflowExecuteAdditionalData: additionalData,
				webhookId,
			});
		}
	}
	return returnData;
}

export function getWorkflowWebhooks(
	workflow: Workflow,
	additionalData: IWorkflowExecuteAdditionalData,
	ignoreRestartWebhooks = false,
): IWebhookData[] {
	return Object.values(workflow.nodes).flatMap((node) =>
		getNodeWebhooks(workflow, node, additionalData, ignoreRestartWebhooks),
	);
}

export async function runWebhookMethod(
	method: WebhookMethodName,
	workflow: Workflow,
	webhookData: IWebhookData,
	mode: WorkflowExecuteMode,
	activation: WorkflowActivateMode,
	onCall?: (call: HookCall) => void,
): Promise<boolean | undefined> {
	const node = workflow.getNode(webhookData.node);
	if (!node) return undefined;
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const webhookFn = nodeType.webhookMethods?.[webhookData.webhookDescription.name]?.[method];
	if (webhookFn === undefined) return undefined;

	const call: HookCall = {
		method,
		node: node.name,
		webhookName: webhookData.webhookDescription.name,
		mode,
		activation,
	};
	const context = new HookContext(
		workflow,
		node,
		webhookData.workflowExecuteAdditionalData,
		mode,
		activation,
		webhookData,
	);
	try {
		call.result = (await webhookFn.call(context)) as boolean;
		return call.result;
	} catch (error) {
		call.error = (error as Error).message;
		throw error;
	} finally {
		onCall?.(call);
	}
}

export async function createWebhookIfNotExists(
	workflow: Workflow,
	webhookData: IWebhookData,
	mode: WorkflowExecuteMode,
	activation: WorkflowActivateMode,
	onCall?: (call: HookCall) => void,
): Promise<void> {
	const exists = await runWebhookMethod('checkExists', workflow, webhookData, mode, activation, onCall);
	if (!exists) await runWebhookMethod('create', workflow, webhookData, mode, activation, onCall);
}

export async function deleteWebhook(
	workflow: Workflow,
	webhookData: IWebhookData,
	mode: WorkflowExecuteMode,
	activation: WorkflowActivateMode,
	onCall?: (call: HookCall) => void,
): Promise<void> {
	await runWebhookMethod('delete', workflow, webhookData, mode, activation, onCall);
}

/** `WebhookService.runWebhook`: the node's `webhook()` on a `WebhookContext`. */
export async function runWebhook(
	workflow: Workflow,
	webhookData: IWebhookData,
	node: INode,
	additionalData: IWorkflowExecuteAdditionalData,
	mode: WorkflowExecuteMode,
	runExecutionData: IRunExecutionData | null,
): Promise<IWebhookResponseData> {
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	if (nodeType.webhook === undefined) {
		throw new UnexpectedError('Node does not have any webhooks defined', {
			extra: { nodeName: node.name },
		});
	}
	const context = new WebhookContext(workflow, node, additionalData, mode, webhookData, [], runExecutionData);
	return nodeType instanceof Node
		? await nodeType.webhook(context)
		: ((await nodeType.webhook.call(context)) as IWebhookResponseData);
}

/** n8n's `WebhookExecutionContext`. */
export class WebhookExecutionContext {
	constructor(
		readonly workflow: Workflow,
		readonly workflowStartNode: INode,
		readonly webhookData: IWebhookData,
		readonly executionMode: WorkflowExecuteMode,
		readonly additionalKeys: IWorkflowDataProxyAdditionalKeys,
	) {}

	/** `evaluateSimple` / `evaluateComplex`: a field the node declares natively, else n8n's expression evaluation. */
	evaluate<T>(property: DescriptionKey, defaultValue: T, complex = false): T | undefined {
		const native = resolveWebhookDescriptionField(this.workflowStartNode, this.webhookData.webhookDescription, String(property));
		if (native.resolved) return native.value as T;
		const { expression } = this.workflow;
		const evaluate = (complex ? expression.getComplexParameterValue : expression.getSimpleParameterValue).bind(expression);
		const value = this.webhookData.webhookDescription[property] as never;
		return evaluate(this.workflowStartNode, value, this.executionMode, this.additionalKeys, undefined, defaultValue as never) as T | undefined;
	}
}

export function evaluateResponseOptions(context: WebhookExecutionContext) {
	return {
		responseMode: context.evaluate('responseMode', 'onReceived')!,
		responseCode: context.evaluate('responseCode', 200)!,
	};
}

/** n8n's `extractWebhookOnReceivedResponse`. */
export function extractOnReceivedResponse(
	responseData: string | undefined,
	webhookResultData: IWebhookResponseData,
): unknown {
	if (responseData === 'noData') return undefined;
	if (responseData) return responseData;
	if (webhookResultData.webhookResponse !== undefined) return webhookResultData.webhookResponse;
	return { message: 'Workflow was started' };
}
