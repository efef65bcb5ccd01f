/**
 * n8n's HTTP APIs without a browser: the editor's REST API (session cookie) for owner setup,
 * API keys and the credential test; the public API (X-N8N-API-KEY) for everything else.
 */
import { randomUUID } from 'node:crypto';

export interface HttpResult<T = unknown> {
	status: number;
	/** Parsed JSON, or undefined when the body is not JSON. */
	json: T;
	/** The body as received. */
	text: string;
}

export interface Owner {
	email: string;
	firstName: string;
	lastName: string;
	password: string;
}

export interface WorkflowDefinition {
	name: string;
	nodes: Array<Record<string, unknown>>;
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

export interface ExecutionSummary {
	id: string;
	status: string;
	finished?: boolean;
	mode?: string;
	workflowId: string;
	startedAt?: string;
	stoppedAt?: string;
	data?: ExecutionData;
}

export interface ExecutionData {
	resultData: {
		runData: Record<string, Array<{ data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> }; error?: unknown }>>;
		error?: { message?: string };
		lastNodeExecuted?: string;
	};
}

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

const REQUEST_TIMEOUT_MS = 30_000;

export class N8nApi {
	private cookie = '';
	private apiKey = '';
	/** n8n binds the session cookie to this header's value. */
	private readonly browserId = randomUUID();

	/**
	 * `major`: n8n's major version (1.x says activate/deactivate where 2.x says publish/unpublish);
	 * `version`: the whole version, where an older 1.x differs from the latest.
	 */
	constructor(
		readonly baseUrl: string,
		readonly major = 2,
		readonly version = `${major}`,
	) {}

	/** Editor REST call (`/rest…`) with the session cookie. */
	async rest<T = unknown>(method: string, path: string, body?: unknown): Promise<HttpResult<T>> {
		return await this.request<T>(method, `/rest${path}`, body, {
			'browser-id': this.browserId,
			...(this.cookie ? { cookie: this.cookie } : {}),
		});
	}

	/** A file the editor loads with the session cookie, such as `/types/nodes.json`. */
	async editorFile<T = unknown>(path: string): Promise<HttpResult<T>> {
		return await this.request<T>('GET', path, undefined, {
			'browser-id': this.browserId,
			...(this.cookie ? { cookie: this.cookie } : {}),
		});
	}

	/** Public API call (`/api/v1…`) with the API key. */
	async public<T = unknown>(method: string, path: string, body?: unknown): Promise<HttpResult<T>> {
		if (!this.apiKey) throw new Error('No API key yet: call createApiKey() first');
		return await this.request<T>(method, `/api/v1${path}`, body, { 'x-n8n-api-key': this.apiKey });
	}

	/** POST /rest/owner/setup on a fresh instance; keeps the session cookie. */
	async setupOwner(owner: Owner): Promise<void> {
		const res = await this.rest('POST', '/owner/setup', owner);
		expectOk(res, 'owner setup');
	}

	/** POST /rest/login (after a restart, or on an instance set up earlier). */
	async login(email: string, password: string): Promise<void> {
		const res = await this.rest('POST', '/login', { emailOrLdapLoginId: email, password });
		expectOk(res, 'login');
	}

	/** An API key with every scope the owner may grant; used for all later public API calls. */
	async createApiKey(label = `e2e-${Date.now()}`): Promise<string> {
		const scopes = await this.rest<{ data: string[] }>('GET', '/api-keys/scopes');
		expectOk(scopes, 'list API key scopes');
		const res = await this.rest<{ data: { rawApiKey: string } }>('POST', '/api-keys', {
			label,
			scopes: scopes.json.data,
			expiresAt: null,
		});
		expectOk(res, 'create API key');
		this.apiKey = res.json.data.rawApiKey;
		return this.apiKey;
	}

	useApiKey(apiKey: string): void {
		this.apiKey = apiKey;
	}

	async createCredential(name: string, type: string, data: Record<string, unknown>): Promise<{ id: string; name: string }> {
		// Some n8n versions (1.123.81, not 1.104.2 nor 2.41.1 for this type) add an HTTP-request domain
		// restriction field to every credential type, and their public API then requires it: ask the schema.
		const schema = await this.public<{ properties?: Record<string, unknown> }>('GET', `/credentials/schema/${type}`);
		expectOk(schema, `credential schema ${type}`);
		const restrictsDomains = 'allowedHttpRequestDomains' in (schema.json.properties ?? {});
		const body = { name, type, data: restrictsDomains ? { allowedHttpRequestDomains: 'all', ...data } : data };
		const res = await this.public<{ id: string; name: string }>('POST', '/credentials', body);
		expectOk(res, `create credential ${name}`);
		return res.json;
	}

