/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * A mini n8n webhook host: a real node:http server (127.0.0.1, free port) hosting one
 * workflow with a webhook trigger node, doing what n8n 2.41.1 does with it.
 *
 * Activation (`ActiveWorkflowManager.addWebhooks`, mode 'trigger', activation 'activate'):
 *   the workflow's webhooks are registered (n8n's `webhook_entity` rows), then for each
 *   `checkExists` — and `create` when it answers false — runs on a `HookContext`; the
 *   workflow's static data is saved afterwards. A failure removes the webhooks again
 *   (`delete`) and activation fails.
 * Deactivation (`clearWebhooks`, mode 'internal', activation 'update'): `delete` for each
 *   webhook, static data saved, registrations removed.
 * Restart: n8n keeps the registrations (database), calls neither `checkExists` nor
 *   `create`, and starts from the saved static data.
 * Test mode (n8n's `TestWebhooks`, "Execute step" / "Listen for test event"): URLs under
 *   `/webhook-test/`, `checkExists`/`create` with mode and activation 'manual' on a workflow
 *   built with `active: false` and blank static data (n8n's `toWorkflow`), that static data
 *   kept with the registration (never saved), and `delete` (mode 'internal', activation
 *   'update', the registration's static data) once a request started an execution, or when
 *   listening is stopped (`DELETE /rest/test-webhook/:id`) or times out. A published workflow
 *   can be listened to at the same time (`listenForTestEvent`/`stopListening`): its production
 *   registrations and saved static data are untouched. A host started with `mode: 'manual'`
 *   only listens: `activate`/`deactivate` start and stop listening.
 *
 * A request (`LiveWebhooks.executeWebhook` + `WebhookHelpers.executeWebhook`):
 *   a new `Workflow` from the saved static data; the registered webhook for method+path
 *   (else 404 as n8n answers); the body parsed as n8n's `parseBody`; the node's
 *   `webhook()` on a `WebhookContext`; then, as n8n:
 *   - `webhook()` threw → 500 `Workflow Webhook Error: Workflow could not be started!` and
 *     an execution that fails at the trigger node;
 *   - `noWebhookResponse` → the node answered itself;
 *   - no `workflowData` → 200 with `webhookResponse`, or `{ message: 'Webhook call received' }`;
 *   - `workflowData` → the workflow runs from the trigger node (WorkflowExecute, mode
 *     'webhook'); `responseMode: 'onReceived'` answers once the run started, with the
 *     evaluated `responseData` (default `'firstEntryJson'`, sent as text — what n8n sends
 *     for a trigger whose webhook description has no `responseData`), else
 *     `webhookResponse`, else `{ message: 'Workflow was started' }`. Other response modes
 *     (lastNode, responseNode…) are refused: the IO Phone Trigger answers on receipt.
 *   Static data changed by `webhook()` is saved when the request is answered; static data
 *   changed by the run is saved when the run ends (not in test mode).
 */
import { ExecutionLifecycleHooks, HookContext, getHtmlSandboxCSP, isWebhookHtmlSandboxingDisabled } from 'n8n-core';
import {
	OperationalError,
	UnexpectedError,
	Workflow,
	createRunExecutionData,
	deepCopy,
} from 'n8n-workflow';
import type {
	ExecutionError,
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestMethods,
	INode,
	IRun,
	IRunExecutionData,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowBase,
	IWorkflowDataProxyAdditionalKeys,
	IWorkflowExecuteAdditionalData,
	WebhookType,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { createAdditionalData, ENDPOINTS } from './additional-data';
import { CredentialsHelper } from './credentials-helper';
import {
	HttpResponseError,
	parseBody,
	sendErrorResponse,
	toWebhookRequest,
	toWebhookResponse,
} from './http-adapter';
import type { WebhookRequest, WebhookResponse } from './http-adapter';
import { installLogger } from './logging';
import { getDefaultPackage } from './package-loader';
import type { LoadedPackage } from './package-loader';
import { executeRunExecutionData, nextExecutionId, savedWorkflow } from './run-workflow';
import type { WorkflowJson } from './run-workflow';
import {
	WebhookExecutionContext,
	createWebhookIfNotExists,
	deleteWebhook,
	evaluateResponseOptions,
	extractOnReceivedResponse,
	getNodeWebhooks,
	getWorkflowWebhooks,
	runWebhook,
} from './webhooks';
import type { HookCall } from './webhooks';

export type { HookCall } from './webhooks';

export interface TriggerHostOptions {
	workflow: WorkflowJson;
	/** The webhook trigger node (must be in `workflow.nodes`). */
	triggerNodeName: string;
	/** Credential data by credential type name; every node declaring the type gets it. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	credentialsHelper?: CredentialsHelper;
	/** The workflow's saved static data to start from. */
	staticData?: IDataObject;
	pkg?: LoadedPackage;
	/** `'trigger'`: production URLs `/webhook/…` (default); `'manual'`: test URLs `/webhook-test/…`. */
	mode?: 'trigger' | 'manual';
	/** Listen on this port (default: a free one). */
	port?: number;
}

export interface HostedExecution {
	executionId: string;
	mode: WorkflowExecuteMode;
	startedAt: number;
	run: IRun;
}

export interface HostedRequest {
	method: string;
	path: string;
	status: number;
	/** The answer: parsed JSON when it is JSON, else the text ('' when empty). */
	body: unknown;
	headers: http.OutgoingHttpHeaders;
	/** Id of the execution this request started, if any. */
	executionId?: string;
}

interface Registration {
	/** A test webhook (`/webhook-test/…`). */
	test: boolean;
	httpMethod: IHttpRequestMethods;
	path: string;
	node: string;
	webhookId?: string;
}

type ResponseData =
	| { kind: 'noResponse' }
	| { kind: 'static'; body: unknown; code?: number; headers?: Record<string, string> }
	| { kind: 'legacy'; data: unknown; responseCode?: number; headers?: IDataObject };

type ResponseCallback = (error: Error | null, data?: ResponseData) => void;


/** JSON round trip, as n8n stores static data in a JSON column (drops `__dataChanged`). */
const persistable = (data: IDataObject): IDataObject => JSON.parse(JSON.stringify(data ?? {})) as IDataObject;

export class TriggerHost {
	readonly baseUrl: string;

	readonly mode: 'trigger' | 'manual';

	readonly credentialsHelper: CredentialsHelper;

	/** The workflow's saved static data (test mode: the test registration's static data). */
	staticData: IDataObject;

	/** Every execution started by a webhook request, in start order, once it finished. */
	readonly executions: HostedExecution[] = [];

	/** Every HTTP request to the host and what it answered, in order of answer. */
	readonly requests: HostedRequest[] = [];

	/** Every `webhookMethods` call (checkExists/create/delete), in order. */
	readonly hookCalls: HookCall[] = [];

	/** How many times `restart()` ran. */
	restarts = 0;

	private registrations: Registration[] = [];

	private testRegistrations: Registration[] = [];

	private testStaticData: IDataObject | undefined;

	private readonly pending = new Set<Promise<unknown>>();

	private readonly listeners = new Set<() => void>();

	private readonly workflowData: IWorkflowBase;

	private constructor(
		private readonly server: http.Server,
		private readonly pkg: LoadedPackage,
		private readonly triggerNodeName: string,
		options: TriggerHostOptions,
		workflowData: IWorkflowBase,
		credentialsHelper: CredentialsHelper,
	) {
		const { port } = server.address() as AddressInfo;
		this.baseUrl = `http://127.0.0.1:${port}`;
		this.mode = options.mode ?? 'trigger';
		this.credentialsHelper = credentialsHelper;
		this.staticData = persistable(options.staticData ?? {});
		this.workflowData = workflowData;
	}

	static async start(options: TriggerHostOptions): Promise<TriggerHost> {
		const pkg = options.pkg ?? getDefaultPackage();
		const credentialsHelper = options.credentialsHelper ?? new CredentialsHelper(pkg.credentialTypes);
		const workflowData = await savedWorkflow(options.workflow, 'Harness trigger workflow', options.credentials, credentialsHelper, pkg);
		const { nodes } = workflowData;
		if (!nodes.some((node) => node.name === options.triggerNodeName)) throw new Error(`Trigger node "${options.triggerNodeName}" is not in the workflow`);
		// n8n gives every webhook node a webhookId when it is added to a workflow.
		for (const node of nodes) {
			const description = pkg.nodeTypes.getByNameAndVersion(node.type, node.typeVersion).description;
			if (description.webhooks?.length && !node.webhookId) node.webhookId = randomUUID();
		}

		let host: TriggerHost | undefined;
		const server = http.createServer((req, res) => {
			if (!host) {
				res.statusCode = 503;
				res.end('n8n is starting up');
				return;
			}
			host.track(host.handleRequest(req, res));
		});
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
		});
		host = new TriggerHost(server, pkg, options.triggerNodeName, options, workflowData, credentialsHelper);
		return host;
	}

	/** Published: production webhooks registered. A `mode: 'manual'` host: listening. */
	get isActive(): boolean {
		return this.mode === 'manual' ? this.isListening : this.registrations.length > 0;
	}

	/** Test webhooks registered ("Listen for test event" in progress). */
	get isListening(): boolean {
		return this.testRegistrations.length > 0;
	}

	/** The workflow JSON hosted (with webhookIds and credential references filled in). */
	get workflow(): IWorkflowBase {
		return this.workflowData;
	}

	/** What the trigger node's `this.getNodeWebhookUrl(name)` gives (the test URL when `test`). */
	webhookUrl(name = 'default', test = this.mode === 'manual'): string {
		const workflow = this.buildWorkflow(this.staticData);
		const node = workflow.getNode(this.triggerNodeName)!;
		const webhookData = getNodeWebhooks(workflow, node, this.additionalData()).find(
			(w) => w.webhookDescription.name === name,
		);
		if (webhookData && test) webhookData.isTest = true;
		const context = new HookContext(
			workflow,
			node,
			this.additionalData(),
			test ? 'manual' : 'trigger',
			test ? 'manual' : 'activate',
			webhookData,
		);
		const url = context.getNodeWebhookUrl(name as WebhookType);
		if (!url) throw new Error(`Node "${this.triggerNodeName}" has no webhook named "${name}"`);
		return url;
	}

	// ---- lifecycle ---------------------------------------------------------------------

	async activate(): Promise<void> {
		if (this.mode === 'manual') return await this.listenForTestEvent();
		if (this.isActive) return;

		const workflow = this.buildWorkflow(this.staticData, true);
		const additionalData = this.additionalData();
		const webhooks = getWorkflowWebhooks(workflow, additionalData, true);
		if (webhooks.length === 0) {
			throw new OperationalError(
				`Workflow "${workflow.name}" has no node to start the workflow - at least one trigger, poller or webhook node is required`,
			);
		}
		for (const webhookData of webhooks) {
			this.registrations.push(this.toRegistration(workflow, webhookData));
			try {
				await createWebhookIfNotExists(workflow, webhookData, 'trigger', 'activate', this.onHookCall);
			} catch (e) {
				const error = e as Error & { detail?: string };
				try {
					await this.clearWebhooks();
				} catch (error1) {
					installLogger().error(
						`Could not remove webhooks of workflow "${workflow.id}" because of error: "${(error1 as Error).message}"`,
					);
				}
				if (error.detail) error.message = error.detail;
				throw error;
			}
		}
		this.saveStaticData(workflow);
		this.workflowData.active = true;
	}

	async deactivate(): Promise<void> {
		if (this.mode === 'manual') return await this.stopListening();
		try {
			await this.clearWebhooks();
		} catch (error) {
			installLogger().error(
				`Could not remove webhooks of workflow "${this.workflowData.id}" because of error: "${(error as Error).message}"`,
			);
			this.registrations = [];
		}
		this.workflowData.active = false;
	}

	/**
	 * An n8n restart: running executions finish, the in-memory state goes, the saved
	 * static data and (production) webhook registrations stay; no webhook method runs.
	 */
	async restart(): Promise<void> {
		await this.idle();
		this.staticData = persistable(this.staticData);
		// Test webhooks live in n8n's cache, which a restart empties without calling `delete`.
		this.testRegistrations = [];
		this.testStaticData = undefined;
		this.restarts += 1;
	}

	/** Resolves once `n` executions have finished (fails after `timeoutMs`). */
	async waitForExecutions(n: number, timeoutMs = 10_000): Promise<HostedExecution[]> {
		if (this.executions.length >= n) return this.executions.slice(0, n);
		return await new Promise<HostedExecution[]>((resolve, reject) => {
			const check = () => {
				if (this.executions.length >= n) {
					clearTimeout(timer);
					this.listeners.delete(check);
					resolve(this.executions.slice(0, n));
				}
			};
			const timer = setTimeout(() => {
				this.listeners.delete(check);
				reject(
					new Error(
						`Timed out after ${timeoutMs} ms waiting for ${n} execution(s); ${this.executions.length} finished, ${this.requests.length} request(s) answered`,
					),
				);
			}, timeoutMs);
			this.listeners.add(check);
		});
	}

	/** Resolves when no request and no execution is in progress. */
	async idle(): Promise<void> {
		while (this.pending.size > 0) {
			await Promise.allSettled([...this.pending]);
		}
	}

	async close(): Promise<void> {
		await this.idle();
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}

	// ---- internals ---------------------------------------------------------------------

	private readonly onHookCall = (call: HookCall) => {
		this.hookCalls.push(call);
	};

	private track<T>(promise: Promise<T>): Promise<T> {
		this.pending.add(promise);
		void promise.finally(() => this.pending.delete(promise)).catch(() => {});
		return promise;
	}

	private notify() {
		for (const listener of [...this.listeners]) listener();
	}

	private buildWorkflow(staticData: IDataObject, active = this.workflowData.active): Workflow {
		return new Workflow({
			id: this.workflowData.id,
			name: this.workflowData.name,
			nodes: deepCopy(this.workflowData.nodes),
			connections: this.workflowData.connections,
			active,
			nodeTypes: this.pkg.nodeTypes,
			staticData: persistable(staticData),
			settings: this.workflowData.settings,
		});
	}

	/** `WorkflowStaticDataService.saveStaticData`: save when the workflow's static data changed. */
	private saveStaticData(workflow: Workflow) {
		if (workflow.staticData.__dataChanged === true) {
			this.staticData = persistable(workflow.staticData);
			workflow.staticData.__dataChanged = false;
		}
	}

	private additionalData(extra: Partial<IWorkflowExecuteAdditionalData> = {}): IWorkflowExecuteAdditionalData {
		return Object.assign(
			createAdditionalData({
				credentialsHelper: this.credentialsHelper,
				baseUrl: this.baseUrl,
				workflowId: this.workflowData.id,
			}),
			extra,
		);
	}

	private toRegistration(workflow: Workflow, webhookData: IWebhookData): Registration {
		let path = webhookData.path;
		if (path.startsWith('/')) path = path.slice(1);
		if (path.endsWith('/')) path = path.slice(0, -1);
		const node = workflow.getNode(webhookData.node);
		return {
			test: webhookData.isTest === true,
			httpMethod: webhookData.httpMethod,
			path,
			node: webhookData.node,
			webhookId: node?.webhookId,
		};
	}

	private async clearWebhooks(): Promise<void> {
		const workflow = this.buildWorkflow(this.staticData, true);
		for (const webhookData of getWorkflowWebhooks(workflow, this.additionalData(), true)) {
			await deleteWebhook(workflow, webhookData, 'internal', 'update', this.onHookCall);
		}
		this.saveStaticData(workflow);
		this.registrations = [];
	}

	/**
	 * `TestWebhooks.needsWebhook`: what "Execute step" on the trigger does. The workflow is built
	 * with `active: false` and blank static data, whether or not it is published.
	 */
	async listenForTestEvent(): Promise<void> {
		if (this.isListening) return;
		const workflow = this.buildWorkflow({}, false);
		const webhooks = getWorkflowWebhooks(workflow, this.additionalData(), true).filter(
			(w) => w.webhookDescription.restartWebhook !== true,
		);
		if (webhooks.length === 0) throw new OperationalError('The workflow has no webhook to listen to');
		for (const webhookData of webhooks) {
			webhookData.isTest = true;
			this.testRegistrations.push(this.toRegistration(workflow, webhookData));
			try {
				await createWebhookIfNotExists(workflow, webhookData, 'manual', 'manual', this.onHookCall);
				this.testStaticData = workflow.staticData;
				if (this.mode === 'manual') this.staticData = persistable(workflow.staticData);
			} catch (error) {
				await this.stopListening();
				throw error;
			}
		}
	}

	/** `TestWebhooks.deactivateWebhooks`: listening ends (an event started a run, Stop, or the timeout). */
	async stopListening(): Promise<void> {
		if (!this.isListening) return;
		const workflow = this.buildWorkflow({}, false);
		if (this.testStaticData) workflow.staticData = this.testStaticData;
		this.testRegistrations = [];
		for (const webhookData of getWorkflowWebhooks(workflow, this.additionalData(), true)) {
			webhookData.isTest = true;
			await deleteWebhook(workflow, webhookData, 'internal', 'update', this.onHookCall);
		}
		if (this.mode === 'manual') this.staticData = persistable(workflow.staticData);
		this.testStaticData = undefined;
	}

	/** `WebhookRequestHandler.handleRequest` + `LiveWebhooks`/`TestWebhooks.executeWebhook`. */
	private async handleRequest(rawReq: http.IncomingMessage, rawRes: http.ServerResponse): Promise<void> {
		const req = toWebhookRequest(rawReq);
		const res = toWebhookResponse(rawRes);
		const record: HostedRequest = { method: req.method ?? 'GET', path: req.path, status: 0, body: '', headers: {} };
		this.captureResponse(res, record);

		const livePrefix = `/${ENDPOINTS.webhook}/`;
		const testPrefix = `/${ENDPOINTS.webhookTest}/`;
		const isTestRequest = req.path.startsWith(testPrefix);
		if (!req.path.startsWith(livePrefix) && !isTestRequest) {
			res.status(404).type('html').send(`Cannot ${req.method} ${req.path}`);
			return;
		}

		const method = (req.method ?? 'GET') as IHttpRequestMethods;
		let path = req.path.slice((isTestRequest ? testPrefix : livePrefix).length);
		if (path.endsWith('/')) path = path.slice(0, -1);
		const registrations = isTestRequest ? this.testRegistrations : this.registrations;

		try {
			// Only static paths: the nodes hosted here have no `:param` webhook paths.
			const registration = registrations.find((r) => r.httpMethod === method && r.path === path);
			if (!registration) {
				const webhookMethods = registrations.filter((r) => r.path === path).map((r) => r.httpMethod);
				throw webhookNotFoundError(path, method, webhookMethods, isTestRequest ? 'default' : 'production');
			}
			installLogger().debug(`Received webhook "${method}" for path "${path}"`);
			const response = await this.executeWebhookRequest(req, res, registration, record);
			this.sendResponse(res, response);
		} catch (e) {
			const error = e as Error;
			if (error instanceof HttpResponseError && error.httpStatusCode === 404) {
				installLogger().error(`Received request for unknown webhook: ${error.message}`);
			} else {
				installLogger().error(`Error in handling webhook request ${method} ${req.path}: ${error.message}`, {
					error,
				});
			}
			sendErrorResponse(res, error);
		}
	}

	private captureResponse(res: WebhookResponse, record: HostedRequest) {
		const chunks: Buffer[] = [];
		const end = res.end.bind(res) as (...args: unknown[]) => WebhookResponse;
		const keep = (chunk: unknown) => {
			if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
			chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
		};
		(res as { end: unknown }).end = (chunk?: unknown, ...rest: unknown[]) => {
			keep(chunk);
			return end(chunk, ...rest);
		};
		res.once('finish', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			let body: unknown = text;
			if (String(res.getHeader('content-type') ?? '').includes('json') && text) {
				try {
					body = JSON.parse(text);
				} catch {}
			}
			record.status = res.statusCode;
			record.body = body;
			record.headers = res.getHeaders();
			this.requests.push(record);
			this.notify();
		});
	}

	private sendResponse(res: WebhookResponse, response: ResponseData) {
		if (response.kind === 'noResponse') return;
		if (res.headersSent) return;
		const body = response.kind === 'static' ? response.body : response.data;
		const code = response.kind === 'static' ? response.code : response.responseCode;
		if (code !== undefined) res.status(code);
		// static responses, and legacy ones with headers, get n8n's sandbox CSP
		if (response.kind === 'static' || response.headers) {
			for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, String(value));
			if (!isWebhookHtmlSandboxingDisabled()) res.setHeader('Content-Security-Policy', getHtmlSandboxCSP());
		}
		if (typeof body === 'string') res.send(body);
		else res.json(body);
	}

	private async executeWebhookRequest(
		req: WebhookRequest,
		res: WebhookResponse,
		registration: Registration,
		record: HostedRequest,
	): Promise<ResponseData> {
		const isTest = registration.test;
		const workflow = this.buildWorkflow(isTest ? {} : this.staticData, isTest ? false : this.workflowData.active);
		if (isTest && this.testStaticData) workflow.staticData = this.testStaticData;
		const additionalData = this.additionalData();
		const startNode = workflow.getNode(registration.node);
		if (!startNode) throw new HttpResponseError('Could not find node to process webhook.', 404);
		const webhookData = getNodeWebhooks(workflow, startNode, additionalData).find(
			(w) => w.httpMethod === registration.httpMethod && w.path === registration.path,
		);
		if (!webhookData) throw new HttpResponseError('Could not find node to process webhook.', 404);
		if (isTest) webhookData.isTest = true;

		const executionMode: WorkflowExecuteMode = isTest ? 'manual' : 'webhook';
		const response = await new Promise<ResponseData>((resolve, reject) => {
			void this.executeWebhook(workflow, webhookData, startNode, executionMode, req, res, record, (error, data) => {
				if (error !== null) return reject(error);
				if (!isTest) this.saveStaticData(workflow);
				resolve(data ?? { kind: 'noResponse' });
			}).catch(reject);
		});
		return response;
	}

	/** `WebhookHelpers.executeWebhook` (n8n 2.41.1) for the response modes the harness hosts. */
	private async executeWebhook(
		workflow: Workflow,
		webhookData: IWebhookData,
		workflowStartNode: INode,
		executionMode: WorkflowExecuteMode,
		req: WebhookRequest,
		res: WebhookResponse,
		record: HostedRequest,
		responseCallback: ResponseCallback,
	): Promise<void> {
		const additionalKeys: IWorkflowDataProxyAdditionalKeys = { $executionId: undefined };
		const context = new WebhookExecutionContext(workflow, workflowStartNode, webhookData, executionMode, additionalKeys);
		const additionalData = this.additionalData({
			httpRequest: req as unknown as IWorkflowExecuteAdditionalData['httpRequest'],
			httpResponse: res as unknown as IWorkflowExecuteAdditionalData['httpResponse'],
		});
		const { responseMode, responseCode } = evaluateResponseOptions(context);

		if (responseMode !== 'onReceived') {
			responseCallback(new UnexpectedError(`The test harness does not host response mode '${responseMode}'`));
			return;
		}

		let didSendResponse = false;
		const respond: ResponseCallback = (error, data) => {
			didSendResponse = true;
			responseCallback(error, data);
		};
		try {
			await parseRequestBody(req, workflowStartNode, workflow, executionMode, additionalKeys);

			let runExecutionDataMerge: Partial<IRunExecutionData> = {};
			let webhookResultData: IWebhookResponseData;
			try {
				webhookResultData = await runWebhook(workflow, webhookData, workflowStartNode, additionalData, executionMode, null);
			} catch (e) {
				const err = e as Error;
				installLogger().error(err.message, { error: err, nodeName: workflowStartNode.name });
				respond(new UnexpectedError('Workflow Webhook Error: Workflow could not be started!'));
				runExecutionDataMerge = {
					resultData: {
						runData: {},
						lastNodeExecuted: workflowStartNode.name,
						error: { ...err, message: err.message, stack: err.stack } as ExecutionError,
					},
				};
				webhookResultData = { noWebhookResponse: true, workflowData: [[{ json: {} }]] };
			}

			if (webhookResultData.noWebhookResponse === true && !didSendResponse) {
				respond(null, { kind: 'noResponse' });
			}
			if (webhookResultData.workflowData === undefined) {
				if (!didSendResponse) {
					respond(null, {
						kind: 'legacy',
						data:
							webhookResultData.webhookResponse !== undefined
								? webhookResultData.webhookResponse
								: { message: 'Webhook call received' },
						responseCode,
					});
				}
				return;
			}

			const shouldDeferOnReceivedResponse = responseMode === 'onReceived' && !didSendResponse;

			// prepareExecutionData
			const runExecutionData = createRunExecutionData({
				executionData: {
					nodeExecutionStack: [
						{ node: workflowStartNode, data: { main: webhookResultData.workflowData }, source: null },
					],
				},
			});
			Object.assign(runExecutionData, runExecutionDataMerge);

			const { executionId } = this.startExecution(runExecutionData, executionMode);
			record.executionId = executionId;

			if (shouldDeferOnReceivedResponse) {
				additionalKeys.$executionId = executionId;
				additionalKeys.$execution = {
					id: executionId,
					mode: executionMode === 'manual' ? 'test' : 'production',
					resumeUrl: `${additionalData.webhookWaitingBaseUrl}/${executionId}`,
					resumeFormUrl: `${additionalData.formWaitingBaseUrl}/${executionId}`,
				};
				const evaluated = context.evaluate('responseData', 'firstEntryJson', true);
				respond(null, {
					kind: 'static',
					body: extractOnReceivedResponse(evaluated, webhookResultData),
					code: responseCode,
				});
			}

			if (executionMode === 'manual') {
				// A test webhook serves one call that starts an execution.
				this.track(this.stopListening());
			}

		} catch (e) {
			const error =
				e instanceof HttpResponseError && e.httpStatusCode < 500
					? e
					: new OperationalError('There was a problem executing the workflow', { cause: e });
			if (didSendResponse) throw error;
			respond(error);
		}
	}

	/** `WorkflowRunner.run`: a new execution of the saved workflow, in the background. */
	private startExecution(
		runExecutionData: IRunExecutionData,
		mode: WorkflowExecuteMode,
	): { executionId: string; done: Promise<IRun> } {
		const executionId = nextExecutionId();
		const startedAt = Date.now();
		const staticData = mode === 'manual' ? {} : this.staticData; // loaded from the database
		const workflow = this.buildWorkflow(staticData);
		if (mode === 'manual' && this.testStaticData) workflow.setTestStaticData(this.testStaticData);
		const hooks = new ExecutionLifecycleHooks(mode, executionId, this.workflowData);
		hooks.addHandler('workflowExecuteAfter', (_run, newStaticData) => {
			// hookFunctionsSave: not in manual mode, only when the run changed it.
			if (mode !== 'manual' && newStaticData) this.staticData = persistable(newStaticData);
		});
		const additionalData = this.additionalData({ hooks, executionId });

		const done = executeRunExecutionData({
			workflow,
			workflowData: this.workflowData,
			mode,
			runExecutionData,
			additionalData,
			hooks,
		}).then((run) => {
			this.executions.push({ executionId, mode, startedAt, run });
			// in start order (execution ids increase)
			this.executions.sort((a, b) => Number(a.executionId) - Number(b.executionId));
			this.notify();
			return run;
		});
		this.track(done);
		return { executionId, done };
	}
}

