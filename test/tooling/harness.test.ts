/**
 * Tests of the harness itself (tools/harness/), with fixture nodes and a fixture API
 * server: nodes run through n8n's engine, credentials are applied by n8n, credential
 * tests run as n8n's CredentialsTester, and the trigger host calls webhook methods and
 * runs workflows as n8n does.
 */
import type { NodeApiError } from 'n8n-workflow';

import { FixtureAction, FixtureApi, FixtureTrigger } from '../../tools/harness/fixtures';
import { FixtureApiServer, GOOD_KEY } from '../../tools/harness/fixtures/fixture-api';
import {
	TriggerHost,
	captureLogs,
	getExecutedNodes,
	getNodeOutput,
	loadPackage,
	runNode,
	runWorkflow,
	testCredential,
} from '../../tools/harness';
import type { LoadedPackage, WorkflowJson } from '../../tools/harness';

const ACTION = 'n8n-nodes-iophone.fixtureAction';
const TRIGGER = 'n8n-nodes-iophone.fixtureTrigger';

let api: FixtureApiServer;
let pkg: LoadedPackage;

beforeAll(async () => {
	api = await FixtureApiServer.start();
	pkg = loadPackage(
		{ nodes: [FixtureAction, FixtureTrigger], credentials: [FixtureApi] },
		{ skipPackageFiles: true },
	);
});

afterAll(async () => {
	await api.close();
});

beforeEach(() => {
	api.received.length = 0;
	api.hooks.length = 0;
});

const goodCredentials = () => ({ fixtureApi: { apiKey: GOOD_KEY, baseUrl: api.baseUrl } });

describe('loadPackage', () => {
	it('loads extra classes through n8n-core’s package loader, under the package name', () => {
		expect(pkg.packageName).toBe('n8n-nodes-iophone');
		expect(pkg.nodeTypes.list()).toEqual([ACTION, TRIGGER]);
		expect(pkg.credentialTypes.list()).toEqual(['fixtureApi']);
		// supported nodes as n8n infers them from the nodes' credentials
		expect(pkg.credentialTypes.getSupportedNodes('fixtureApi')).toEqual([ACTION, TRIGGER]);
		// versions picked like n8n: the latest unless asked
		expect(pkg.nodeTypes.getByNameAndVersion(ACTION).description.version).toEqual([1, 2]);
		// n8n adds the domain-restriction fields to credentials that authenticate
		expect(pkg.credentialTypes.getByName('fixtureApi').properties.map((p) => p.name)).toContain(
			'allowedHttpRequestDomains',
		);
	});

	it('reads package.json’s n8n section and reports files not built yet', () => {
		const full = loadPackage();
		const listed = [
			'dist/nodes/IoPhone/IoPhone.node.js',
			'dist/nodes/IoPhoneTrigger/IoPhoneTrigger.node.js',
			'dist/credentials/IoPhoneApi.credentials.js',
		];
		for (const file of full.missingFiles) expect(listed).toContain(file);
		if (!full.missingFiles.includes('dist/nodes/IoPhone/IoPhone.node.js')) {
			expect(full.nodeTypes.list()).toContain('n8n-nodes-iophone.ioPhone');
		} else {
			expect(() => full.nodeTypes.getByName('n8n-nodes-iophone.ioPhone')).toThrow(/npm run build/);
		}
	});

	it('refuses unknown node types like n8n', () => {
		expect(() => pkg.nodeTypes.getByName('n8n-nodes-base.noOp')).toThrow(/Unrecognized node type/);
	});
});

