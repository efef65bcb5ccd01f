/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * Message → Send and Wait for Response through n8n's engine: a workflow Start → IO Phone → Next
 * runs in WorkflowExecute until it waits; the links in the text the simulator received are
 * requested on a WaitingHost (n8n's waiting-webhooks + webhook-helpers + WaitTracker, see
 * tools/harness/waiting-host.ts), which checks their signatures with n8n-core's own
 * validateUrlSignature before the node's webhook() answers.
 */
import { Container } from '@n8n/di';
import { InstanceSettings, WAITING_TOKEN_QUERY_PARAM, validateUrlSignature } from 'n8n-core';
import { WAIT_INDEFINITELY } from 'n8n-workflow';
import type { IDataObject, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { loadPackage, runNode, WaitingHost } from '../../tools/harness';
import type { LoadedPackage, StoredExecution } from '../../tools/harness';
import { FixtureNoOp } from '../../tools/harness/fixtures/FixtureNoOp.node';
import { formFieldsFrom, formFieldsProblem, postedFields, readAnswers } from '../../nodes/IoPhone/send-and-wait/form-fields';
import { formFieldsFromJson, JSON_FORM_EXAMPLE } from '../../nodes/IoPhone/send-and-wait/form-json';
import type { FormField } from '../../nodes/IoPhone/send-and-wait/form-fields';
import { labelProblem, textWithLinks } from '../../nodes/IoPhone/send-and-wait/links';
import { formPage } from '../../nodes/IoPhone/send-and-wait/pages';
import { N8N_REVIEW_MESSAGE } from '../../nodes/IoPhone/send-and-wait/review-message';
import { IoPhoneSimulator, MAX_TEXT_LENGTH } from '../../tools/simulator';
import { ACCOUNT_NUMBER, SEND_NODE, US_NUMBER, credentialsFor, runSend, textRequests } from '../support/send-node';

const NOOP = 'n8n-nodes-iophone.fixtureNoOp';
const NODE_ID = 'c0ffee00-0000-4000-8000-000000000013';

let sim: IoPhoneSimulator;
let pkg: LoadedPackage;
const hosts: WaitingHost[] = [];

beforeAll(async () => {
	sim = await IoPhoneSimulator.start({ apiKey: 'sk-live-n8n-iophone-secret-4242' });
	pkg = loadPackage({ nodes: [FixtureNoOp] });
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());
afterEach(async () => {
	await Promise.all(hosts.splice(0).map(async (host) => await host.close()));
});

function waitParameters(overrides: IDataObject = {}): INodeParameters {
	return {
		resource: 'message',
		operation: 'sendAndWait',
		toNumber: US_NUMBER,
		message: 'Ship order 1042 today?',
		...overrides,
	} as INodeParameters;
}

function workflowNodes(parameters: INodeParameters, extra: Partial<INode> = {}): INode[] {
	return [
		{ id: 'start', name: 'Start', type: NOOP, typeVersion: 1, position: [0, 0], parameters: {} },
		{ id: NODE_ID, name: 'IO Phone', type: SEND_NODE, typeVersion: 1, position: [200, 0], parameters, ...extra },
		{ id: 'next', name: 'Next', type: NOOP, typeVersion: 1, position: [400, 0], parameters: {} },
	];
}

const connections = {
	Start: { main: [[{ node: 'IO Phone', type: 'main' as const, index: 0 }]] },
	'IO Phone': { main: [[{ node: 'Next', type: 'main' as const, index: 0 }]] },
};

async function host(parameters: INodeParameters, extra: Partial<INode> = {}, apiKey?: string, mode?: 'manual' | 'trigger'): Promise<WaitingHost> {
	const started = await WaitingHost.start({
		workflow: { nodes: workflowNodes(parameters, extra), connections },
		credentials: credentialsFor(sim, apiKey),
		mode,
		pkg,
	});
	hosts.push(started);
	return started;
}

/** Runs Start → IO Phone → Next until it waits (or ends). */
async function start(parameters: INodeParameters, items?: INodeExecutionData[], extra: Partial<INode> = {}, apiKey?: string) {
	const waiting = await host(parameters, extra, apiKey);
	const execution = await waiting.run(items, 'Start');
	return { host: waiting, execution };
}

/** The "Label: URL" lines after the message, in order. */
function linksOf(text: string): Array<{ label: string; url: string }> {
	return text
		.split('\n')
		.map((line) => /^(.+): (https?:\/\/\S+)$/.exec(line))
		.filter((match): match is RegExpExecArray => match !== null)
		.map(([, label, url]) => ({ label, url }));
}

function sentLinks() {
	const [request] = textRequests(sim);
	return linksOf(String(request.body.text));
}

const output = (execution: StoredExecution, node: string) =>
	execution.data.resultData.runData[node]?.at(-1)?.data?.main?.[0] ?? undefined;

async function get(url: string, headers: Record<string, string> = {}) {
	const response = await fetch(url, { headers, redirect: 'manual' });
	return { status: response.status, headers: response.headers, body: await response.text() };
}

async function post(url: string, form: Record<string, string> = {}) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams(form).toString(),
		redirect: 'manual',
	});
	return { status: response.status, headers: response.headers, body: await response.text() };
}

const hmacSecret = () => Container.get(InstanceSettings).hmacSignatureSecret;

