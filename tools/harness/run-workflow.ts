/**
 * Runs workflows through n8n-core's `WorkflowExecute`, as n8n's `WorkflowRunner` and n8n's
 * own node test harness (packages/core/nodes-testing/node-test-harness.ts) do: a
 * `Workflow` built from the workflow JSON and the package's node types, a run execution
 * data whose `nodeExecutionStack` holds the start node with its input items, lifecycle
 * hooks, and `processRunExecutionData(workflow)`.
 *
 * Credentials are given by credential type name; they are stored (encrypted) in the
 * harness CredentialsHelper and every node whose type declares that credential gets a
 * reference `{ id, name }` to it (unless the workflow JSON already references one).
 * n8n-core then resolves them the way n8n does (`getCredentials` → `getDecrypted`,
 * `httpRequestWithAuthentication` → `authenticate`).
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import { NodeHelpers, Workflow, createRunExecutionData, deepCopy } from 'n8n-workflow';
import type {
	ExecutionError,
	ICredentialDataDecryptedObject,
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IPinData,
	IRun,
	IRunExecutionData,
	ITaskData,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { randomUUID } from 'node:crypto';

import { createAdditionalData } from './additional-data';
import { CredentialsHelper } from './credentials-helper';
import { getDefaultPackage } from './package-loader';
import type { LoadedPackage } from './package-loader';

export interface WorkflowJson {
	id?: string;
	name?: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
	staticData?: IDataObject;
	pinData?: IPinData;
}

let executionCounter = 0;

/** Execution ids like n8n's (numeric strings), unique in this process. */
export function nextExecutionId(): string {
	executionCounter += 1;
	return String(executionCounter);
}

/** The latest version of a node type, as the editor picks for a new node. */
export function latestVersion(nodeType: INodeType | IVersionedNodeType): number {
	if ('nodeVersions' in nodeType) return nodeType.currentVersion;
	const { version, defaultVersion } = nodeType.description;
	if (defaultVersion !== undefined) return defaultVersion;
	return Array.isArray(version) ? Math.max(...version) : version;
}

/**
 * Stores the given credentials and points each node that declares a credential type at
 * the stored credential of that type (nodes already referencing one keep their reference).
 */
export async function attachCredentials(
	nodes: INode[],
	credentials: Record<string, ICredentialDataDecryptedObject> | undefined,
	credentialsHelper: CredentialsHelper,
	pkg: LoadedPackage,
): Promise<void> {
	for (const [type, data] of Object.entries(credentials ?? {})) {
		if (!credentialsHelper.findByType(type)) await credentialsHelper.addCredential(type, data);
	}
	for (const node of nodes) {
		let nodeType: INodeType;
		try {
			nodeType = pkg.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		} catch {
			continue; // unknown types are reported by the engine
		}
		for (const { name } of nodeType.description.credentials ?? []) {
			if (node.credentials?.[name]) continue;
			const stored = credentialsHelper.findByType(name);
			if (!stored) continue;
			node.credentials = { ...node.credentials, [name]: { id: stored.id, name: stored.name } };
		}
	}
}

