/**
 * `IWorkflowExecuteAdditionalData` as n8n's `WorkflowExecuteAdditionalData.getBase()`
 * builds it (packages/cli/src/workflow-execute-additional-data.ts), as a plain object:
 * the URLs (`<webhook base>/webhook`, `/webhook-test`, `/webhook-waiting`, `/form-waiting`,
 * `/rest`), the credentials helper, the lifecycle hooks, the external-secrets proxy, and
 * stubs for what needs a database or a task runner (sub-workflows, Code node runner).
 */
import { ExternalSecretsProxy } from 'n8n-core';
import type { ExecutionLifecycleHooks } from 'n8n-core';
import { UnexpectedError } from 'n8n-workflow';
import type { ICredentialsHelper, IDataObject, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

export const DEFAULT_BASE_URL = 'http://127.0.0.1:5678';

/** The endpoint names of n8n's `GlobalConfig.endpoints` defaults. */
export const ENDPOINTS = {
	rest: 'rest',
	webhook: 'webhook',
	webhookTest: 'webhook-test',
	webhookWaiting: 'webhook-waiting',
	form: 'form',
	formTest: 'form-test',
	formWaiting: 'form-waiting',
	mcp: 'mcp',
	mcpTest: 'mcp-test',
} as const;

export interface AdditionalDataOptions {
	credentialsHelper: ICredentialsHelper;
	hooks?: ExecutionLifecycleHooks;
	executionId?: string;
	/** n8n's webhook base URL (`WEBHOOK_URL`), without trailing slash. */
	baseUrl?: string;
	workflowId?: string;
	userId?: string;
	variables?: IDataObject;
}

export function createAdditionalData(options: AdditionalDataOptions): IWorkflowExecuteAdditionalData {
	const base = `${(options.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '')}/`;
	const unavailable = (what: string) => async () => {
		throw new UnexpectedError(`${what} is not available in the test harness`);
	};

	const additionalData: IWorkflowExecuteAdditionalData = {
		currentNodeExecutionIndex: 0,
		credentialsHelper: options.credentialsHelper,
		hooks: options.hooks,
		executionId: options.executionId,
		workflowId: options.workflowId,
		userId: options.userId,
		restApiUrl: base + ENDPOINTS.rest,
		instanceBaseUrl: base,
		formBaseUrl: base + ENDPOINTS.form,
		formTestBaseUrl: base + ENDPOINTS.formTest,
		formWaitingBaseUrl: base + ENDPOINTS.formWaiting,
		webhookBaseUrl: base + ENDPOINTS.webhook,
		webhookTestBaseUrl: base + ENDPOINTS.webhookTest,
		webhookWaitingBaseUrl: base + ENDPOINTS.webhookWaiting,
		mcpBaseUrl: base + ENDPOINTS.mcp,
		mcpTestBaseUrl: base + ENDPOINTS.mcpTest,
		variables: options.variables ?? {},
		externalSecretsProxy: new ExternalSecretsProxy(),
		executeWorkflow: unavailable('Executing a sub-workflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: unavailable('The task runner (Code node)'),
		logAiEvent: () => {},
		setExecutionStatus: () => {},
	};
	return additionalData;
}