function webhookNotFoundError(
	path: string,
	httpMethod: string,
	webhookMethods: string[],
	hint: 'default' | 'production',
): HttpResponseError {
	let message: string;
	if (webhookMethods.length && httpMethod) {
		const methods =
			webhookMethods.length === 1
				? webhookMethods[0]
				: `${webhookMethods.slice(0, -1).join(', ')} or ${webhookMethods.at(-1)}`;
		message = `This webhook is not registered for ${httpMethod} requests. Did you mean to make a ${methods} request?`;
	} else {
		message = `The requested webhook "${httpMethod} ${path}" is not registered.`;
	}
	let hintMessage: string | undefined;
	if (!webhookMethods.length) {
		hintMessage =
			hint === 'default'
				? "Click the 'Execute workflow' button on the canvas, then try again. (In test mode, the webhook only works for one call after you click this button)"
				: "The workflow must be active for a production URL to run successfully. You can activate the workflow using the toggle in the top-right of the editor. Note that unlike test URL calls, production URL calls aren't shown on the canvas (only in the executions list)";
	}
	return new HttpResponseError(message, 404, 404, hintMessage);
}

/** n8n's `parseRequestBody` (webhook-helpers): version-1 nodes always, later ones for parsable types. */
export async function parseRequestBody(
	req: WebhookRequest,
	node: INode,
	workflow: Workflow,
	mode: WorkflowExecuteMode,
	additionalKeys: IWorkflowDataProxyAdditionalKeys,
): Promise<void> {
	if (node.typeVersion === 1) {
		const binaryData = workflow.expression.getSimpleParameterValue(
			node,
			'={{$parameter["options"]["binaryData"]}}',
			mode,
			additionalKeys,
			undefined,
			false,
		);
		if (binaryData) return;
	}
	const { contentType } = req;
	const parsable =
		!!contentType &&
		(contentType.startsWith('application/json') ||
			contentType.startsWith('text/plain') ||
			contentType.startsWith('application/x-www-form-urlencoded') ||
			contentType.endsWith('/xml') ||
			contentType.endsWith('+xml'));
	if (node.typeVersion > 1 && !parsable) return;
	await parseBody(req);
}