/** The workflow as n8n saves it: a copy of its nodes pointing at the stored credentials, n8n's defaults for the rest. */
export async function savedWorkflow(
	json: WorkflowJson,
	fallbackName: string,
	credentials: Record<string, ICredentialDataDecryptedObject> | undefined,
	credentialsHelper: CredentialsHelper,
	pkg: LoadedPackage,
): Promise<IWorkflowBase> {
	const nodes = deepCopy(json.nodes);
	await attachCredentials(nodes, credentials, credentialsHelper, pkg);
	return {
		id: json.id ?? fallbackName.toLowerCase().replace(/ /g, '-'),
		name: json.name ?? fallbackName,
		active: false,
		isArchived: false,
		nodes,
		connections: json.connections,
		settings: json.settings ?? { executionOrder: 'v1' },
		staticData: json.staticData ?? {},
		pinData: json.pinData,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as IWorkflowBase;
}

export interface ExecuteOptions {
	workflow: Workflow;
	workflowData: IWorkflowBase;
	mode: WorkflowExecuteMode;
	runExecutionData: IRunExecutionData;
	additionalData: IWorkflowExecuteAdditionalData;
	hooks: ExecutionLifecycleHooks;
}

/**
 * `WorkflowExecute.processRunExecutionData`, waiting for the `workflowExecuteAfter` hook.
 * An error before the run starts (e.g. `WorkflowHasIssuesError`) becomes a failed run, as
 * in n8n's `WorkflowRunner.processError`.
 */
export async function executeRunExecutionData(options: ExecuteOptions): Promise<IRun> {
	const { workflow, mode, runExecutionData, additionalData, hooks } = options;
	let resolveAfter!: (run: IRun) => void;
	const after = new Promise<IRun>((resolve) => (resolveAfter = resolve));
	hooks.addHandler('workflowExecuteAfter', (run) => resolveAfter(run));

	const startedAt = new Date();
	let run: IRun;
	try {
		const workflowExecute = new WorkflowExecute(additionalData, mode, runExecutionData);
		run = await workflowExecute.processRunExecutionData(workflow);
		await after;
	} catch (e) {
		const error = e as Error;
		run = {
			data: createRunExecutionData({
				executionData: null,
				resultData: {
					error: { ...error, message: error.message, stack: error.stack } as ExecutionError,
					runData: {},
				},
			}),
			finished: false,
			mode,
			startedAt,
			stoppedAt: new Date(),
			status: 'error',
			storedAt: 'db',
		};
		await hooks.runHook('workflowExecuteAfter', [run, {}]);
	}
	return run;
}

export interface RunWorkflowOptions {
	workflow: WorkflowJson;
	/** Name of the node to start at; default: n8n's `workflow.getStartNode()`. */
	startNode?: string;
	/** Input items put on the start node's `nodeExecutionStack`; default `[{ json: {} }]`. */
	items?: INodeExecutionData[];
	/** Credential data by credential type name, e.g. `{ ioPhoneApi: { apiKey, baseUrl } }`. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Share a credential store (e.g. to assert what is stored); default: a new one. */
	credentialsHelper?: CredentialsHelper;
	/** Execution mode; default `'manual'` (like n8n's node test harness). */
	mode?: WorkflowExecuteMode;
	/** n8n's webhook base URL for `additionalData` (e.g. `$execution.resumeUrl`). */
	baseUrl?: string;
	pkg?: LoadedPackage;
	/** Called with every node's task data as it finishes (`nodeExecuteAfter` hook). */
	onNodeExecuted?: (nodeName: string, taskData: ITaskData) => void;
}

export async function runWorkflow(options: RunWorkflowOptions): Promise<IRun> {
	const pkg = options.pkg ?? getDefaultPackage();
	const credentialsHelper = options.credentialsHelper ?? new CredentialsHelper(pkg.credentialTypes);
	const mode = options.mode ?? 'manual';
	const workflowData = await savedWorkflow(options.workflow, 'Harness workflow', options.credentials, credentialsHelper, pkg);
	const { nodes } = workflowData;

	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes,
		connections: workflowData.connections,
		nodeTypes: pkg.nodeTypes,
		settings: workflowData.settings,
		staticData: workflowData.staticData,
		active: false,
	});

	const startNode = options.startNode
		? workflow.getNode(options.startNode)
		: workflow.getStartNode();
	if (!startNode) {
		throw new Error(`Start node ${options.startNode ?? '(default)'} not found in the workflow`);
	}

	const executionId = nextExecutionId();
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	if (options.onNodeExecuted) {
		const onNodeExecuted = options.onNodeExecuted;
		hooks.addHandler('nodeExecuteAfter', (nodeName, taskData) => onNodeExecuted(nodeName, taskData));
	}
	const additionalData = createAdditionalData({
		credentialsHelper,
		hooks,
		executionId,
		baseUrl: options.baseUrl,
		workflowId: workflowData.id,
	});

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: startNode, data: { main: [options.items ?? [{ json: {} }]] }, source: null },
			],
		},
		// As n8n's manual runs: a node with pinned data outputs it instead of running.
		...(options.workflow.pinData ? { resultData: { pinData: options.workflow.pinData, runData: {} } } : {}),
	});

	return await executeRunExecutionData({
		workflow,
		workflowData,
		mode,
		runExecutionData,
		additionalData,
		hooks,
	});
}

