/**
 * A small n8n test harness of the project's own, on what n8n-core and n8n-workflow
 * publish: nodes run inside n8n's real execution engine (WorkflowExecute,
 * WebhookContext, HookContext, CredentialTestContext) with credentials stored encrypted
 * and resolved the way n8n resolves them. See README.md in this folder.
 */
export { captureLogs, installLogger } from './logging';
export type { LogCapture, LogLine } from './logging';
export { loadPackage, getDefaultPackage, PACKAGE_ROOT } from './package-loader';
export type {
	LoadedPackage,
	LoadPackageOptions,
	ExtraTypes,
	NodeTypeClass,
	CredentialTypeClass,
} from './package-loader';
export { NodeTypes } from './node-types';
export { CredentialTypes } from './credential-types';
export { CredentialsHelper } from './credentials-helper';
export type { StoredCredential } from './credentials-helper';
export { createAdditionalData, DEFAULT_BASE_URL } from './additional-data';
export {
	runNode,
	runWorkflow,
	getNodeOutput,
	getTaskData,
	getExecutedNodes,
	latestVersion,
} from './run-workflow';
export type { RunNodeOptions, RunNodeResult, RunWorkflowOptions, WorkflowJson } from './run-workflow';
export { testCredential } from './credential-test';
export type { TestCredentialOptions } from './credential-test';
export { TriggerHost } from './trigger-host';
export type { TriggerHostOptions, HostedExecution, HostedRequest, HookCall } from './trigger-host';
export { WaitingHost } from './waiting-host';
export type { StoredExecution, WaitingHostOptions, WaitingRequest } from './waiting-host';
