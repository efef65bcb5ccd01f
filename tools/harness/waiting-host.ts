/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * Waiting executions and their resume, as n8n 2.41.1 does them (compiled source in
 * node_modules/n8n/dist/ of the installed n8n, line numbers of that build):
 *
 * - `run()`: an execution runs in n8n-core's `WorkflowExecute` (as `runWorkflow`) with this
 *   host's URL as n8n's base URL, so the node's `getSignedResumeUrl()` links point here; the
 *   result is stored as n8n's execution row (status, finished, waitTill; `data` JSON round
 *   tripped as n8n stores it).
 * - a request to `/webhook-waiting/<executionId>/<suffix>`: `WaitingWebhooks.executeWebhook`
 *   (webhooks/waiting-webhooks.js:162-228): a Send and Wait request (`suffix` is the id of a
 *   node whose operation is `sendAndWait`) must carry a valid `signature`, checked with
 *   n8n-core's own `validateUrlSignature` and the instance `hmacSignatureSecret`
 *   (validateSignature, :152-161); any other waiting request (n8n's Wait node and the
 *   like, with the execution's `resumeToken`) is not hosted and gets 401; unknown execution 404, running or failed 409, finished → n8n's "No action
 *   required" page for Send and Wait, else 409. Then `getWebhookExecutionData` (:237-291):
 *   the waiting node disabled, `waitTill` cleared, its last run popped (`preserveInputOverride`,
 *   workflow-helpers.js:364-376), the node's restart webhook for method+suffix, and
 *   `WebhookHelpers.executeWebhook` (webhooks/webhook-helpers.js:401-720) with the stored
 *   `runExecutionData`: the node's `webhook()` on a `WebhookContext`; no `workflowData` →
 *   nothing resumes; `workflowData` → it becomes the input of the resuming (disabled) node,
 *   `forwardAllOutputs` (prepareExecutionData, :343-381), and `WorkflowRunner.run` continues
 *   the same execution id (workflow-runner.js:390-431: `WorkflowExecute.processRunExecutionData`).
 * - `tick(now)`: n8n's `WaitTracker` (wait-tracker.js:60-132): each execution still waiting
 *   whose `waitTill` has come is run again with its stored data; `WorkflowExecute`'s
 *   `handleWaitingState` disables the waiting node, which then passes its input on.
 *
 * Not hosted: Form and Wait-node form resumes (`/form-waiting`), sub-workflow parents, CORS,
 * response modes other than the node answering itself or `onReceived`.
 */
import { Container } from '@n8n/di';
import {
	ExecutionLifecycleHooks,
	InstanceSettings,
	WAITING_TOKEN_QUERY_PARAM,
	getHtmlSandboxCSP,
	isFormHtmlSandboxingDisabled,
	validateUrlSignature,
} from 'n8n-core';
import {
	NodeConnectionTypes,
	OperationalError,
	SEND_AND_WAIT_OPERATION,
	Workflow,
	createRunExecutionData,
	deepCopy,
} from 'n8n-workflow';
import type {
	ExecutionError,
	ExecutionStatus,
	ICredentialDataDecryptedObject,
	INodeExecutionData,
	IRun,
	IRunExecutionData,
	IWebhookResponseData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { createAdditionalData, ENDPOINTS } from './additional-data';
import { CredentialsHelper } from './credentials-helper';
import { HttpResponseError, sendErrorResponse, toWebhookRequest, toWebhookResponse } from './http-adapter';
import type { WebhookRequest, WebhookResponse } from './http-adapter';
import { getDefaultPackage } from './package-loader';
import type { LoadedPackage } from './package-loader';
import { executeRunExecutionData, nextExecutionId, savedWorkflow } from './run-workflow';
import type { WorkflowJson } from './run-workflow';
import { parseRequestBody } from './trigger-host';
import { extractOnReceivedResponse, getNodeWebhooks, runWebhook } from './webhooks';

/** n8n's execution row, as `ExecutionPersistence.findSingleExecution(id, { includeData, unflattenData })` gives it. */
export interface StoredExecution {
	id: string;
	mode: WorkflowExecuteMode;
	status: ExecutionStatus;
	finished: boolean;
	waitTill?: Date | null;
	data: IRunExecutionData;
	workflowData: IWorkflowBase;
}

export interface WaitingHostOptions {
	workflow: WorkflowJson;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Execution mode of `run()`; default `'manual'` (the editor's "Execute workflow"). */
	mode?: WorkflowExecuteMode;
	pkg?: LoadedPackage;
}

/** A request to the host and what it answered. */
export interface WaitingRequest {
	method: string;
	url: string;
	status: number;
	headers: http.OutgoingHttpHeaders;
	body: string;
}

/** What n8n's templates form-invalid-token / send-and-wait-no-action-required say (views are not hosted). */
const INVALID_LINK_PAGE = '<!DOCTYPE html><html><head><title>Invalid Form Link</title></head><body><h1>Invalid Form Link</h1><p>This form link is invalid or has expired. Please request a new link.</p></body></html>';
const NO_ACTION_PAGE = '<!DOCTYPE html><html><head><title>No action required</title></head><body><h1>No action required</h1></body></html>';

/** n8n's JSON column round trip of the execution data (Dates become strings, no shared references). */
const stored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

export class WaitingHost {
	readonly baseUrl: string;

	readonly requests: WaitingRequest[] = [];

	private readonly executions = new Map<string, StoredExecution>();

	private readonly pending = new Set<Promise<unknown>>();

	private constructor(
		private readonly server: http.Server,
		private readonly pkg: LoadedPackage,
		private readonly credentialsHelper: CredentialsHelper,
		private readonly workflowData: IWorkflowBase,
		private readonly mode: WorkflowExecuteMode,
	) {
		const { port } = server.address() as AddressInfo;
		this.baseUrl = `http://127.0.0.1:${port}`;
		server.on('request', (req, res) => void this.handleRequest(req, res));
	}

	static async start(options: WaitingHostOptions): Promise<WaitingHost> {
		const pkg = options.pkg ?? getDefaultPackage();
		const credentialsHelper = new CredentialsHelper(pkg.credentialTypes);
		const workflowData = await savedWorkflow(options.workflow, 'Waiting workflow', options.credentials, credentialsHelper, pkg);
		const server = http.createServer();
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => resolve());
		});
		return new WaitingHost(server, pkg, credentialsHelper, workflowData, options.mode ?? 'manual');
	}

	async close(): Promise<void> {
		await this.settled();
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	/** Waits until every resumed execution has finished or waits again. */
	async settled(): Promise<void> {
		while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
	}

	/** The stored execution (a copy, as read from the database). */
	execution(id: string): StoredExecution {
		const execution = this.executions.get(id);
		if (!execution) throw new Error(`No execution ${id}`);
		return { ...execution, data: stored(execution.data) };
	}

	/** Starts the workflow at `startNode` (default n8n's start node) with `items`, until it ends or waits. */
	async run(items: INodeExecutionData[] = [{ json: {} }], startNode?: string): Promise<StoredExecution> {
		const workflow = this.createWorkflow();
		const start = startNode ? workflow.getNode(startNode) : workflow.getStartNode();
		if (!start) throw new Error(`Start node ${startNode ?? '(default)'} not found`);
		const id = nextExecutionId();
		const data = createRunExecutionData({
			executionData: { nodeExecutionStack: [{ node: start, data: { main: [items] }, source: null }] },
		});
		await this.runExecution(id, this.mode, workflow, data);
		return this.execution(id);
	}

	/** `WaitTracker`: resumes every waiting execution whose `waitTill` is at or before `now`. */
	async tick(now = new Date()): Promise<string[]> {
		const due = [...this.executions.values()].filter(
			(e) => e.status === 'waiting' && e.waitTill && e.waitTill.getTime() <= now.getTime(),
		);
		for (const execution of due) {
			// WaitTracker.startExecution: the stored data as it is, waitTill still set.
			const { id, mode, data } = this.execution(execution.id);
			await this.runExecution(id, mode, this.createWorkflow(), data);
		}
		return due.map((e) => e.id);
	}

	private createWorkflow(): Workflow {
		return new Workflow({
			id: this.workflowData.id,
			name: this.workflowData.name,
			nodes: deepCopy(this.workflowData.nodes),
			connections: this.workflowData.connections,
			active: false,
			nodeTypes: this.pkg.nodeTypes,
			staticData: deepCopy(this.workflowData.staticData),
			settings: this.workflowData.settings,
		});
	}

	private additionalData(executionId: string, extra: Partial<IWorkflowExecuteAdditionalData> = {}) {
		return Object.assign(
			createAdditionalData({
				credentialsHelper: this.credentialsHelper,
				baseUrl: this.baseUrl,
				workflowId: this.workflowData.id,
				executionId,
			}),
			extra,
		);
	}

	/**
	 * `WorkflowRunner.run` → `WorkflowExecute.processRunExecutionData`, then the row saved. A resume
	 * requires the row to be still waiting, as n8n's `ActiveExecutions.add` updates it only with
	 * `requireStatus: 'waiting'` (active-executions.js:90-93), so two answers never both resume.
	 */
	private runExecution(id: string, mode: WorkflowExecuteMode, workflow: Workflow, data: IRunExecutionData): Promise<void> {
		const previous = this.executions.get(id);
		if (previous && previous.status !== 'waiting') {
			throw new OperationalError('Execution is already being resumed by another process', { extra: { executionId: id } });
		}
		this.executions.set(id, {
			id,
			mode,
			status: 'running',
			finished: false,
			data,
			workflowData: this.workflowData,
			waitTill: previous?.waitTill,
		});
		return this.execute(id, mode, workflow, data);
	}

	private async execute(id: string, mode: WorkflowExecuteMode, workflow: Workflow, data: IRunExecutionData) {
		const hooks = new ExecutionLifecycleHooks(mode, id, this.workflowData);
		const run: IRun = await executeRunExecutionData({
			workflow,
			workflowData: this.workflowData,
			mode,
			runExecutionData: data,
			additionalData: this.additionalData(id, { hooks }),
			hooks,
		});
		this.executions.set(id, {
			id,
			mode,
			status: run.status,
			finished: run.finished === true,
			waitTill: run.waitTill ?? null,
			data: stored(run.data),
			workflowData: this.workflowData,
		});
	}

	private isSendAndWaitRequest(workflow: Workflow, suffix: string | undefined): boolean {
		return (
			!!suffix &&
			Object.values(workflow.nodes).some((n) => n.id === suffix && n.parameters.operation === SEND_AND_WAIT_OPERATION)
		);
	}

	/** WaitingWebhooks.parseSignatureParam + validateSignature / validateToken. */
	private validate(req: WebhookRequest, sendAndWait: boolean): boolean {
		const url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
		let token = url.searchParams.get(WAITING_TOKEN_QUERY_PARAM) ?? undefined;
		if (token?.includes('/')) token = token.slice(0, token.indexOf('/'));
		if (!token || !sendAndWait) return false;
		url.searchParams.set(WAITING_TOKEN_QUERY_PARAM, token);
		return validateUrlSignature(token, url, Container.get(InstanceSettings).hmacSignatureSecret);
	}

	private async handleRequest(rawReq: http.IncomingMessage, rawRes: http.ServerResponse) {
		const req = toWebhookRequest(rawReq);
		const res = toWebhookResponse(rawRes);
		const chunks: Buffer[] = [];
		const end = res.end.bind(res) as (...args: unknown[]) => WebhookResponse;
		(res as { end: unknown }).end = (chunk?: unknown, ...rest: unknown[]) => {
			if (typeof chunk === 'string' || Buffer.isBuffer(chunk)) chunks.push(Buffer.from(chunk));
			return end(chunk, ...rest);
		};
		res.once('finish', () =>
			this.requests.push({
				method: req.method ?? '',
				url: req.originalUrl,
				status: res.statusCode,
				headers: res.getHeaders(),
				body: Buffer.concat(chunks).toString('utf8'),
			}),
		);
		const [prefix, executionId, suffix] = req.path.split('/').filter(Boolean);
		try {
			if (prefix !== ENDPOINTS.webhookWaiting || !executionId) throw new HttpResponseError(`Cannot ${req.method} ${req.path}`, 404);
			const response = await this.executeWaitingWebhook(req, res, executionId, suffix);
			if (response.noWebhookResponse !== true && !res.headersSent) res.status(200).json(response.webhookResponse);
		} catch (error) {
			sendErrorResponse(res, error as Error);
		}
	}

	/** WaitingWebhooks.executeWebhook + getWebhookExecutionData. */
	private async executeWaitingWebhook(
		req: WebhookRequest,
		res: WebhookResponse,
		executionId: string,
		suffix: string | undefined,
	): Promise<IWebhookResponseData> {
		const execution = this.executions.has(executionId) ? this.execution(executionId) : undefined;
		const page = (status: number, html: string): IWebhookResponseData => {
			if (!isFormHtmlSandboxingDisabled()) res.setHeader('Content-Security-Policy', getHtmlSandboxCSP());
			res.status(status).type('html').send(html);
			return { noWebhookResponse: true };
		};
		if (execution?.data.resumeToken) {
			const sendAndWait = this.isSendAndWaitRequest(this.createWorkflow(), suffix);
			if (!this.validate(req, sendAndWait)) {
				if (sendAndWait) return page(401, INVALID_LINK_PAGE);
				res.status(401).json({ error: 'Invalid token' });
				return { noWebhookResponse: true };
			}
		}
		if (!execution) throw new HttpResponseError(`The execution "${executionId}" does not exist.`, 404);
		if (execution.status === 'running') throw new HttpResponseError(`The execution "${executionId}" is running already.`, 409);
		if (execution.data.resultData.error) throw new HttpResponseError(`The execution "${executionId}" has finished with error.`, 409);
		if (execution.finished) {
			if (this.isSendAndWaitRequest(this.createWorkflow(), suffix)) return page(200, NO_ACTION_PAGE);
			throw new HttpResponseError(`The execution "${executionId} has finished already.`, 409);
		}

		// getWebhookExecutionData
		const data = execution.data;
		const lastNodeExecuted = data.resultData.lastNodeExecuted as string;
		const stackEntry = data.executionData!.nodeExecutionStack[0];
		stackEntry.node.disabled = true;
		data.waitTill = undefined;
		if (stackEntry.node.type.endsWith('HitlTool')) stackEntry.node.rewireOutputLogTo = NodeConnectionTypes.AiTool;
		const runs = data.resultData.runData[lastNodeExecuted];
		const popped = runs.pop(); // preserveInputOverride
		if (popped?.inputOverride) {
			runs.push({ startTime: 0, executionTime: 0, executionIndex: 0, source: popped.source, inputOverride: popped.inputOverride });
		}
		const workflow = this.createWorkflow();
		const startNode = workflow.getNode(lastNodeExecuted);
		if (!startNode) throw new HttpResponseError('Could not find node to process webhook.', 404);
		const additionalData = this.additionalData(executionId, {
			httpRequest: req as unknown as IWorkflowExecuteAdditionalData['httpRequest'],
			httpResponse: res as unknown as IWorkflowExecuteAdditionalData['httpResponse'],
		});
		const webhookData = getNodeWebhooks(workflow, startNode, additionalData).find(
			(w) =>
				w.httpMethod === req.method &&
				w.path === (suffix ?? '') &&
				w.webhookDescription.restartWebhook === true &&
				(w.webhookDescription.nodeType === 'form') === false,
		);
		if (!webhookData) {
			if (this.isSendAndWaitRequest(workflow, suffix)) return page(200, NO_ACTION_PAGE);
			throw new HttpResponseError(`The workflow for execution "${executionId}" does not contain a waiting webhook with a matching path/method.`, 404);
		}

		// WebhookHelpers.executeWebhook
		await parseRequestBody(req, startNode, workflow, execution.mode, { $executionId: executionId });
		let result: IWebhookResponseData;
		try {
			result = await runWebhook(workflow, webhookData, startNode, additionalData, execution.mode, data);
		} catch (e) {
			const error = e as Error;
			res.status(500).json({ code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
			data.resultData = {
				...data.resultData,
				runData: {},
				lastNodeExecuted: startNode.name,
				error: { ...error, message: error.message, stack: error.stack } as ExecutionError,
			};
			result = { noWebhookResponse: true, workflowData: [[{ json: {} }]] };
		}
		if (result.workflowData === undefined) return result; // nothing resumes

		// prepareExecutionData (an executionId is given: the resuming node gets the webhook's data)
		stackEntry.data.main = result.workflowData;
		stackEntry.metadata = { ...stackEntry.metadata, forwardAllOutputs: true };
		if (execution.mode === 'manual') data.resultData.pinData = this.workflowData.pinData;
		const resumed = this.runExecution(executionId, execution.mode, workflow, data);
		this.pending.add(resumed);
		void resumed.finally(() => this.pending.delete(resumed));
		if (result.noWebhookResponse !== true && !res.headersSent) {
			res.status(200).json(extractOnReceivedResponse('', result));
		}
		return { noWebhookResponse: true };
	}
}