describe('Send and Wait: the text and the wait', () => {
	test('an approval sends one text with the message and one signed approve link, then the run waits indefinitely', async () => {
		const before = Date.now();
		const { host: waiting, execution } = await start(waitParameters({ toNumber: '(614) 257-9242' }));

		expect(execution.status).toBe('waiting');
		expect(execution.finished).toBe(false);
		expect(execution.waitTill?.getTime()).toBe(WAIT_INDEFINITELY.getTime());
		expect(output(execution, 'Next')).toBeUndefined();
		expect(Date.now() - before).toBeGreaterThanOrEqual(0);

		const requests = textRequests(sim);
		expect(requests).toHaveLength(1);
		expect(requests[0].body.toNumber).toBe(US_NUMBER);
		expect(requests[0].body).not.toHaveProperty('callbackUrl');
		const text = String(requests[0].body.text);
		const links = linksOf(text);
		expect(links.map((l) => l.label)).toEqual(['Approve']);
		expect(text).toBe(`Ship order 1042 today?\n\nApprove: ${links[0].url}`);

		const url = new URL(links[0].url);
		expect(`${url.origin}${url.pathname}`).toBe(`${waiting.baseUrl}/webhook-waiting/${execution.id}/${NODE_ID}`);
		expect(url.searchParams.get('approved')).toBe('true');
		const signature = url.searchParams.get(WAITING_TOKEN_QUERY_PARAM)!;
		expect(signature).toMatch(/^[0-9a-f]{64}$/);
		expect(validateUrlSignature(signature, url, hmacSecret())).toBe(true);
		expect(sim.sent[0].to).toBe(US_NUMBER);
	});

	test("n8n's default Message for the AI Agent review tool is sent with the tool's input as JSON, not [object Object]", async () => {
		// What n8n injects into the review tool it derives (hitl-tools.ts); $tool reads the tool call from the item.
		const items = [{ json: { tool: 'Place_Order', toolParameters: { item: 'coffee beans', boxes: 2 } } }];
		const { execution } = await start(waitParameters({ message: N8N_REVIEW_MESSAGE }), items);

		expect(execution.status).toBe('waiting');
		const text = String(textRequests(sim)[0].body.text);
		expect(text.split('\n\n').slice(0, 2)).toEqual([
			'The agent wants to run this tool: Place_Order',
			'Input:\n{"item":"coffee beans","boxes":2}',
		]);
		expect(text).not.toContain('[object Object]');
	});

	test('a Message of its own is sent as it resolves, even one that names $tool', async () => {
		const items = [{ json: { tool: 'Place_Order', toolParameters: { item: 'tea' } } }];
		await start(waitParameters({ message: '=Run {{ $tool.name }} for {{ $tool.parameters.item }}?' }), items);
		expect(String(textRequests(sim)[0].body.text).split('\n\n')[0]).toBe('Run Place_Order for tea?');
	});

	test("a Callback URL IO Phone keeps for the From Number (an IO Phone Trigger's) is left as it is", async () => {
		const trigger = 'https://n8n.example/webhook/iophone-trigger?token=t0k3n';
		await runNode({
			type: SEND_NODE,
			parameters: { resource: 'message', operation: 'send', toNumber: US_NUMBER, text: 'setup', additionalFields: { fromNumber: ACCOUNT_NUMBER, callbackUrl: trigger } },
			credentials: credentialsFor(sim),
			pkg,
		});
		const { execution } = await start(waitParameters({ additionalFields: { fromNumber: ACCOUNT_NUMBER } }));
		expect(execution.status).toBe('waiting');
		expect(textRequests(sim)[1].body).toEqual({ toNumber: US_NUMBER, fromNumber: ACCOUNT_NUMBER, text: expect.any(String) });
		expect(sim.callbackUrlFor(ACCOUNT_NUMBER)).toBe(trigger);
	});

	test('Approve and Decline: two links, approved=true and approved=false, each signed, with the given labels', async () => {
		await start(
			waitParameters({
				approvalOptions: { values: { approvalType: 'double', approveLabel: 'Ship it', disapproveLabel: 'Hold' } },
			}),
		);
		const links = sentLinks();
		expect(links.map((l) => l.label)).toEqual(['Ship it', 'Hold']);
		const [approve, decline] = links.map((l) => new URL(l.url));
		expect(approve.searchParams.get('approved')).toBe('true');
		expect(decline.searchParams.get('approved')).toBe('false');
		for (const url of [approve, decline]) {
			expect(validateUrlSignature(url.searchParams.get(WAITING_TOKEN_QUERY_PARAM)!, url, hmacSecret())).toBe(true);
		}
		expect(textRequests(sim)).toHaveLength(1);
	});

	test.each([
		['freeText', {}, 'Respond'],
		['freeText', { options: { messageButtonLabel: 'Answer here' } }, 'Answer here'],
		['customForm', { formFields: { values: [{ fieldLabel: 'Boxes', fieldType: 'number' }] }, options: { messageButtonLabel: 'Fill in' } }, 'Fill in'],
	])('%s sends one link labelled with the Message Button Label (%j)', async (responseType, overrides, label) => {
		await start(waitParameters({ responseType, ...overrides }));
		const links = sentLinks();
		expect(links.map((l) => l.label)).toEqual([label]);
		const url = new URL(links[0].url);
		expect(validateUrlSignature(url.searchParams.get(WAITING_TOKEN_QUERY_PARAM)!, url, hmacSecret())).toBe(true);
	});

	test('Limit Wait Time after an interval waits until about now + the interval', async () => {
		const before = Date.now();
		const { execution } = await start(
			waitParameters({ options: { limitWaitTime: { values: { limitType: 'afterTimeInterval', resumeAmount: 2, resumeUnit: 'hours' } } } }),
		);
		const after = Date.now();
		expect(execution.status).toBe('waiting');
		expect(execution.waitTill!.getTime()).toBeGreaterThanOrEqual(before + 2 * 3_600_000);
		expect(execution.waitTill!.getTime()).toBeLessThanOrEqual(after + 2 * 3_600_000);
	});

	test('Limit Wait Time at a specified time waits until that time', async () => {
		const at = '2030-01-02T03:04:05.000Z';
		const { execution } = await start(waitParameters({ options: { limitWaitTime: { values: { limitType: 'atSpecifiedTime', maxDateAndTime: at } } } }));
		expect(execution.waitTill!.toISOString()).toBe(at);
	});

	test('only item 0 is texted; the run waits with every input item', async () => {
		const items = [{ json: { order: 1, phone: US_NUMBER } }, { json: { order: 2, phone: '+12015550123' } }];
		const { execution } = await start(waitParameters({ toNumber: '={{ $json.phone }}', message: '=Ship order {{ $json.order }}?' }), items);
		expect(execution.status).toBe('waiting');
		expect(textRequests(sim)).toHaveLength(1);
		expect(textRequests(sim)[0].body).toMatchObject({ toNumber: US_NUMBER });
		expect(String(textRequests(sim)[0].body.text)).toMatch(/^Ship order 1\?\n\n/);
	});
});