	/** Creates the workflow (inactive) from the fields the public API accepts. */
	async createWorkflow(workflow: WorkflowDefinition): Promise<{ id: string; webhookIds: string[] }> {
		const { name, nodes, connections, settings, staticData } = workflow;
		const res = await this.public<{ id: string }>('POST', '/workflows', {
			name,
			nodes,
			connections,
			settings: settings ?? { executionOrder: 'v1' },
			...(staticData ? { staticData } : {}),
		});
		expectOk(res, `create workflow ${name}`);
		return { id: res.json.id, webhookIds: nodes.map((n) => n.webhookId as string).filter(Boolean) };
	}

	/**
	 * Saves new nodes into a workflow (PUT). A published workflow is published again with them, as
	 * n8n 2.x's public API does by default and 1.x does for an active workflow.
	 */
	async updateWorkflow(id: string, workflow: WorkflowDefinition): Promise<HttpResult> {
		const { name, nodes, connections, settings } = workflow;
		return await this.public('PUT', `/workflows/${id}`, { name, nodes, connections, settings: settings ?? { executionOrder: 'v1' } });
	}

	/** Publish (called "activate" in n8n 1.x). Returns before the webhooks are registered. */
	async publishWorkflow(id: string): Promise<HttpResult> {
		return await this.workflowAction(id, 'publish', 'activate', {});
	}

	/** Unpublish (called "deactivate" in n8n 1.x); n8n calls the trigger's webhook `delete`. */
	async unpublishWorkflow(id: string): Promise<HttpResult> {
		return await this.workflowAction(id, 'unpublish', 'deactivate');
	}

	/** n8n 1.x and early 2.x (2.6.4) have only the 1.x name; a route n8n lacks answers 404 or 405. */
	private async workflowAction(id: string, action: string, oneXName: string, body?: unknown): Promise<HttpResult> {
		if (this.major !== 1) {
			const res = await this.public('POST', `/workflows/${id}/${action}`, body);
			if (res.status !== 404 && res.status !== 405) return res;
		}
		return await this.public('POST', `/workflows/${id}/${oneXName}`, body);
	}

	/**
	 * "Execute step" on a trigger, as the editor sends it (n8n 2.x: POST /rest/workflows/:id/run,
	 * which runs the saved workflow; 1.x: the editor also sends the workflow itself). n8n answers
	 * `{ waitingForWebhook: true }` once the trigger's test webhook is created.
	 */
	async listenForTestEvent(workflowId: string, triggerName: string): Promise<HttpResult<{ data: Record<string, unknown> }>> {
		const [major, minor] = this.version.split('.').map(Number);
		// n8n before 1.123.0 takes the destination as the node's name.
		const namedDestination = major === 1 && minor < 123;
		const body: Record<string, unknown> = {
			triggerToStartFrom: { name: triggerName },
			destinationNode: namedDestination ? triggerName : { nodeName: triggerName, mode: 'inclusive' },
		};
		if (this.major === 1) body.workflowData = (await this.getWorkflow(workflowId)).json;
		const res = await this.rest<{ data: Record<string, unknown> }>('POST', `/workflows/${workflowId}/run`, body);
		expectOk(res, 'listen for test event');
		return res;
	}

	/** The editor's "Stop listening": DELETE /rest/test-webhook/:workflowId (n8n calls the trigger's delete). */
	async stopListening(workflowId: string): Promise<HttpResult> {
		const res = await this.rest('DELETE', `/test-webhook/${workflowId}`);
		expectOk(res, 'stop listening');
		return res;
	}

	async getWorkflow(id: string): Promise<HttpResult<Record<string, unknown>>> {
		return await this.public('GET', `/workflows/${id}`);
	}

