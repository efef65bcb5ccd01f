/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * Every workflow in examples/ is importable and does what its notes say: each one is loaded
 * from its JSON file and run through n8n's engine (tools/harness) against the IO Phone
 * simulator, the trigger workflows hosted as n8n hosts them (TriggerHost).
 *
 * The harness loads only this package's nodes. The examples also use three n8n core nodes,
 * which get stand-ins here: Manual Trigger and No Operation pass their items on, as n8n's do,
 * and Filter keeps the items whose conditions hold, evaluated by n8n's own filter engine
 * (`getNodeParameter(..., { extractValue: true })` on a `filter` parameter, which is what
 * n8n's Filter node 2.x calls). Pinned data is fed to the node it is pinned on. The compliance
 * examples (n8n's Data Table, Switch and Aggregate nodes) run in test/e2e/compliance.e2e.ts, the
 * AI SMS assistants (n8n's AI Agent, chat model and memory nodes) in test/e2e/assistant.e2e.ts and
 * test/queue/assistant.queue.ts, the queue-mode auto-reply (n8n's Redis node) in test/queue/events.queue.ts.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { NodeConnectionTypes, NodeHelpers } from 'n8n-workflow';
import type {
	IDataObject,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';

import { TriggerHost, getDefaultPackage, getNodeOutput, runNode, runWorkflow } from '../../tools/harness';
import type { LoadedPackage, NodeTypes, WorkflowJson } from '../../tools/harness';
import { IoPhoneSimulator, TEST_NUMBER } from '../../tools/simulator';
import { CHAT_CHANNEL_SINCE } from '../../nodes/IoPhoneTrigger/description';
import { ACCOUNT_NUMBER, OTHER_US_NUMBER, SEND_NODE, US_NUMBER, credentialsFor, textRequests } from '../support/send-node';

const EXAMPLES_DIR = path.resolve(__dirname, '..', '..', 'examples');
const PACKAGE_PREFIX = 'n8n-nodes-iophone.';

// ---- stand-ins for the n8n core nodes the examples use ---------------------------------------

function coreNode(description: Partial<INodeTypeDescription>, execute: INodeType['execute']): INodeType {
	return {
		description: {
			group: ['transform'],
			version: 1,
			description: `Stand-in for n8n's ${description.displayName} node`,
			defaults: { name: description.displayName! },
			inputs: [NodeConnectionTypes.Main],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
			...description,
		} as INodeTypeDescription,
		execute,
	};
}

async function passThrough(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return [this.getInputData()];
}

/**
 * n8n nodes the examples use that have no stand-in here: n8n's Data Table node works only inside
 * n8n (its server hands data-table access to that node alone), the AI nodes need a chat model and
 * n8n's LangChain runtime, and the Redis nodes a Redis; those examples run in the real-n8n suites
 * (test/e2e/, test/queue/). Here their structure and this package's parameters are checked.
 */
const CORE_NODES_RUN_IN_E2E_ONLY = [
	'n8n-nodes-base.dataTable',
	'n8n-nodes-base.switch',
	'n8n-nodes-base.aggregate',
	'n8n-nodes-base.redis',
	'@n8n/n8n-nodes-langchain.agent',
	'@n8n/n8n-nodes-langchain.lmChatOpenAi',
	'@n8n/n8n-nodes-langchain.memoryBufferWindow',
	'@n8n/n8n-nodes-langchain.memoryRedisChat',
];

const CORE_NODES: Record<string, INodeType> = {
	'n8n-nodes-base.manualTrigger': coreNode(
		{ displayName: 'Manual Trigger', name: 'manualTrigger', group: ['trigger'], inputs: [] },
		passThrough,
	),
	'n8n-nodes-base.noOp': coreNode({ displayName: 'No Operation, do nothing', name: 'noOp' }, passThrough),
	'n8n-nodes-base.filter': coreNode(
		{
			displayName: 'Filter',
			name: 'filter',
			version: [2, 2.1, 2.2],
			properties: [
				{ displayName: 'Conditions', name: 'conditions', type: 'filter', default: {} },
				{ displayName: 'Options', name: 'options', type: 'collection', default: {}, options: [] },
			],
		},
		async function (this: IExecuteFunctions) {
			const kept = this.getInputData().filter(
				(_, i) => this.getNodeParameter('conditions', i, false, { extractValue: true }) as boolean,
			);
			return [kept];
		},
	),
};

/** This package's node types plus the core stand-ins, for the harness. */
function withCoreNodes(pkg: LoadedPackage): LoadedPackage {
	const inner = pkg.nodeTypes;
	const nodeTypes: INodeTypes & { list(): string[] } = {
		getByName: (type: string): INodeType | IVersionedNodeType => CORE_NODES[type] ?? inner.getByName(type),
		getByNameAndVersion: (type: string, version?: number): INodeType =>
			NodeHelpers.getVersionedNodeType(CORE_NODES[type] ?? inner.getByName(type), version),
		getKnownTypes: () => inner.getKnownTypes(),
		list: () => [...inner.list(), ...Object.keys(CORE_NODES)],
	};
	return { ...pkg, nodeTypes: nodeTypes as unknown as NodeTypes };
}

// ---- loading an example ----------------------------------------------------------------------

interface ExampleWorkflow extends WorkflowJson {
	name: string;
	pinData?: Record<string, INodeExecutionData[]>;
}

function readExample(file: string): ExampleWorkflow {
	return JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as ExampleWorkflow;
}

/** The example as a user runs it once they picked their credential: the placeholder reference goes, the harness attaches its own. */
function withoutCredentialPlaceholders(workflow: ExampleWorkflow): ExampleWorkflow {
	return {
		...workflow,
		nodes: workflow.nodes.map(({ credentials: _placeholder, ...node }) => node as INode),
	};
}

/** Every example, those for queue mode (examples/queue-mode/) included, by path under examples/. */
const examples = [
	...readdirSync(EXAMPLES_DIR),
	...readdirSync(path.join(EXAMPLES_DIR, 'queue-mode')).map((file) => `queue-mode/${file}`),
]
	.filter((file) => file.endsWith('.json'))
	.sort();

let sim: IoPhoneSimulator;
let pkg: LoadedPackage;
const hosts: TriggerHost[] = [];

beforeAll(async () => {
	sim = await IoPhoneSimulator.start();
	pkg = withCoreNodes(getDefaultPackage());
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());
afterEach(async () => {
	for (const host of hosts.splice(0)) await host.close();
});

async function host(workflow: ExampleWorkflow): Promise<TriggerHost> {
	const trigger = workflow.nodes.find((node) => node.type === `${PACKAGE_PREFIX}ioPhoneTrigger`)!;
	const hosted = await TriggerHost.start({
		workflow: withoutCredentialPlaceholders(workflow),
		triggerNodeName: trigger.name,
		credentials: credentialsFor(sim),
		pkg,
	});
	hosts.push(hosted);
	return hosted;
}

const body = (index: number) => textRequests(sim)[index]?.body as IDataObject;

// ---- every example -------------------------------------------------------------------------

describe('examples/', () => {
	describe.each(examples)('%s is an importable n8n workflow', (file) => {
		const workflow = readExample(file);

		test('names, ids and connections are consistent', () => {
			expect(typeof workflow.name).toBe('string');
			const names = workflow.nodes.map((node) => node.name);
			expect(new Set(names).size).toBe(names.length);
			const ids = workflow.nodes.map((node) => node.id);
			expect(new Set(ids).size).toBe(ids.length);
			for (const [from, outputs] of Object.entries(workflow.connections)) {
				expect(names).toContain(from);
				for (const connection of Object.values(outputs).flat(2)) expect(names).toContain(connection!.node);
			}
			for (const pinned of Object.keys(workflow.pinData ?? {})) expect(names).toContain(pinned);
		});

		test('uses only this package\'s nodes and n8n core nodes, with parameters the nodes declare', () => {
			for (const node of workflow.nodes) {
				if (CORE_NODES_RUN_IN_E2E_ONLY.includes(node.type)) continue;
				const type = pkg.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
				if (!node.type.startsWith(PACKAGE_PREFIX)) continue;
				const { properties } = type.description;
				const declared = properties.map((p) => p.name);
				for (const name of Object.keys(node.parameters)) expect(declared).toContain(name);
				// An operation has collections of its own under the same name (Options of Send, of Send and Wait…):
				// the ones the editor shows for these parameters.
				const values = NodeHelpers.getNodeParameters(properties, node.parameters, true, false, node, type.description) ?? node.parameters;
				for (const collection of ['additionalFields', 'options']) {
					const value = node.parameters[collection] as IDataObject | undefined;
					if (!value) continue;
					const shown = properties.filter((p) => p.name === collection && NodeHelpers.displayParameter(values, p, node, type.description));
					const allowed = shown.flatMap((p) => (p.options ?? []).map((o) => ('name' in o ? o.name : undefined)));
					for (const name of Object.keys(value)) expect(allowed).toContain(name);
				}
				expect(Object.keys(node.credentials ?? {})).toEqual(['ioPhoneApi']);
				// A production webhook's URL is built on webhookId; a waiting one (Send and Wait) on the execution and node ids.
				if (type.description.webhooks?.some((webhook) => !webhook.restartWebhook)) expect(node.webhookId).toMatch(/^[0-9a-f-]{36}$/);
			}
		});
	});
});

// ---- auto-reply ------------------------------------------------------------------------------

describe('auto-reply.json', () => {
	const workflow = readExample('auto-reply.json');

	test('an incoming text is answered from the number that was texted; delivery receipts send nothing', async () => {
		const hosted = await host(workflow);
		await hosted.activate();
		expect(textRequests(sim)).toHaveLength(1); // the setup text

		await sim.receive({ from: US_NUMBER, to: ACCOUNT_NUMBER, text: 'Hello?' });
		const [first] = await hosted.waitForExecutions(1);
		expect(first.run.status).toBe('success');
		expect(textRequests(sim)).toHaveLength(2);
		expect(body(1)).toMatchObject({ toNumber: US_NUMBER, fromNumber: ACCOUNT_NUMBER, text: 'Thanks! You said: Hello?' });

		// The reply's own delivery receipt comes back to the trigger: the filter stops it.
		const reply = sim.sent.find((message) => message.text.startsWith('Thanks!'))!;
		await sim.deliver(reply.id);
		const [, second] = await hosted.waitForExecutions(2);
		await hosted.idle();
		expect(second.run.status).toBe('success');
		expect(getNodeOutput(second.run, 'IO Phone Trigger')[0].json.type).toBe('message-delivered');
		expect(getNodeOutput(second.run, 'Incoming Text?')).toEqual([]);
		expect(second.run.data.resultData.runData['Send Reply']).toBeUndefined();
		expect(textRequests(sim)).toHaveLength(2);
	});
});

// ---- AI SMS assistant (run in test/e2e/assistant.e2e.ts and test/queue/assistant.queue.ts) ----

describe.each([
	['ai-sms-assistant.json', '@n8n/n8n-nodes-langchain.memoryBufferWindow'],
	['queue-mode/ai-sms-assistant.json', '@n8n/n8n-nodes-langchain.memoryRedisChat'],
])('%s', (file, memoryType) => {
	const workflow = readExample(file);
	const byType = (type: string) => workflow.nodes.filter((node) => node.type === type);
	const [trigger] = byType(`${PACKAGE_PREFIX}ioPhoneTrigger`);
	const [agent] = byType('@n8n/n8n-nodes-langchain.agent');
	const [send] = byType(SEND_NODE);
	const feeds = (from: string, kind: string) => (workflow.connections[from]?.[kind] ?? []).flat().map((c) => c!.node);

	test('the trigger is a chat channel and starts on received texts only; keywords are left to the trigger', () => {
		expect(trigger.typeVersion).toBeGreaterThanOrEqual(CHAT_CHANNEL_SINCE);
		expect(trigger.parameters.events).toEqual(['message-received']);
		const [filter] = feeds(trigger.name, 'main');
		expect(JSON.stringify(workflow.nodes.find((node) => node.name === filter)!.parameters)).toContain('$json.keyword');
		expect(feeds(filter, 'main')).toEqual([agent.name]);
	});

	test('the agent and its memory read chatInput and sessionId by their defaults, and the memory is the one for this mode', () => {
		// n8n saves no parameter equal to its default: Source for Prompt stays "Connected Chat Trigger Node".
		expect(agent.parameters).not.toHaveProperty('promptType');
		expect(agent.parameters).not.toHaveProperty('text');
		const [memory] = byType(memoryType);
		expect(memory.parameters).not.toHaveProperty('sessionIdType');
		expect(memory.parameters).not.toHaveProperty('sessionKey');
		expect(feeds(memory.name, 'ai_memory')).toEqual([agent.name]);
		const [model] = byType('@n8n/n8n-nodes-langchain.lmChatOpenAi');
		expect(feeds(model.name, 'ai_languageModel')).toEqual([agent.name]);
	});

	test('the answer goes to the sender from the number they texted, long answers split', () => {
		expect(feeds(agent.name, 'main')).toEqual([send.name]);
		expect(send.parameters).toMatchObject({
			operation: 'send',
			toNumber: `={{ $('${trigger.name}').item.json.replyTo }}`,
			text: '={{ $json.output }}',
			additionalFields: { fromNumber: `={{ $('${trigger.name}').item.json.replyFrom }}` },
			options: { ifTooLong: 'split' },
		});
	});
});

// ---- bulk send -------------------------------------------------------------------------------

describe('bulk-send.json', () => {
	const workflow = readExample('bulk-send.json');
	const rows = workflow.pinData!.Customers;

	test('every row gives one item in order; bad rows fail alone (Continue On Fail) and end up in Failed Rows', async () => {
		const run = await runWorkflow({
			workflow: withoutCredentialPlaceholders(workflow),
			startNode: 'Customers',
			items: rows,
			credentials: credentialsFor(sim),
			pkg,
		});
		expect(run.data.resultData.error).toBeUndefined();

		const sent = getNodeOutput(run, 'Send Texts');
		expect(sent).toHaveLength(rows.length);
		expect(sent.map((item) => item.pairedItem)).toEqual(rows.map((_, i) => ({ item: i })));
		expect(sent.map((item) => item.json.to ?? null)).toEqual([US_NUMBER, OTHER_US_NUMBER, '+442079460958', null, null]);
		expect(sent[0].json).toMatchObject({ from: TEST_NUMBER, text: 'Hi Ada, your order 1001 has shipped.', status: 202 });
		expect(sent[3].json.error).toMatch(/To Number "555-0000" .*\[item 3\]/);
		expect(sent[4].json.error).toMatch(/To Number is empty \[item 4\]/);

		// Test Mode: every text went from IO Phone's test number; the bad rows were never sent.
		expect(textRequests(sim).map((r) => (r.body as IDataObject).fromNumber)).toEqual([TEST_NUMBER, TEST_NUMBER, TEST_NUMBER]);

		const failed = getNodeOutput(run, 'Failed Rows');
		expect(failed.map((item) => item.json.error)).toEqual([sent[3].json.error, sent[4].json.error]);
	});
});

// ---- delivery-failure alert ------------------------------------------------------------------

describe('delivery-failure-alert.json', () => {
	const workflow = readExample('delivery-failure-alert.json');
	const trigger = workflow.nodes.find((node) => node.name === 'IO Phone Trigger')!;
	const operator = trigger.parameters.setupRecipient as string;

	test('a failed text alerts the operator; deliveries and failed alerts send nothing', async () => {
		const hosted = await host(workflow);
		await hosted.activate();
		expect(body(0)).toMatchObject({ toNumber: operator, fromNumber: ACCOUNT_NUMBER });

		// Two texts to customers from the watched number (IO Phone reuses the stored callback URL).
		const send = async (to: string) => {
			const { items } = await runNode({
				type: SEND_NODE,
				parameters: { resource: 'message', operation: 'send', toNumber: to, text: 'Your order shipped', additionalFields: { fromNumber: ACCOUNT_NUMBER } },
				credentials: credentialsFor(sim),
				pkg,
			});
			return items[0].json.id as number;
		};
		const delivered = await send(US_NUMBER);
		const failing = await send(OTHER_US_NUMBER);

		await sim.deliver(delivered); // not a selected event: answered, nothing runs
		await sim.fail(failing);
		const [execution] = await hosted.waitForExecutions(1);
		expect(execution.run.status).toBe('success');
		const alerts = textRequests(sim).slice(3);
		expect(alerts).toHaveLength(1);
		expect(alerts[0].body).toMatchObject({
			toNumber: operator,
			fromNumber: ACCOUNT_NUMBER,
			text: `IO Phone could not deliver text ${failing} to ${OTHER_US_NUMBER}: invalid-destination-address (error 4720).`,
		});

		// The alert failing too starts the workflow again, and the filter ends it there.
		const alert = sim.sent.find((message) => message.to === operator && message.text.startsWith('IO Phone could not'))!;
		await sim.fail(alert.id);
		const [, second] = await hosted.waitForExecutions(2);
		await hosted.idle();
		expect(hosted.executions).toHaveLength(2);
		expect(getNodeOutput(second.run, 'IO Phone Trigger')[0].json).toMatchObject({ type: 'message-failed', to: operator });
		expect(getNodeOutput(second.run, 'Not an Alert')).toEqual([]);
		expect(textRequests(sim)).toHaveLength(4);
	});
});

// ---- approval before a bulk send -------------------------------------------------------------

describe('approval-before-bulk-send.json', () => {
	const workflow = readExample('approval-before-bulk-send.json');
	const ask = workflow.nodes.find((node) => node.name === 'Ask the Manager')!;
	const manager = ask.parameters.toNumber as string;
	const rows = workflow.pinData!.Customers;

	/** The rest of the run once the wait ended with `answer` as Ask the Manager's output (n8n resumes there). */
	const resumeWith = async (answer: IDataObject) =>
		await runWorkflow({
			workflow: withoutCredentialPlaceholders(workflow),
			startNode: 'Approved?',
			items: [{ json: answer }],
			credentials: credentialsFor(sim),
			pkg,
		});

	test('texts the manager once, with one link to an Approve and a Decline button, and waits up to 2 hours; nothing else is sent', async () => {
		const before = Date.now();
		const run = await runWorkflow({
			workflow: withoutCredentialPlaceholders(workflow),
			startNode: 'Ask the Manager',
			credentials: credentialsFor(sim),
			pkg,
		});
		expect(run.data.resultData.error).toBeUndefined();
		expect(run.status).toBe('waiting');
		expect(run.waitTill!.getTime() - before).toBeGreaterThanOrEqual(2 * 3_600_000);
		expect(textRequests(sim)).toHaveLength(1);
		const text = String(body(0).text);
		expect(body(0).toNumber).toBe(manager);
		expect(body(0)).not.toHaveProperty('callbackUrl');
		const [question, link, ...more] = text.split('\n\nApprove or Decline: ');
		expect(question).toBe(ask.parameters.message);
		expect(more).toEqual([]);
		expect(link).toMatch(/^http\S+\?signature=[0-9a-f]{64}$/);
		expect(run.data.resultData.runData['Send Promo']).toBeUndefined();
	});

	test('approved: every customer row is sent (Test Mode)', async () => {
		const run = await resumeWith({ data: { approved: true, respondedAt: new Date().toISOString() } });
		expect(run.data.resultData.error).toBeUndefined();
		expect(getNodeOutput(run, 'Send Promo')).toHaveLength(rows.length);
		expect(textRequests(sim).map((r) => (r.body as IDataObject).fromNumber)).toEqual(rows.map(() => TEST_NUMBER));
		expect(body(0).text).toBe('Hi Ada, 20% off everything until Sunday. Reply STOP to opt out.');
	});

	test.each([
		['declined', { data: { approved: false, respondedAt: new Date().toISOString() } }],
		['no answer within the wait limit (the input passes on, no "approved")', {}],
	])('%s: nothing is sent', async (_, answer) => {
		const run = await resumeWith(answer);
		expect(run.data.resultData.error).toBeUndefined();
		expect(getNodeOutput(run, 'Approved?')).toEqual([]);
		expect(run.data.resultData.runData['Send Promo']).toBeUndefined();
		expect(textRequests(sim)).toHaveLength(0);
	});
});

// ---- opt-out keeper and the bulk send that honours it (run in test/e2e/compliance.e2e.ts) ----

describe('opt-out-keeper.json and bulk-send-honouring-opt-outs.json', () => {
	const keeper = readExample('opt-out-keeper.json');
	const bulk = readExample('bulk-send-honouring-opt-outs.json');
	const dataTableNodes = [...keeper.nodes, ...bulk.nodes].filter((node) => node.type === 'n8n-nodes-base.dataTable');

	test('every Data Table node names the same table by name, so a table created as the docs say needs no editing', () => {
		expect(dataTableNodes.map((node) => node.parameters.operation).sort()).toEqual(['deleteRows', 'get', 'upsert']);
		const tables = new Set(dataTableNodes.map((node) => JSON.stringify(node.parameters.dataTableId)));
		expect([...tables]).toEqual([JSON.stringify({ __rl: true, mode: 'name', value: 'opted_out' })]);
	});

	test('the keeper is on the trigger version that sets keyword, and routes on it', () => {
		const trigger = keeper.nodes.find((node) => node.type === `${PACKAGE_PREFIX}ioPhoneTrigger`)!;
		expect(trigger.typeVersion).toBe(1.2);
		const routed = JSON.stringify(keeper.nodes.find((node) => node.type === 'n8n-nodes-base.switch')!.parameters);
		expect(routed).toContain('$json.keyword');
		expect(routed).toContain('"optOut"');
		expect(routed).toContain('"optIn"');
	});

	test('the bulk send reads the list before the customer rows and gives it to Opted-Out Numbers', () => {
		const get = bulk.nodes.find((node) => node.parameters.operation === 'get')!;
		expect(get.alwaysOutputData).toBe(true);
		expect(get.parameters.returnAll).toBe(true);
		const send = bulk.nodes.find((node) => node.type === SEND_NODE)!;
		const list = (send.parameters.guardRails as IDataObject).optedOutNumbers as string;
		const source = /\$\('([^']+)'\)/.exec(list)![1];
		expect(bulk.nodes.find((node) => node.name === source)!.type).toBe('n8n-nodes-base.aggregate');
		expect(bulk.connections[get.name]).toMatchObject({ main: [[{ node: source }]] });
	});
});