describe('Send and Wait: resume through the links', () => {
	test('a GET on the approve link shows a confirmation page and resumes nothing; its POST resumes with approved: true', async () => {
		const items = [{ json: { order: 1042 } }];
		const { host: waiting, execution } = await start(waitParameters(), items);
		const [approve] = sentLinks();

		const page = await get(approve.url);
		expect(page.status).toBe(200);
		expect(page.headers.get('content-type')).toMatch(/^text\/html/);
		expect(page.body).toContain('<form method="post">');
		expect(page.body).toContain('>Approve</button>');
		expect(page.body).toContain('Ship order 1042 today?');
		await waiting.settled();
		const stillWaiting = waiting.execution(execution.id);
		expect(stillWaiting.status).toBe('waiting');
		expect(output(stillWaiting, 'Next')).toBeUndefined();

		const answered = await post(approve.url);
		expect(answered.status).toBe(200);
		expect(answered.body).toContain('Your answer was recorded');
		await waiting.settled();
		const resumed = waiting.execution(execution.id);
		expect(resumed.status).toBe('success');
		expect(resumed.finished).toBe(true);
		const next = output(resumed, 'Next')!;
		expect(next).toHaveLength(1);
		expect(next[0].json.data).toEqual({ approved: true, respondedAt: expect.any(String) });
		expect(new Date(String((next[0].json.data as IDataObject).respondedAt)).getTime()).not.toBeNaN();
		expect(output(resumed, 'IO Phone')![0].json).toEqual(next[0].json);
		expect(textRequests(sim)).toHaveLength(1);
	});

	test('a production execution (an active workflow, mode trigger) waits and resumes the same way', async () => {
		const waiting = await host(waitParameters(), {}, undefined, 'trigger');
		const execution = await waiting.run([{ json: { order: 5 } }], 'Start');
		expect(execution.mode).toBe('trigger');
		expect(execution.status).toBe('waiting');
		const [approve] = sentLinks();
		expect((await get(approve.url)).status).toBe(200);
		expect(waiting.execution(execution.id).status).toBe('waiting');
		await post(approve.url);
		await waiting.settled();
		expect((output(waiting.execution(execution.id), 'Next')![0].json.data as IDataObject).approved).toBe(true);
	});

	test('the decline link resumes with approved: false', async () => {
		const { host: waiting, execution } = await start(waitParameters({ approvalOptions: { values: { approvalType: 'double' } } }));
		const [, decline] = sentLinks();
		const page = await get(decline.url);
		expect(page.body).toContain('class="decline">Decline</button>');
		expect(waiting.execution(execution.id).status).toBe('waiting');
		await post(decline.url);
		await waiting.settled();
		const next = output(waiting.execution(execution.id), 'Next')!;
		expect((next[0].json.data as IDataObject).approved).toBe(false);
	});

	test('a second click after the answer changes nothing and shows n8n\'s "No action required" page', async () => {
		const { host: waiting, execution } = await start(waitParameters({ approvalOptions: { values: { approvalType: 'double' } } }));
		const [approve, decline] = sentLinks();
		await post(approve.url);
		await waiting.settled();
		const first = waiting.execution(execution.id);

		for (const again of [await post(decline.url), await post(approve.url), await get(approve.url)]) {
			expect(again.status).toBe(200);
			expect(again.body).toContain('No action required');
		}
		await waiting.settled();
		const after = waiting.execution(execution.id);
		expect(after.data.resultData.runData).toEqual(first.data.resultData.runData);
		expect((output(after, 'Next')![0].json.data as IDataObject).approved).toBe(true);
	});

	test('approve and decline pressed at the same moment: exactly one answer resumes the run', async () => {
		const { host: waiting, execution } = await start(waitParameters({ approvalOptions: { values: { approvalType: 'double' } } }));
		const [approve, decline] = sentLinks();
		await Promise.all([post(approve.url), post(decline.url), post(approve.url)]);
		await waiting.settled();
		const ended = waiting.execution(execution.id);
		expect(ended.status).toBe('success');
		expect(ended.data.resultData.runData.Next).toHaveLength(1);
		expect(output(ended, 'Next')).toHaveLength(1);
		expect(typeof (output(ended, 'Next')![0].json.data as IDataObject).approved).toBe('boolean');
	});

	test.each([
		['the answer edited (approved=true → false)', (url: URL) => url.searchParams.set('approved', 'false')],
		['the signature edited', (url: URL) => {
			const signature = url.searchParams.get(WAITING_TOKEN_QUERY_PARAM)!;
			url.searchParams.set(WAITING_TOKEN_QUERY_PARAM, (signature[0] === 'a' ? 'b' : 'a') + signature.slice(1));
		}],
		['no signature', (url: URL) => url.searchParams.delete(WAITING_TOKEN_QUERY_PARAM)],
		['a parameter added', (url: URL) => url.searchParams.set('extra', '1')],
	])('a link with %s is refused (401, n8n\'s invalid-link page) and resumes nothing', async (_case, edit) => {
		const { host: waiting, execution } = await start(waitParameters());
		const url = new URL(sentLinks()[0].url);
		edit(url);
		for (const response of [await get(url.toString()), await post(url.toString())]) {
			expect(response.status).toBe(401);
			expect(response.body).toContain('Invalid Form Link');
		}
		await waiting.settled();
		expect(waiting.execution(execution.id).status).toBe('waiting');
		expect(output(waiting.execution(execution.id), 'Next')).toBeUndefined();
	});

	test('a link to an execution that does not exist is answered 404 by n8n', async () => {
		const { host: waiting } = await start(waitParameters());
		const url = new URL(sentLinks()[0].url);
		url.pathname = url.pathname.replace(/\/webhook-waiting\/\d+\//, '/webhook-waiting/999999/');
		const response = await post(url.toString());
		expect(response.status).toBe(404);
		expect(JSON.parse(response.body).message).toBe('The execution "999999" does not exist.');
		expect(waiting.requests.at(-1)?.status).toBe(404);
	});

	test("another execution's link signature does not open this execution", async () => {
		const waiting = await host(waitParameters());
		const one = await waiting.run(undefined, 'Start');
		const two = await waiting.run(undefined, 'Start');
		const [first, second] = textRequests(sim).map((r) => new URL(linksOf(String(r.body.text))[0].url));
		expect(first.pathname).toContain(`/${one.id}/`);
		second.searchParams.set(WAITING_TOKEN_QUERY_PARAM, first.searchParams.get(WAITING_TOKEN_QUERY_PARAM)!);
		expect((await post(second.toString())).status).toBe(401);
		await waiting.settled();
		expect(waiting.execution(two.id).status).toBe('waiting');
	});

	test.each([
		['Approval', { responseType: 'approval' }],
		['Free Text', { responseType: 'freeText' }],
		['Custom Form', { responseType: 'customForm', formFields: { values: [{ fieldLabel: 'Boxes', fieldType: 'number' }] } }],
	])('%s without a Response Form Title: the page the link opens still has a heading', async (_type, overrides) => {
		await start(waitParameters(overrides));
		const page = await get(sentLinks()[0].url);
		expect(page.status).toBe(200);
		expect(page.body).toMatch(/<h1>[^<]+<\/h1>/);
	});

	test('Free Text: GET shows the form, an empty answer gets the form again (400), the POST resumes with the text', async () => {
		const { host: waiting, execution } = await start(
			waitParameters({ responseType: 'freeText', options: { responseFormTitle: 'Delivery note', responseFormButtonLabel: 'Send note' } }),
		);
		const [link] = sentLinks();
		const form = await get(link.url);
		expect(form.status).toBe(200);
		expect(form.body).toContain('<h1>Delivery note</h1>');
		expect(form.body).toMatch(/<textarea id="field-0" name="field-0"[^>]* required>/);
		expect(form.body).toContain('>Send note</button>');

		const empty = await post(link.url, { 'field-0': '   ' });
		expect(empty.status).toBe(400);
		expect(empty.body).toContain('Please fill in');
		expect(empty.body).toContain('name="field-0"');
		await waiting.settled();
		expect(waiting.execution(execution.id).status).toBe('waiting');

		await post(link.url, { 'field-0': 'Leave it at the back door' });
		await waiting.settled();
		const next = output(waiting.execution(execution.id), 'Next')!;
		expect(next[0].json.data).toEqual({ text: 'Leave it at the back door', respondedAt: expect.any(String) });
	});

	const formFields = {
		values: [
			{ fieldLabel: 'How many boxes?', fieldType: 'number', requiredField: true },
			{ fieldLabel: 'Colour', fieldType: 'dropdown', fieldOptions: 'Red, Blue', requiredField: true },
			{ fieldLabel: 'Note', fieldType: 'text' },
		],
	};

	test('Custom Form: the POST resumes with the answers by label, numbers as numbers', async () => {
		const { host: waiting, execution } = await start(waitParameters({ responseType: 'customForm', formFields }));
		const [link] = sentLinks();
		const form = await get(link.url);
		expect(form.body).toMatch(/<input id="field-0" name="field-0" type="number"/);
		expect(form.body).toContain('<option>Red</option><option>Blue</option>');
		expect(waiting.execution(execution.id).status).toBe('waiting');

		const done = await post(link.url, { 'field-0': '3', 'field-1': 'Blue', 'field-2': '' });
		expect(done.status).toBe(200);
		await waiting.settled();
		const next = output(waiting.execution(execution.id), 'Next')!;
		expect(next[0].json.data).toEqual({ 'How many boxes?': 3, Colour: 'Blue', Note: '', respondedAt: expect.any(String) });
	});

	test.each([
		['a required field missing', { 'field-1': 'Red' }, 'Please fill in &quot;How many boxes?&quot;'],
		['a number that is not one', { 'field-0': 'three', 'field-1': 'Red' }, 'must be a number'],
		['a choice not offered', { 'field-0': '1', 'field-1': 'Green' }, 'must be one of: Red, Blue'],
	])('Custom Form with %s gets the form again with 400 and resumes nothing', async (_case, answers, problem) => {
		const { host: waiting, execution } = await start(waitParameters({ responseType: 'customForm', formFields }));
		const response = await post(sentLinks()[0].url, answers);
		expect(response.status).toBe(400);
		expect(response.body).toContain(problem);
		expect(response.body).toContain('name="field-0"');
		await waiting.settled();
		expect(waiting.execution(execution.id).status).toBe('waiting');
		expect(output(waiting.execution(execution.id), 'Next')).toBeUndefined();
	});
});

describe('Send and Wait: Limit Wait Time runs out', () => {
	const limited = waitParameters({
		approvalOptions: { values: { approvalType: 'double' } },
		options: { limitWaitTime: { values: { limitType: 'afterTimeInterval', resumeAmount: 5, resumeUnit: 'minutes' } } },
	});

	test('after waitTill, n8n resumes without an answer: the input items pass on unchanged, with no approved', async () => {
		const items = [{ json: { order: 1 } }, { json: { order: 2 } }];
		const { host: waiting, execution } = await start(limited, items);
		const waitTill = execution.waitTill!;

		expect(await waiting.tick(new Date(waitTill.getTime() - 1000))).toEqual([]);
		expect(waiting.execution(execution.id).status).toBe('waiting');

		expect(await waiting.tick(new Date(waitTill.getTime() + 1))).toEqual([execution.id]);
		const ended = waiting.execution(execution.id);
		expect(ended.status).toBe('success');
		const next = output(ended, 'Next')!;
		expect(next.map((item) => item.json)).toEqual([{ order: 1 }, { order: 2 }]);
		expect(JSON.stringify(next)).not.toContain('approved');
		expect(textRequests(sim)).toHaveLength(1);
	});

	test('a link clicked after the wait expired changes nothing', async () => {
		const { host: waiting, execution } = await start(limited);
		const [approve, decline] = sentLinks();
		await waiting.tick(new Date(execution.waitTill!.getTime() + 1));
		const ended = waiting.execution(execution.id);
		for (const response of [await get(approve.url), await post(approve.url), await post(decline.url)]) {
			expect(response.status).toBe(200);
			expect(response.body).toContain('No action required');
		}
		await waiting.settled();
		expect(waiting.execution(execution.id).data.resultData.runData).toEqual(ended.data.resultData.runData);
	});

	test('without Limit Wait Time the wait never runs out', async () => {
		const { host: waiting, execution } = await start(waitParameters());
		expect(await waiting.tick(new Date('2999-12-31T00:00:00Z'))).toEqual([]);
		expect(waiting.execution(execution.id).status).toBe('waiting');
	});
});

describe('Send and Wait: Guard Rails → Opted-Out Numbers', () => {
	test('an opted-out To Number gets no text and the run does not wait: it goes on with a skipped item per input item', async () => {
		const items = [{ json: { order: 1 } }, { json: { order: 2 } }];
		const { host: waiting, execution } = await start(waitParameters({ guardRails: { optedOutNumbers: '={{ ["(614) 257-9242"] }}' } }), items);
		expect(sim.requests).toHaveLength(0);
		expect(execution.status).toBe('success');
		expect(execution.waitTill ?? undefined).toBeUndefined();
		const next = output(execution, 'Next')!;
		expect(next.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		for (const item of next) {
			expect(item.json).toEqual({ skipped: true, skipReason: 'optedOut', message: expect.stringContaining(`${US_NUMBER} has opted out`), to: US_NUMBER });
		}
		expect(execution.data.resultData.runData['IO Phone'][0].hints).toEqual([
			{ message: '1 text was not sent: the To Number is in Guard Rails → Opted-Out Numbers', location: 'outputPane' },
		]);
		expect(await waiting.tick(new Date('2999-12-31T00:00:00Z'))).toEqual([]);
	});

	test('a To Number not on the list is texted and waits as usual', async () => {
		const { execution } = await start(waitParameters({ guardRails: { optedOutNumbers: '+12015550123' } }));
		expect(execution.status).toBe('waiting');
		expect(textRequests(sim)).toHaveLength(1);
	});

	test('with Continue On Fail a list that cannot be read gives paired error items and no wait', async () => {
		const items = [{ json: {} }, { json: {} }];
		const { execution } = await start(waitParameters({ guardRails: { optedOutNumbers: '={{ [{ mobile: "x" }] }}' } }), items, { onError: 'continueRegularOutput' });
		expect(sim.requests).toHaveLength(0);
		expect(execution.waitTill ?? undefined).toBeUndefined();
		expect(output(execution, 'Next')!.map((item) => [item.json.error, item.pairedItem])).toEqual([
			[expect.stringContaining('Opted-Out Numbers entry 0 is a row without a "phone" field'), { item: 0 }],
			[expect.stringContaining('Opted-Out Numbers entry 0 is a row without a "phone" field'), { item: 1 }],
		]);
	});
});

describe('Send and Wait: bad input fails before any request', () => {
	async function fails(parameters: INodeParameters, field: RegExp) {
		const { host: waiting, execution } = await start(parameters);
		expect(sim.requests).toHaveLength(0);
		expect(execution.status).toBe('error');
		expect(execution.waitTill ?? undefined).toBeUndefined();
		const error = execution.data.resultData.error!;
		expect(error.message).toMatch(field);
		expect(error.message).toMatch(/\[item 0\]$/);
		expect(output(execution, 'Next')).toBeUndefined();
		expect(await waiting.tick(new Date('2999-12-31T00:00:00Z'))).toEqual([]);
		return error;
	}

	const tooLong = 'x'.repeat(MAX_TEXT_LENGTH - 100);

	test.each([
		['To Number empty (an expression)', { toNumber: '={{ $json.none }}' }, /^To Number is empty/],
		['a To Number that is no phone number', { toNumber: '12' }, /^To Number "12"/],
		['Message empty (an expression)', { message: '={{ $json.none }}' }, /^Message .*is empty/],
		['Message only blanks', { message: '  ' }, /^Message .*is empty/],
		['an emoji in the approve label', { approvalOptions: { values: { approveLabel: 'OK 👍' } } }, /^Approve Button Label "OK 👍" has characters outside the GSM alphabet/],
		['an emoji in the decline label', { approvalOptions: { values: { approvalType: 'double', disapproveLabel: 'No 👎' } } }, /^Decline Button Label "No 👎"/],
		['an empty label', { approvalOptions: { values: { approveLabel: ' ' } } }, /^Approve Button Label is empty/],
		['an emoji in the Message Button Label', { responseType: 'freeText', options: { messageButtonLabel: 'Reply ✍️' } }, /^Message Button Label "Reply ✍️"/],
		['a message that fits alone but not with its links', { message: tooLong }, new RegExp(`^Message with its links is \\d+ characters long; IO Phone accepts at most ${MAX_TEXT_LENGTH}`)],
		['Custom Form with no field', { responseType: 'customForm' }, /^Form Fields has no field/],
		['a dropdown with no choices', { responseType: 'customForm', formFields: { values: [{ fieldLabel: 'Pick', fieldType: 'dropdown', fieldOptions: ' , ' }] } }, /^Form Fields: "Pick" is a Dropdown List with no Choices/],
		['a label used twice', { responseType: 'customForm', formFields: { values: [{ fieldLabel: 'Name' }, { fieldLabel: ' Name ' }] } }, /^Form Fields: the label "Name" is used twice/],
		['a field with no label (an expression)', { responseType: 'customForm', formFields: { values: [{ fieldLabel: '={{ $json.none }}' }] } }, /^Form Fields: field 1 has no Field Label/],
		['Limit Wait Time at a bad date', { options: { limitWaitTime: { values: { limitType: 'atSpecifiedTime', maxDateAndTime: 'next tuesday-ish' } } } }, /^Limit Wait Time "next tuesday-ish" is not a date and time/],
		['Destination Countries', { guardRails: { allowedCountries: ['GB', 'DE'] } }, /^To Number is in US, which is not among the allowed destination countries \(GB, DE\)/],
		['Fixed From Number against another From Number', { additionalFields: { fromNumber: '+15553334444' }, guardRails: { fixedFromNumber: ACCOUNT_NUMBER } }, /^From Number "\+15553334444" differs from the fixed From Number/],
	])('%s', async (_case, overrides, field) => {
		await fails(waitParameters(overrides), field);
	});

	test('Max Segments counts the links: a 1-segment message with its approve link takes 2', async () => {
		await fails(waitParameters({ message: 'OK?', guardRails: { maxSegments: 1 } }), /would take 2 GSM-7 segments; the guard rail allows at most 1/);
		const { execution } = await start(waitParameters({ message: 'OK?', guardRails: { maxSegments: 2 } }));
		expect(execution.status).toBe('waiting');
		expect(sim.sent[0].segmentCount).toBe(2);
	});

	test('Max Text Length counts the links', async () => {
		await fails(waitParameters({ message: 'OK?', guardRails: { maxLength: 100 } }), /^Message with its links is \d+ characters long; the guard rail allows at most 100/);
	});

	test('with Continue On Fail every input item gives one paired error item, and the run does not wait', async () => {
		const items = [{ json: { n: 0 } }, { json: { n: 1 } }, { json: { n: 2 } }];
		const { host: waiting, execution } = await start(waitParameters({ toNumber: '={{ $json.none }}' }), items, { onError: 'continueRegularOutput' });
		expect(sim.requests).toHaveLength(0);
		expect(execution.status).toBe('success');
		expect(execution.waitTill ?? undefined).toBeUndefined();
		const next = output(execution, 'Next')!;
		expect(next).toHaveLength(3);
		next.forEach((item, i) => {
			expect(item.json).toEqual({ error: 'To Number is empty [item 0]' });
			expect(item.pairedItem).toEqual({ item: i });
		});
		expect(await waiting.tick(new Date('2999-12-31T00:00:00Z'))).toEqual([]);
	});

	test('Continue On Fail error items are separate objects (runNode)', async () => {
		const { items } = await runNode({
			type: SEND_NODE,
			parameters: waitParameters({ toNumber: '={{ $json.none }}' }),
			credentials: credentialsFor(sim),
			items: [{ json: {} }, { json: {} }],
			continueOnFail: true,
			pkg,
		});
		expect(items.map((item) => item.json)).toEqual([{ error: 'To Number is empty [item 0]' }, { error: 'To Number is empty [item 0]' }]);
		expect(items[0].json).not.toBe(items[1].json);
	});

	test("an IO Phone error (invalid key, 403) fails with IO Phone's message and no wait; the key shows nowhere", async () => {
		const wrongKey = 'sk-wrong-key-should-not-leak-9876';
		const { execution } = await start(waitParameters(), undefined, {}, wrongKey);
		expect(textRequests(sim)).toHaveLength(1);
		expect(execution.status).toBe('error');
		expect(execution.waitTill ?? undefined).toBeUndefined();
		const error = execution.data.resultData.error!;
		expect(error.name).toBe('NodeApiError');
		expect(`${error.message} ${error.description ?? ''}`).toContain('Invalid API key');
		const everything = JSON.stringify(execution.data);
		expect(everything).not.toContain(wrongKey);
		expect(everything).not.toContain(sim.apiKey);
	});

	test('an IO Phone error with Continue On Fail gives paired error items and no wait', async () => {
		const { execution } = await start(waitParameters(), [{ json: {} }, { json: {} }], { onError: 'continueRegularOutput' }, 'sk-wrong');
		expect(execution.status).toBe('success');
		const next = output(execution, 'Next')!;
		expect(next.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(String(next[0].json.error)).toContain('Invalid API key');
	});

	test.each([
		['To Number', { toNumber: '' }],
		['Message', { message: '' }],
		['Field Label', { responseType: 'customForm', formFields: { values: [{ fieldLabel: '' }] } }],
	])("a required field left empty (%s) is refused by n8n's own check before the node runs", async (field, overrides) => {
		const { execution } = await start(waitParameters(overrides));
		expect(sim.requests).toHaveLength(0);
		expect(execution.status).toBe('error');
		expect(execution.data.resultData.error!.message).toContain(`Parameter "${field}" is required`);
	});

	test('runs as a single node in the engine too (runNode), failing before any request', async () => {
		const { error } = await runNode({ type: SEND_NODE, parameters: waitParameters({ message: ' ' }), credentials: credentialsFor(sim), pkg });
		expect(error?.message).toMatch(/^Message .*is empty \[item 0\]$/);
		expect(sim.requests).toHaveLength(0);
	});
});

describe('Send and Wait: the pages', () => {
	test('message and labels are HTML-escaped: a <script> shows as text', async () => {
		const message = 'Approve <script>alert("x")</script> & \'more\'?';
		const { host: waiting, execution } = await start(
			waitParameters({ message, approvalOptions: { values: { approvalType: 'double', approveLabel: 'Yes <b>now</b>', disapproveLabel: 'No & "never"' } } }),
		);
		const [approve, decline] = sentLinks();
		const page = await get(approve.url);
		expect(page.body).not.toContain('<script>');
		expect(page.body).not.toContain('<b>');
		expect(page.body).toContain('Approve &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;more&#39;?');
		expect(page.body).toContain('Yes &lt;b&gt;now&lt;/b&gt;');
		expect((await get(decline.url)).body).toContain('No &amp; &quot;never&quot;');
		expect(waiting.execution(execution.id).status).toBe('waiting');
	});

	test("a message and label given by expressions show item 0's values on the page, as in the text", async () => {
		const { host: waiting, execution } = await start(
			waitParameters({ message: '=Ship order {{ $json.order }}?', approvalOptions: { values: { approveLabel: '={{ "Ship " + $json.order }}' } } }),
			[{ json: { order: 7 } }, { json: { order: 8 } }],
		);
		const [approve] = sentLinks();
		expect(approve.label).toBe('Ship 7');
		const page = await get(approve.url);
		expect(page.body).toContain('<p class="message">Ship order 7?</p>');
		expect(page.body).toContain('>Ship 7</button>');
		expect(waiting.execution(execution.id).status).toBe('waiting');
	});

	test('a free-text answer is escaped on the "recorded" page and kept as given in the output', async () => {
		const { host: waiting, execution } = await start(waitParameters({ responseType: 'freeText' }));
		const answer = '<script>alert(1)</script>';
		const page = await post(sentLinks()[0].url, { 'field-0': answer });
		expect(page.body).not.toContain('<script>');
		expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
		await waiting.settled();
		expect((output(waiting.execution(execution.id), 'Next')![0].json.data as IDataObject).text).toBe(answer);
	});

	test('form title, description and field labels are escaped too', async () => {
		await start(
			waitParameters({
				responseType: 'customForm',
				formFields: { values: [{ fieldLabel: '<img src=x onerror=alert(1)>', fieldType: 'dropdown', fieldOptions: '<i>a</i>, b' }] },
				options: { responseFormTitle: '<h2>T</h2>', responseFormDescription: '<iframe>' },
			}),
		);
		const page = await get(sentLinks()[0].url);
		for (const raw of ['<img', '<h2>', '<iframe>', '<i>']) expect(page.body).not.toContain(raw);
		expect(page.body).toContain('&lt;img src=x onerror=alert(1)&gt;');
		expect(page.body).toContain('&lt;iframe&gt;');
	});

	test('every page is sent with no-store, no-referrer and a CSP without scripts', async () => {
		await start(waitParameters({ responseType: 'customForm', formFields: { values: [{ fieldLabel: 'A', requiredField: true }] } }));
		const [link] = sentLinks();
		for (const response of [await get(link.url), await post(link.url, {}), await post(link.url, { 'field-0': 'x' })]) {
			expect(response.headers.get('cache-control')).toBe('no-store');
			expect(response.headers.get('referrer-policy')).toBe('no-referrer');
			expect(response.headers.get('x-robots-tag')).toBe('noindex, nofollow');
			const csp = response.headers.get('content-security-policy')!;
			expect(csp).toContain("default-src 'none'");
			expect(csp).not.toContain('script-src');
			expect(response.body).not.toMatch(/<script|https?:\/\/(?!127\.0\.0\.1)/);
		}
	});

	test.each([
		['WhatsApp', 'WhatsApp/2.23.20.0'],
		['iMessage', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0'],
		['Slack', 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)'],
		['a phone browser', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148'],
		['no User-Agent', ''],
	])('a GET from %s resumes nothing', async (_who, userAgent) => {
		const { host: waiting, execution } = await start(waitParameters({ approvalOptions: { values: { approvalType: 'double' } } }));
		for (const link of sentLinks()) {
			const page = await get(link.url, { 'User-Agent': userAgent });
			expect(page.status).toBe(200);
			expect(page.body).toContain('Nothing is recorded until you press the button');
		}
		await waiting.settled();
		expect(waiting.execution(execution.id).status).toBe('waiting');
	});

	test('the API key appears in no text, page or output', async () => {
		const { host: waiting, execution } = await start(waitParameters({ responseType: 'freeText' }));
		const [link] = sentLinks();
		const bodies = [String(textRequests(sim)[0].body.text), (await get(link.url)).body, (await post(link.url, { 'field-0': 'fine' })).body];
		await waiting.settled();
		bodies.push(JSON.stringify(waiting.execution(execution.id).data));
		for (const body of bodies) expect(body).not.toContain(sim.apiKey);
		expect(textRequests(sim)[0].query.apiKey).toBe(sim.apiKey);
	});
});

describe('Send and Wait: helpers (unit)', () => {
	test('textWithLinks: the message without trailing blanks, a blank line, one "Label: URL" line per link', () => {
		expect(
			textWithLinks('Ship it?  \n', [
				{ label: 'Yes', url: 'https://n8n.example/a' },
				{ label: 'No', url: 'https://n8n.example/b' },
			]),
		).toBe('Ship it?\n\nYes: https://n8n.example/a\nNo: https://n8n.example/b');
	});

	test.each([
		['Approve', undefined],
		['OK [now] {€}', undefined],
		['', 'is empty'],
		['It’s fine', 'outside the GSM alphabet'],
		['Oui ✅', 'outside the GSM alphabet'],
	])('labelProblem(%j)', (label, problem) => {
		const found = labelProblem(label);
		if (problem === undefined) expect(found).toBeUndefined();
		else expect(found).toContain(problem);
	});

	test('formFieldsFrom: labels trimmed, unknown types read as text, choices split on commas', () => {
		expect(
			formFieldsFrom([
				{ fieldLabel: ' A ', fieldType: 'weird' },
				{ fieldLabel: 'B', fieldType: 'dropdown', fieldOptions: 'x, ,y ', requiredField: true },
			]),
		).toEqual([
			{ label: 'A', type: 'text', required: false, choices: [] },
			{ label: 'B', type: 'dropdown', required: true, choices: ['x', 'y'] },
		]);
		expect(formFieldsFrom(undefined)).toEqual([]);
	});

	test('readAnswers: numbers as numbers (empty optional number is null), text trimmed, the first of repeated values', () => {
		const fields = formFieldsFrom([
			{ fieldLabel: 'N', fieldType: 'number' },
			{ fieldLabel: 'M', fieldType: 'number' },
			{ fieldLabel: 'T', fieldType: 'text' },
		]);
		expect(readAnswers(fields, { 'field-0': ' 2.5 ', 'field-1': '', 'field-2': ['first', 'second'] })).toEqual({
			answers: { N: 2.5, M: null, T: 'first' },
		});
		expect(readAnswers(fields, { 'field-0': 'Infinity' })).toEqual({ problem: '"N" must be a number.' });
	});
});

/**
 * How a Send and Wait form is posted. n8n 2.41.1 answers a Custom Form's POST that is not
 * multipart/form-data with 415 before the node sees it (webhook-helpers requiresMultipartFormData),
 * and parses a multipart body into { data, files }. Seen in real n8n: test/e2e/send-and-wait.e2e.ts.
 */
const fields: FormField[] = [
	{ label: 'Boxes', type: 'number', required: true, choices: [] },
	{ label: 'Day', type: 'dropdown', required: true, choices: ['Monday', 'Tuesday'] },
];

describe('Send and Wait form posts', () => {
	test('the form page posts multipart/form-data', () => {
		const html = formPage({ title: '', description: 'How many?', buttonLabel: 'Submit', fields });
		expect(html).toContain('<form method="post" enctype="multipart/form-data">');
	});

	test('a multipart body as n8n parses it ({ data, files }) gives the answers', () => {
		const body = { data: { 'field-0': '12', 'field-1': 'Tuesday' }, files: {} };
		expect(readAnswers(fields, postedFields(body))).toEqual({ answers: { Boxes: 12, Day: 'Tuesday' } });
	});

	test('a urlencoded body (the fields themselves) gives the same answers', () => {
		expect(readAnswers(fields, postedFields({ 'field-0': '12', 'field-1': 'Tuesday' }))).toEqual({ answers: { Boxes: 12, Day: 'Tuesday' } });
	});

	test('no body, or not an object, reads as no answers', () => {
		for (const body of [undefined, null, 'field-0=1', 42]) {
			expect(readAnswers(fields, postedFields(body))).toEqual({ problem: 'Please fill in "Boxes".' });
		}
	});
});

/** Send and Wait's wait: without Options → Limit Wait Time the execution waits until answered, as n8n's own nodes do. */
const sendAndWait = (options: IDataObject = {}): INodeParameters =>
	({ resource: 'message', operation: 'sendAndWait', toNumber: US_NUMBER, message: 'Ship it?', options }) as INodeParameters;

describe('IO Phone node: Send and Wait for Response, how long it waits', () => {
	test('without Limit Wait Time the execution waits indefinitely (not the option’s 45-minute default)', async () => {
		const { run, error } = await runSend(sim, sendAndWait());
		expect(error).toBeUndefined();
		expect(textRequests(sim)).toHaveLength(1);
		expect(run.waitTill).toEqual(WAIT_INDEFINITELY);
	});

	test('with Limit Wait Time added, it waits that long', async () => {
		const before = Date.now();
		const { run } = await runSend(
			sim,
			sendAndWait({ limitWaitTime: { values: { limitType: 'afterTimeInterval', resumeAmount: 2, resumeUnit: 'hours' } } }),
		);
		const waitMs = run.waitTill!.getTime() - before;
		expect(waitMs).toBeGreaterThanOrEqual(2 * 3_600_000);
		expect(waitMs).toBeLessThan(2 * 3_600_000 + 60_000);
	});
});

/** Version 1.1, the default for new nodes: Approve and Decline share one link to a page with both buttons. */
const ONE_LINK_VERSION = { typeVersion: 1.1 };
const approveOrDecline = (values: IDataObject = {}) => waitParameters({ approvalOptions: { values: { approvalType: 'double', ...values } } });

describe('Send and Wait 1.1: Approve and Decline in one link', () => {
	test('one signed link with no answer in it, labelled with both buttons; the same question with a link per button takes one segment more', async () => {
		const question = 'Approve invoice 1042 now?';
		await start(waitParameters({ message: question, approvalOptions: { values: { approvalType: 'double' } } }), undefined, ONE_LINK_VERSION);
		await start(waitParameters({ message: question, approvalOptions: { values: { approvalType: 'double' } } }));
		const [one, two] = textRequests(sim).map((r) => String(r.body.text));

		const [link] = linksOf(one);
		expect(linksOf(one)).toHaveLength(1);
		expect(link.label).toBe('Approve or Decline');
		expect(one).toBe(`${question}\n\nApprove or Decline: ${link.url}`);
		const url = new URL(link.url);
		expect([...url.searchParams.keys()]).toEqual([WAITING_TOKEN_QUERY_PARAM]);
		expect(validateUrlSignature(url.searchParams.get(WAITING_TOKEN_QUERY_PARAM)!, url, hmacSecret())).toBe(true);

		expect(linksOf(two).map((l) => l.label)).toEqual(['Approve', 'Decline']);
		const [oneSent, twoSent] = sim.sent;
		expect(oneSent.segmentCount).toBe(twoSent.segmentCount - 1);
		expect(one.length).toBeLessThan(two.length - link.url.length);
	});

	test('a GET (previews, a phone) shows both buttons and resumes nothing; the pressed button posts its answer and resumes', async () => {
		for (const [answer, approved] of [['true', true], ['false', false]] as const) {
			const { host: waiting, execution } = await start(approveOrDecline({ approveLabel: 'Ship it', disapproveLabel: 'Hold' }), [{ json: { order: 1 } }], ONE_LINK_VERSION);
			const [link] = linksOf(String(textRequests(sim).at(-1)!.body.text));
			expect(link.label).toBe('Ship it or Hold');
			for (const userAgent of ['WhatsApp/2.23.20.0', 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)', '']) {
				const page = await get(link.url, { 'User-Agent': userAgent });
				expect(page.status).toBe(200);
				expect(page.body).toContain('<h1>Ship it or Hold?</h1>');
				expect(page.body).toContain('<p class="message">Ship order 1042 today?</p>');
				expect(page.body).toContain('<button type="submit" name="approved" value="true" class="approve">Ship it</button>');
				expect(page.body).toContain('<button type="submit" name="approved" value="false" class="decline">Hold</button>');
				expect(page.body).toContain('Nothing is recorded until you press a button');
			}
			await waiting.settled();
			expect(waiting.execution(execution.id).status).toBe('waiting');

			const done = await post(link.url, { approved: answer });
			expect(done.status).toBe(200);
			expect(done.body).toContain(`Your answer was recorded: <strong>${approved ? 'Ship it' : 'Hold'}</strong>`);
			await waiting.settled();
			const resumed = waiting.execution(execution.id);
			expect(resumed.status).toBe('success');
			expect(output(resumed, 'Next')![0].json.data).toEqual({ approved, respondedAt: expect.any(String) });
			expect((await post(link.url, { approved: 'true' })).body).toContain('No action required');
		}
	});

	test.each([
		['no answer', {}],
		['an answer that is neither', { approved: 'yes' }],
	])('a POST with %s gets both buttons again (400) and resumes nothing', async (_case, form) => {
		const { host: waiting, execution } = await start(approveOrDecline(), undefined, ONE_LINK_VERSION);
		const [link] = sentLinks();
		const response = await post(link.url, form);
		expect(response.status).toBe(400);
		expect(response.body).toContain('Please press one of the buttons.');
		expect(response.body).toContain('name="approved" value="false"');
		await waiting.settled();
		expect(waiting.execution(execution.id).status).toBe('waiting');
	});

	test('the answer cannot be put into the link: a link with approved added is refused (401)', async () => {
		const { host: waiting, execution } = await start(approveOrDecline(), undefined, ONE_LINK_VERSION);
		const url = new URL(sentLinks()[0].url);
		url.searchParams.set('approved', 'false');
		for (const response of [await get(url.toString()), await post(url.toString())]) expect(response.status).toBe(401);
		await waiting.settled();
		expect(waiting.execution(execution.id).status).toBe('waiting');
	});

	test('1.1 with Links in the Text set to a link per button sends two; version 1 sends two whatever the field holds (it does not show it)', async () => {
		await start(approveOrDecline({ linksInText: 'perButton' }), undefined, ONE_LINK_VERSION);
		// The editor fills a fixed collection with every value's default, shown or not: a version 1 node can hold onePage.
		await start(approveOrDecline({ linksInText: 'onePage' }));
		for (const request of textRequests(sim)) {
			expect(linksOf(String(request.body.text)).map((l) => new URL(l.url).searchParams.get('approved'))).toEqual(['true', 'false']);
		}
	});

	test('Approve Only is unchanged in 1.1: one approve link', async () => {
		await start(waitParameters(), undefined, ONE_LINK_VERSION);
		const links = sentLinks();
		expect(links.map((l) => l.label)).toEqual(['Approve']);
		expect(new URL(links[0].url).searchParams.get('approved')).toBe('true');
	});

	test('labels are still checked (GSM alphabet) and escaped on the page', async () => {
		const { execution } = await start(approveOrDecline({ disapproveLabel: 'No 👎' }), undefined, ONE_LINK_VERSION);
		expect(execution.status).toBe('error');
		expect(execution.data.resultData.error!.message).toMatch(/^Decline Button Label "No 👎" has characters outside the GSM alphabet.*\[item 0\]$/);
		expect(sim.requests).toHaveLength(0);

		await start(approveOrDecline({ approveLabel: 'Yes <b>now</b>', disapproveLabel: 'No & "never"' }), undefined, ONE_LINK_VERSION);
		const page = await get(sentLinks()[0].url);
		expect(page.body).not.toContain('<b>');
		expect(page.body).toContain('>Yes &lt;b&gt;now&lt;/b&gt;</button>');
		expect(page.body).toContain('>No &amp; &quot;never&quot;</button>');
	});

	test('Links in the Text from an expression that gives no option fails naming the field and the item', async () => {
		const { execution } = await start(approveOrDecline({ linksInText: '={{ "both" }}' }), undefined, ONE_LINK_VERSION);
		expect(execution.data.resultData.error!.message).toBe('Links in the Text "both" is not one of its options [item 0]');
		expect(sim.requests).toHaveLength(0);
	});
});

/** Custom Form → Define Form: Using JSON, in the JSON n8n's own Form and Send and Wait nodes take. */
const jsonForm = (jsonOutput: string, extra: IDataObject = {}) => waitParameters({ responseType: 'customForm', defineForm: 'json', jsonOutput, ...extra });

describe('Send and Wait: Custom Form defined with JSON', () => {
	const fieldsJson = JSON.stringify([
		{ fieldLabel: 'Boxes', fieldType: 'number', requiredField: true, placeholder: 'e.g. 12' },
		{ fieldLabel: 'Day', fieldType: 'dropdown', fieldOptions: { values: [{ option: 'Monday' }, { option: 'Tuesday' }] }, requiredField: true },
		{ fieldLabel: 'Note' },
	]);

	test('the link opens the form the JSON defines; the POST resumes with the answers by label', async () => {
		const { host: waiting, execution } = await start(jsonForm(fieldsJson, { formFields: { values: [{ fieldLabel: 'Ignored' }] } }));
		const [link] = sentLinks();
		const form = await get(link.url);
		expect(form.status).toBe(200);
		expect(form.body).toMatch(/<input id="field-0" name="field-0" type="number" step="any" placeholder="e.g. 12" required>/);
		expect(form.body).toContain('<option>Monday</option><option>Tuesday</option>');
		expect(form.body).toMatch(/<input id="field-2" name="field-2" type="text">/);
		expect(form.body).not.toContain('Ignored');

		const missing = await post(link.url, { 'field-1': 'Monday' });
		expect(missing.status).toBe(400);
		expect(missing.body).toContain('Please fill in &quot;Boxes&quot;');

		await post(link.url, { 'field-0': '12', 'field-1': 'Tuesday', 'field-2': 'Side door' });
		await waiting.settled();
		expect(output(waiting.execution(execution.id), 'Next')![0].json.data).toEqual({ Boxes: 12, Day: 'Tuesday', Note: 'Side door', respondedAt: expect.any(String) });
	});

	test("an expression builds the fields from item 0, for the check before sending and for the page", async () => {
		const items = [{ json: { fields: [{ fieldLabel: 'Pallets', fieldType: 'number' }] } }, { json: { fields: [{ fieldLabel: 'Other' }] } }];
		const { host: waiting, execution } = await start(jsonForm('={{ JSON.stringify($json.fields) }}'), items);
		expect(execution.status).toBe('waiting');
		const page = await get(sentLinks()[0].url);
		expect(page.body).toContain('>Pallets</label>');
		expect(page.body).not.toContain('Other');
		expect((await post(sentLinks()[0].url, { 'field-0': '4' })).status).toBe(200);
		await waiting.settled();
		expect((output(waiting.execution(execution.id), 'Next')![0].json.data as IDataObject).Pallets).toBe(4);
	});

	test('an expression may give the list itself rather than its JSON text', async () => {
		const { execution } = await start(jsonForm('={{ $json.fields }}'), [{ json: { fields: [{ fieldLabel: 'Pallets' }] } }]);
		expect(execution.status).toBe('waiting');
		expect((await get(sentLinks()[0].url)).body).toContain('>Pallets</label>');
	});

	test.each([
		['text that is not JSON', '[{ fieldLabel: Boxes }]', /^Form Fields \(JSON\) is not valid JSON: /],
		['empty', ' ', /^Form Fields \(JSON\) is empty: give a list of fields/],
		['an object, not a list', '{"fieldLabel": "Boxes"}', /^Form Fields \(JSON\) must be a list of fields \(\[\{…\}, \{…\}\]\), but it is an object/],
		['an empty list', '[]', /^Form Fields has no field; add at least one/],
		['a field that is not an object', '["Boxes"]', /^Form Fields \(JSON\) field 1 must be an object like \{"fieldLabel": "Boxes"\}, but it is "Boxes"/],
		['no fieldLabel', '[{"fieldLabel": "A"}, {"fieldType": "text"}]', /^Form Fields \(JSON\) field 2 needs a "fieldLabel" \(text\), but it is null/],
		['a misspelt key', '[{"fieldLabel": "A", "required": true}]', /^Form Fields \(JSON\) field 1 has the key "required", which this form does not offer; keys: fieldLabel, fieldType, requiredField, fieldOptions or placeholder/],
		['a type this form lacks', '[{"fieldLabel": "Upload", "fieldType": "file"}]', /^Form Fields \(JSON\) field 1 \("Upload"\) has "fieldType" "file"; this form offers date, dropdown, email, number, text or textarea/],
		['requiredField as text', '[{"fieldLabel": "A", "requiredField": "yes"}]', /^Form Fields \(JSON\) field 1 \("A"\) has "requiredField" "yes"; use true or false/],
		['a dropdown without fieldOptions', '[{"fieldLabel": "Day", "fieldType": "dropdown"}]', /^Form Fields \(JSON\) field 1 \("Day"\) is a "dropdown" and needs "fieldOptions" like \{"values"/],
		['a dropdown choice not like {"option": …}', '[{"fieldLabel": "Day", "fieldType": "dropdown", "fieldOptions": {"values": ["Monday"]}}]', /^Form Fields \(JSON\) field 1 \("Day"\): choice 1 of "fieldOptions" must be like \{"option": "Red"\}, but it is "Monday"/],
		['fieldOptions on a text field', '[{"fieldLabel": "A", "fieldOptions": {"values": []}}]', /^Form Fields \(JSON\) field 1 \("A"\) has "fieldOptions", which only a "dropdown" field takes/],
		['a label used twice', '[{"fieldLabel": "A"}, {"fieldLabel": " A "}]', /^Form Fields: the label "A" is used twice/],
		['an expression that gives nothing', '={{ $json.none }}', /^Form Fields \(JSON\) is empty: give a list of fields/],
		['an expression that fails', '={{ $("No Such Node").item.json.fields }}', /^Form Fields could not be resolved: /],
	])('%s fails before any request, naming the field and item 0', async (_case, jsonOutput, message) => {
		const { execution } = await start(jsonForm(jsonOutput));
		expect(sim.requests).toHaveLength(0);
		expect(execution.status).toBe('error');
		expect(execution.waitTill ?? undefined).toBeUndefined();
		expect(execution.data.resultData.error!.message).toMatch(message);
		expect(execution.data.resultData.error!.message).toMatch(/\[item 0\]$/);
	});

	test('with Continue On Fail bad JSON gives one paired error item per input item and no wait', async () => {
		const { execution } = await start(jsonForm('nope'), [{ json: {} }, { json: {} }], { onError: 'continueRegularOutput' });
		expect(sim.requests).toHaveLength(0);
		expect(output(execution, 'Next')!.map((item) => [item.json.error, item.pairedItem])).toEqual([
			[expect.stringMatching(/^Form Fields \(JSON\) is not valid JSON: .*\[item 0\]$/), { item: 0 }],
			[expect.stringMatching(/^Form Fields \(JSON\) is not valid JSON: .*\[item 0\]$/), { item: 1 }],
		]);
	});

});

describe('Send and Wait: a JSON form that cannot be built when its link is opened', () => {
	test('the page says why (500), and the execution keeps waiting', async () => {
		// The node has run data only once it waits: the JSON reads when sending, and is broken when the link is opened.
		const { host: waiting, execution } = await start(jsonForm(`={{ $('IO Phone').isExecuted ? '[{"fieldLabel": ' : '[{"fieldLabel": "A"}]' }}`));
		expect(execution.status).toBe('waiting');
		const page = await get(sentLinks()[0].url);
		expect(page.status).toBe(500);
		expect(page.body).toContain('This form cannot be shown');
		expect(page.body).toContain('Form Fields (JSON) is not valid JSON');
		await waiting.settled();
		expect(waiting.execution(execution.id).status).toBe('waiting');
	});
});

describe('Send and Wait: Define Form JSON (unit)', () => {
	test("n8n's shape: type text by default, labels and choices trimmed, fieldOptions as { values } or the list alone", () => {
		expect(
			formFieldsFromJson([
				{ fieldLabel: ' Name ' },
				{ fieldLabel: 'Day', fieldType: 'dropdown', fieldOptions: { values: [{ option: ' Mon ' }, { option: '' }] }, requiredField: true },
				{ fieldLabel: 7, fieldType: 'dropdown', fieldOptions: [{ option: 'Red' }] },
				{ fieldLabel: 'When', fieldType: 'date', placeholder: '  ' },
			]),
		).toEqual([
			{ label: 'Name', type: 'text', required: false, choices: [] },
			{ label: 'Day', type: 'dropdown', required: true, choices: ['Mon'] },
			{ label: '7', type: 'dropdown', required: false, choices: ['Red'] },
			{ label: 'When', type: 'date', required: false, choices: [] },
		]);
	});

	test("the field's default is n8n-shaped JSON that makes a form", () => {
		const fields = formFieldsFromJson(JSON.stringify(JSON_FORM_EXAMPLE));
		expect(fields.map((f) => f.type)).toEqual(['number', 'dropdown', 'textarea']);
		expect(formFieldsProblem(fields)).toBeUndefined();
	});
});