// ---- reading a run ------------------------------------------------------------------

/** The task data of a node's run (`runData[nodeName][runIndex]`). */
export function getTaskData(run: IRun, nodeName: string, runIndex = 0): ITaskData | undefined {
	return run.data.resultData.runData[nodeName]?.[runIndex];
}

/** The items a node put on one of its main outputs (default output 0, run 0). */
export function getNodeOutput(
	run: IRun,
	nodeName: string,
	options: { outputIndex?: number; runIndex?: number } = {},
): INodeExecutionData[] {
	const taskData = getTaskData(run, nodeName, options.runIndex ?? 0);
	return taskData?.data?.main?.[options.outputIndex ?? 0] ?? [];
}

/** The names of the nodes that ran, in the order they finished. */
export function getExecutedNodes(run: IRun): string[] {
	return Object.entries(run.data.resultData.runData)
		.flatMap(([name, tasks]) => tasks.map((task) => ({ name, order: task.executionIndex ?? 0 })))
		.sort((a, b) => a.order - b.order)
		.map(({ name }) => name);
}

// ---- one node -------------------------------------------------------------------------

export interface RunNodeOptions {
	/** Full node type name, e.g. `n8n-nodes-iophone.ioPhone`. */
	type: string;
	parameters: INodeParameters;
	/** Credential data by credential type name, e.g. `{ ioPhoneApi: { apiKey, baseUrl } }`. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Input items; default `[{ json: {} }]`. */
	items?: INodeExecutionData[];
	/** n8n's "On Error: Continue" — sets `node.onError = 'continueRegularOutput'`. */
	continueOnFail?: boolean;
	/** Default: the node type's latest version. */
	typeVersion?: number;
	/** Node name; default: the type's `defaults.name` (as the editor names a new node). */
	name?: string;
	mode?: WorkflowExecuteMode;
	credentialsHelper?: CredentialsHelper;
	pkg?: LoadedPackage;
}

export interface RunNodeResult {
	/** The node's main output 0 (all outputs are in `outputs`). */
	items: INodeExecutionData[];
	outputs: INodeExecutionData[][];
	/** The error that stopped the run (`run.data.resultData.error`), or the node's task error. */
	error?: ExecutionError;
	run: IRun;
	node: INode;
}

export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	const pkg = options.pkg ?? getDefaultPackage();
	const nodeType = pkg.nodeTypes.getByName(options.type);
	const typeVersion = options.typeVersion ?? latestVersion(nodeType);
	const description = NodeHelpers.getVersionedNodeType(nodeType, typeVersion).description;

	const node: INode = {
		id: randomUUID(),
		name: options.name ?? description.defaults?.name ?? description.displayName,
		type: options.type,
		typeVersion,
		position: [0, 0],
		parameters: options.parameters,
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};

	const run = await runWorkflow({
		workflow: { nodes: [node], connections: {} },
		startNode: node.name,
		items: options.items,
		credentials: options.credentials,
		credentialsHelper: options.credentialsHelper,
		mode: options.mode,
		pkg,
	});

	const taskData = getTaskData(run, node.name);
	return {
		items: taskData?.data?.main?.[0] ?? [],
		outputs: (taskData?.data?.main ?? []).map((output) => output ?? []),
		error: run.data.resultData.error ?? taskData?.error,
		run,
		node,
	};
}