describe('runNode', () => {
	it('applies the credential’s authenticate: the apiKey reaches the server as a query parameter', async () => {
		const result = await runNode({
			pkg,
			type: ACTION,
			parameters: { text: 'hello' },
			credentials: goodCredentials(),
		});

		expect(result.error).toBeUndefined();
		expect(result.run.status).toBe('success');
		expect(result.items).toEqual([{ json: { id: expect.any(String), text: 'hello' }, pairedItem: { item: 0 } }]);
		expect(api.received).toHaveLength(1);
		expect(api.received[0]).toMatchObject({
			method: 'POST',
			path: '/messages',
			query: { apiKey: GOOD_KEY },
			body: { text: 'hello' },
		});
	});

	it('resolves expressions per item and keeps each output paired to its input', async () => {
		const result = await runNode({
			pkg,
			type: ACTION,
			parameters: { text: '={{ $json.text.toUpperCase() }}' },
			credentials: goodCredentials(),
			items: [{ json: { text: 'a' } }, { json: { text: 'b' } }],
		});
		expect(result.items.map((i) => i.json.text)).toEqual(['A', 'B']);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('continueOnFail gives error items paired to the inputs that failed', async () => {
		const result = await runNode({
			pkg,
			type: ACTION,
			parameters: { text: '={{ $json.text }}' },
			credentials: goodCredentials(),
			items: [{ json: { text: 'one' } }, { json: { text: 'fail' } }, { json: { text: 'three' } }],
			continueOnFail: true,
		});

		expect(result.node.onError).toBe('continueRegularOutput');
		expect(result.error).toBeUndefined();
		expect(result.run.status).toBe('success');
		expect(result.items).toHaveLength(3);
		expect(result.items[0].json.text).toBe('one');
		// The fixture node follows n8n's convention: { json: { error: error.message } }, paired.
		// A NodeApiError's message is n8n's text for the HTTP status (here 422).
		expect(result.items[1]).toEqual({
			json: { error: 'Your request is invalid or could not be processed by the service' },
			pairedItem: { item: 1 },
		});
		expect(result.items[2].json.text).toBe('three');
	});

	it('without continueOnFail the run fails with the node’s error in resultData.error', async () => {
		const result = await runNode({
			pkg,
			type: ACTION,
			parameters: { text: '={{ $json.text }}' },
			credentials: goodCredentials(),
			items: [{ json: { text: 'one' } }, { json: { text: 'fail' } }],
		});

		expect(result.run.status).toBe('error');
		expect(result.items).toEqual([]);
		const error = result.error as NodeApiError;
		expect(error).toBeDefined();
		expect(result.run.data.resultData.error).toBe(error);
		expect(error.name).toBe('NodeApiError');
		expect(error.httpCode).toBe('422');
		expect(error.message).toBe('Your request is invalid or could not be processed by the service');
		expect(error.description).toContain('Text refused');
		expect(result.run.data.resultData.lastNodeExecuted).toBe('Fixture Action');
		expect(result.run.data.resultData.runData['Fixture Action'][0].error).toMatchObject({
			name: 'NodeApiError',
			message: error.message,
		});
	});

	it('a wrong API key fails with the API’s 401, applied by n8n', async () => {
		const result = await runNode({
			pkg,
			type: ACTION,
			parameters: { text: 'x' },
			credentials: { fixtureApi: { apiKey: 'wrong', baseUrl: api.baseUrl } },
		});
		expect((result.error as NodeApiError).httpCode).toBe('401');
		expect(api.received[0].query.apiKey).toBe('wrong');
	});

	it('a node without its required credential fails before running, as in n8n', async () => {
		const result = await runNode({ pkg, type: ACTION, parameters: { text: 'x' } });
		expect(result.run.status).toBe('error');
		expect(result.error?.message).toMatch(/issues|credential/i);
		expect(api.received).toHaveLength(0);
	});
});

describe('runWorkflow', () => {
	it('runs a workflow JSON from a start node and gives each node’s output', async () => {
		const workflow: WorkflowJson = {
			nodes: [
				{ id: '1', name: 'First', type: ACTION, typeVersion: 2, position: [0, 0], parameters: { text: '={{ $json.text }}' } },
				{ id: '2', name: 'Second', type: ACTION, typeVersion: 1, position: [200, 0], parameters: { text: '={{ $json.text + "!" }}' } },
			],
			connections: { First: { main: [[{ node: 'Second', type: 'main', index: 0 }]] } },
		};
		const run = await runWorkflow({
			pkg,
			workflow,
			startNode: 'First',
			items: [{ json: { text: 'hey' } }],
			credentials: goodCredentials(),
		});
		expect(run.status).toBe('success');
		expect(getExecutedNodes(run)).toEqual(['First', 'Second']);
		expect(getNodeOutput(run, 'Second')[0].json.text).toBe('hey!');
		expect(api.received.map((r) => r.query.apiKey)).toEqual([GOOD_KEY, GOOD_KEY]);
	});
});

describe('testCredential', () => {
	it('runs a node’s testedBy method on a CredentialTestContext', async () => {
		await expect(
			testCredential('fixtureApi', { apiKey: GOOD_KEY, baseUrl: api.baseUrl }, pkg),
		).resolves.toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(api.received[0]).toMatchObject({ method: 'GET', path: '/me', query: { apiKey: GOOD_KEY } });

		const refused = await testCredential('fixtureApi', { apiKey: 'wrong', baseUrl: api.baseUrl }, pkg);
		expect(refused.status).toBe('Error');
		expect(refused.message).toMatch(/401/);
	});
});

describe('TriggerHost', () => {
	const triggerWorkflow = (): WorkflowJson => ({
		nodes: [
			{
				id: 't',
				name: 'Fixture Trigger',
				type: TRIGGER,
				typeVersion: 1,
				position: [0, 0],
				parameters: { event: 'message.received' },
			},
			{
				id: 'a',
				name: 'Reply',
				type: ACTION,
				typeVersion: 2,
				position: [200, 0],
				parameters: { text: '={{ "re: " + $json.text }}' },
			},
		],
		connections: { 'Fixture Trigger': { main: [[{ node: 'Reply', type: 'main', index: 0 }]] } },
	});

	let host: TriggerHost | undefined;
	afterEach(async () => {
		await host?.close();
		host = undefined;
	});

	const startHost = async (options: { staticData?: Record<string, unknown>; mode?: 'trigger' | 'manual' } = {}) => {
		const workflow = triggerWorkflow();
		host = await TriggerHost.start({
			pkg,
			workflow,
			triggerNodeName: 'Fixture Trigger',
			credentials: goodCredentials(),
			staticData: options.staticData as never,
			mode: options.mode,
		});
		return host;
	};

	const nodeStaticData = (h: TriggerHost) => (h.staticData['node:Fixture Trigger'] ?? {}) as Record<string, unknown>;

	it('gives the node n8n’s production webhook URL', async () => {
		const h = await startHost();
		const webhookId = h.workflow.nodes[0].webhookId;
		expect(webhookId).toMatch(/^[0-9a-f-]{36}$/);
		expect(h.webhookUrl()).toBe(`${h.baseUrl}/webhook/${webhookId}/webhook`);
	});

	it('activate: checkExists, then create because it answered false; static data saved', async () => {
		const h = await startHost();
		await h.activate();

		expect(h.hookCalls.map((c) => [c.method, c.result, c.mode, c.activation])).toEqual([
			['checkExists', false, 'trigger', 'activate'],
			['create', true, 'trigger', 'activate'],
		]);
		expect(api.hooks).toHaveLength(1);
		expect(api.hooks[0].url).toBe(h.webhookUrl());
		expect(api.received.find((r) => r.method === 'POST')?.query.apiKey).toBe(GOOD_KEY);
		expect(nodeStaticData(h)).toEqual({ hookId: api.hooks[0].id, secret: api.hooks[0].secret });
	});

	it('activate with a registration that still exists: checkExists only', async () => {
		api.hooks.push({ id: 'hook-old', url: '', event: 'message.received', secret: 'old-secret' });
		const h = await startHost({ staticData: { 'node:Fixture Trigger': { hookId: 'hook-old', secret: 'old-secret' } } });
		api.hooks[0].url = h.webhookUrl();
		await h.activate();
		expect(h.hookCalls.map((c) => [c.method, c.result])).toEqual([['checkExists', true]]);
		expect(api.hooks).toHaveLength(1);
	});

	it('a webhook POST starts an execution whose downstream node runs (with credentials)', async () => {
		const h = await startHost();
		await h.activate();
		const { secret } = api.hooks[0];

		const response = await FixtureApiServer.post(h.webhookUrl(), { id: 'evt-1', text: 'hello' }, { 'x-fixture-secret': secret });
		// n8n 2.41.1 answers an `onReceived` trigger without `responseData` in its webhook
		// description with its default, the text 'firstEntryJson'.
		expect(response.status).toBe(200);
		expect(response.text).toBe('firstEntryJson');

		const [execution] = await h.waitForExecutions(1);
		expect(execution.mode).toBe('webhook');
		expect(execution.run.status).toBe('success');
		expect(getExecutedNodes(execution.run)).toEqual(['Fixture Trigger', 'Reply']);
		expect(getNodeOutput(execution.run, 'Fixture Trigger')[0].json).toEqual({
			id: 'evt-1',
			text: 'hello',
			event: 'message.received',
			query: {},
		});
		expect(getNodeOutput(execution.run, 'Reply')[0].json.text).toBe('re: hello');
		expect(api.received.filter((r) => r.path === '/messages')).toEqual([
			expect.objectContaining({ query: { apiKey: GOOD_KEY }, body: { text: 're: hello' } }),
		]);
		expect(h.requests).toEqual([
			expect.objectContaining({ method: 'POST', status: 200, body: 'firstEntryJson', executionId: execution.executionId }),
		]);
		// static data written by webhook() is saved
		expect(nodeStaticData(h).lastEventId).toBe('evt-1');
	});

	it('a request the node refuses gets the node’s own answer and starts no execution', async () => {
		const h = await startHost();
		await h.activate();

		const response = await FixtureApiServer.post(h.webhookUrl(), { id: 'evt-x', text: 'forged' }, { 'x-fixture-secret': 'nope' });
		expect(response.status).toBe(401);
		expect(response.body).toEqual({ message: 'Invalid signature' });
		await h.idle();
		expect(h.executions).toHaveLength(0);
		expect(h.requests[0]).toMatchObject({ status: 401, body: { message: 'Invalid signature' } });
		expect(api.received.filter((r) => r.path === '/messages')).toHaveLength(0);
	});

	it('a node that throws: 500 "Workflow could not be started" and a failed execution', async () => {
		const h = await startHost();
		await h.activate();
		const response = await FixtureApiServer.post(h.webhookUrl(), { text: 'x' }, { 'x-fixture-crash': '1' });
		expect(response.status).toBe(500);
		expect(response.body).toEqual({ code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
		const [execution] = await h.waitForExecutions(1);
		expect(execution.run.status).toBe('error');
		expect(execution.run.data.resultData.error?.message).toBe('Fixture trigger crashed');
		expect(execution.run.data.resultData.runData.Reply).toBeUndefined();
	});

	it('answers unknown paths and wrong methods with n8n’s 404s', async () => {
		const h = await startHost();
		await h.activate();

		const unknown = await FixtureApiServer.post(`${h.baseUrl}/webhook/nope`, {});
		expect(unknown.status).toBe(404);
		expect(unknown.body).toMatchObject({ code: 404, message: 'The requested webhook "POST nope" is not registered.' });

		const wrongMethod = await fetch(h.webhookUrl());
		expect(wrongMethod.status).toBe(404);
		expect(await wrongMethod.json()).toMatchObject({
			message: 'This webhook is not registered for GET requests. Did you mean to make a POST request?',
		});

		const badJson = await FixtureApiServer.post(h.webhookUrl(), '{not json', { 'x-fixture-secret': api.hooks[0].secret });
		expect(badJson.status).toBe(422);
		expect(badJson.body).toMatchObject({ code: 422, message: 'Failed to parse request body' });
		await h.idle();
		expect(h.executions).toHaveLength(0);
	});

	it('restart keeps static data and registration and calls no webhook method; deactivate deletes', async () => {
		const h = await startHost();
		await h.activate();
		const { secret } = api.hooks[0];
		const staticBefore = JSON.parse(JSON.stringify(h.staticData));

		await h.restart();
		expect(h.restarts).toBe(1);
		expect(h.hookCalls.map((c) => c.method)).toEqual(['checkExists', 'create']);
		expect(h.staticData).toEqual(staticBefore);
		expect(h.isActive).toBe(true);

		const response = await FixtureApiServer.post(h.webhookUrl(), { id: 'evt-2', text: 'after restart' }, { 'x-fixture-secret': secret });
		expect(response.status).toBe(200);
		const [execution] = await h.waitForExecutions(1);
		expect(getNodeOutput(execution.run, 'Reply')[0].json.text).toBe('re: after restart');

		await h.deactivate();
		expect(h.hookCalls.map((c) => [c.method, c.mode, c.activation])).toEqual([
			['checkExists', 'trigger', 'activate'],
			['create', 'trigger', 'activate'],
			['delete', 'internal', 'update'],
		]);
		expect(api.hooks).toHaveLength(0);
		expect(nodeStaticData(h).hookId).toBeUndefined();
		expect(h.isActive).toBe(false);

		const afterDeactivation = await FixtureApiServer.post(h.webhookUrl(), { text: 'late' }, { 'x-fixture-secret': secret });
		expect(afterDeactivation.status).toBe(404);
	});

	it('test mode: /webhook-test/ URL, manual activation, one call, then the registration is deleted', async () => {
		const h = await startHost({ mode: 'manual' });
		expect(h.webhookUrl()).toBe(`${h.baseUrl}/webhook-test/${h.workflow.nodes[0].webhookId}/webhook`);
		await h.activate();
		expect(h.hookCalls.map((c) => [c.method, c.mode, c.activation])).toEqual([
			['checkExists', 'manual', 'manual'],
			['create', 'manual', 'manual'],
		]);
		expect(api.hooks[0].url).toBe(h.webhookUrl());

		const first = await FixtureApiServer.post(h.webhookUrl(), { text: 'test' }, { 'x-fixture-secret': api.hooks[0]?.secret });
		expect(first.status).toBe(200);
		const [execution] = await h.waitForExecutions(1);
		expect(execution.mode).toBe('manual');
		await h.idle();
		expect(h.hookCalls.at(-1)).toMatchObject({ method: 'delete', mode: 'internal', activation: 'update' });
		expect(api.hooks).toHaveLength(0);

		const second = await FixtureApiServer.post(h.webhookUrl(), { text: 'again' });
		expect(second.status).toBe(404);
	});
});

describe('captureLogs', () => {
	it('captures n8n’s debug lines; credential secrets do not appear in them', async () => {
		const logs = captureLogs();
		try {
			await runNode({
				pkg,
				type: ACTION,
				parameters: { text: '={{ $json.text }}' },
				credentials: goodCredentials(),
				items: [{ json: { text: 'ok' } }, { json: { text: 'fail' } }],
			});
		} finally {
			logs.stop();
		}
		expect(logs.lines.some((line) => line.startsWith('debug') && line.includes('Fixture Action'))).toBe(true);
		expect(logs.entries.every((entry) => ['error', 'warn', 'info', 'debug'].includes(entry.level))).toBe(true);
		for (const line of logs.lines) expect(line).not.toContain(GOOD_KEY);
	});
});