	/** Newest first. */
	async listExecutions(workflowId: string, includeData = false): Promise<ExecutionSummary[]> {
		const res = await this.public<{ data: ExecutionSummary[] }>(
			'GET',
			`/executions?workflowId=${encodeURIComponent(workflowId)}&includeData=${includeData}&limit=100`,
		);
		expectOk(res, 'list executions');
		return await this.withStatus(res.json.data);
	}

	/**
	 * Every execution of a workflow, newest first, through the public API's cursor pagination
	 * (`limit` up to 250 a page, `nextCursor` until null). `status` filters (success, error, …).
	 */
	async listAllExecutions(
		workflowId: string,
		options: { status?: string; includeData?: boolean; pageSize?: number; maxPages?: number } = {},
	): Promise<ExecutionSummary[]> {
		const { status, includeData = false, pageSize = 250, maxPages = 1000 } = options;
		const all: ExecutionSummary[] = [];
		let cursor: string | undefined;
		for (let page = 0; page < maxPages; page++) {
			const query = new URLSearchParams({ workflowId, includeData: String(includeData), limit: String(pageSize) });
			if (status) query.set('status', status);
			if (cursor) query.set('cursor', cursor);
			const res = await this.public<{ data: ExecutionSummary[]; nextCursor?: string | null }>('GET', `/executions?${query}`);
			expectOk(res, 'list executions');
			all.push(...(await this.withStatus(res.json.data)));
			cursor = res.json.nextCursor ?? undefined;
			if (!cursor || res.json.data.length === 0) return all;
		}
		throw new Error(`More than ${maxPages} pages of executions for workflow ${workflowId}`);
	}

	/** Older n8n (1.104.2) lists executions without their status; each one read alone has it. */
	private async withStatus(list: ExecutionSummary[]): Promise<ExecutionSummary[]> {
		return await Promise.all(
			list.map(async (execution) => {
				if (execution.status !== undefined) return execution;
				const res = await this.public<ExecutionSummary>('GET', `/executions/${execution.id}`);
				expectOk(res, `get execution ${execution.id}`);
				return { ...execution, status: res.json.status };
			}),
		);
	}

	/** GET /api/v1/executions/{id}?includeData=true, parsed and raw. */
	async getExecution(id: string): Promise<HttpResult<ExecutionSummary>> {
		const res = await this.public<ExecutionSummary>('GET', `/executions/${id}?includeData=true`);
		expectOk(res, `get execution ${id}`);
		return res;
	}

	/**
	 * What the editor's credential "Test" button calls: POST /rest/credentials/test with the form's
	 * data. Without `data`, sends what the editor's form holds for the saved credential: the data of
	 * GET /rest/credentials/{id}?includeData=true (secrets redacted; n8n restores them server-side).
	 */
	async testCredential(id: string, data?: Record<string, unknown>): Promise<CredentialTestResult> {
		const stored = await this.rest<{ data: { id: string; name: string; type: string; data: Record<string, unknown> } }>(
			'GET',
			`/credentials/${id}?includeData=true`,
		);
		expectOk(stored, `read credential ${id}`);
		const { name, type } = stored.json.data;
		const res = await this.rest<{ data: CredentialTestResult }>('POST', '/credentials/test', {
			credentials: { id, name, type, data: data ?? stored.json.data.data },
		});
		expectOk(res, 'credential test');
		return res.json.data;
	}

	private async request<T>(method: string, path: string, body: unknown, headers: Record<string, string>): Promise<HttpResult<T>> {
		const res = await fetch(`${this.baseUrl}${path}`, {
			method,
			headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
			body: body !== undefined ? JSON.stringify(body) : undefined,
			signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
		});
		const setCookie = res.headers.getSetCookie?.() ?? [];
		const auth = setCookie.map((c) => c.split(';')[0]).find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth;
		const text = await res.text();
		let json: unknown;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		return { status: res.status, json: json as T, text };
	}
}

export function expectOk(res: HttpResult, what: string): void {
	if (res.status < 200 || res.status > 299) throw new Error(`${what} failed: HTTP ${res.status} ${res.text.slice(0, 500)}`);
}

/** Output items of `nodeName` in an execution's data (first run, first output). */
export function nodeOutput(execution: ExecutionSummary, nodeName: string): Array<Record<string, unknown>> {
	const runs = execution.data?.resultData.runData[nodeName];
	return (runs?.[0]?.data?.main?.[0] ?? []).map((item) => item.json);
}
