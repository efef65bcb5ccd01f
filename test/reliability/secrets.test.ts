/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * Secrets: the API key and the trigger's callback token appear in no output item, no error (message,
 * description, context, cause, the request n8n might attach), no stored run (JSON of the whole IRun) and
 * no log line at debug level, whatever fails: every IO Phone fault, bad input, an unreachable host,
 * failed trigger activations, forged webhooks.
 */
import type { IDataObject, IRun } from 'n8n-workflow';

import { captureLogs, runNode, TriggerHost } from '../../tools/harness';
import type { LogCapture } from '../../tools/harness';
import { testCredential } from '../../tools/harness/credential-test';
import { IoPhoneSimulator } from '../../tools/simulator';
import type { Fault } from '../../tools/simulator';
import { ACCOUNT_NUMBER, SEND_NODE, TRIGGER_NODE, US_NUMBER, runSend, sendParameters, textRequests } from '../support/send-node';
import { distinctItems, everything } from '../support/reliability';

const API_KEY = 'sk-live-RELIABILITY-5e3b9c1f77d0';
/** A callback token as the trigger makes them, handed to the send node by someone registering manually. */
const MANUAL_TOKEN = 'cbTOKEN_manual_Zq8v3Lr7Yt2Wx9Kp';

let sim: IoPhoneSimulator;
let logs: LogCapture;

beforeAll(async () => {
	sim = await IoPhoneSimulator.start({ apiKey: API_KEY });
	logs = captureLogs();
});
afterAll(async () => {
	logs.stop();
	await sim.close();
});
beforeEach(() => sim.reset());

/** Fails naming where a secret was found. */
function expectClean(where: string, value: unknown, secrets: string[]) {
	const text = typeof value === 'string' ? value : everything(value);
	for (const secret of secrets) {
		expect({ where, leaks: text.includes(secret) }).toEqual({ where, leaks: false });
	}
}

/** What a run keeps that the node produced: outputs, the run error (without the workflow's own node definition). */
function producedByNode(run: IRun) {
	const error = run.data.resultData.error as unknown as (Error & IDataObject) | undefined;
	const { node: _node, ...errorWithoutNode } = (error ?? {}) as IDataObject;
	return {
		runData: run.data.resultData.runData,
		error: error && { ...errorWithoutNode, message: error.message, stack: error.stack, description: error.description, cause: error.cause },
	};
}

const SEND_FAULTS: Array<[string, Fault | null, IDataObject?]> = [
	['an accepted send', null],
	['500', { kind: 'status', status: 500, body: { status: 500, message: 'Internal error' } }],
	['502', { kind: 'status', status: 502 }],
	['503', { kind: 'status', status: 503 }],
	['429 until the retries run out', { kind: 'rateLimit', retryAfterSeconds: 0 }],
	['a timeout', { kind: 'slow', delayMs: 1500 }, { timeout: 1000 }],
	['a reset before reading', { kind: 'resetBeforeRead' }],
	['a reset after reading', { kind: 'resetAfterRead' }],
	['a non-JSON 200', { kind: 'nonJson' }],
	['an HTML page', { kind: 'html' }],
	['a 200 with status 403 in the body', { kind: 'statusInBody', status: 403, message: 'Forbidden' }],
];

describe('send node: nothing leaks, whatever IO Phone does', () => {
	test.each(SEND_FAULTS)('%s', async (_label, fault, options = {}) => {
		const callbackUrl = `https://n8n.example/webhook/abc/webhook?token=${MANUAL_TOKEN}`;
		const parameters = sendParameters({
			text: '={{ $json.text }}',
			additionalFields: { callbackUrl: '={{ $json.callbackUrl }}' },
			options,
		});
		const items = distinctItems(2, 'Secret check').map((item) => ({ json: { ...item.json, callbackUrl } }));
		for (const continueOnFail of [true, false]) {
			sim.setFault(fault);
			const before = logs.lines.length;
			const result = await runSend(sim, parameters, { items, continueOnFail });
			if (fault) expect(continueOnFail ? result.items.every((i) => i.json.error) : result.error).toBeTruthy();

			// The API key is nowhere in the stored run; the token (an input here) is in nothing the node made.
			expectClean('the whole IRun', JSON.stringify(result.run), [API_KEY]);
			expectClean('the whole IRun, errors expanded', result.run, [API_KEY]);
			expectClean('output items', result.items, [API_KEY, MANUAL_TOKEN]);
			expectClean('the run error', result.error && { ...result.error, node: undefined }, [API_KEY, MANUAL_TOKEN]);
			expectClean('what the node produced', producedByNode(result.run), [API_KEY, MANUAL_TOKEN]);
			expectClean('log lines', logs.lines.slice(before).join('\n'), [API_KEY, MANUAL_TOKEN]);
			expect(logs.entries.slice(before).some((line) => line.level === 'debug')).toBe(true);
			// The key did travel, as the credential's query parameter, and only there.
			for (const request of textRequests(sim)) expect(request.query.apiKey).toBe(API_KEY);
		}
	});

	test('an invalid Callback URL carrying a token: the error names the field, the token is masked', async () => {
		const { error, items } = await runSend(
			sim,
			sendParameters({ additionalFields: { callbackUrl: '={{ $json.url }}' } }),
			{ items: [{ json: { url: `ftp://n8n.example/hook?token=${MANUAL_TOKEN}` } }], continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items[0].json.error).toBe('Callback URL "ftp://n8n.example/hook?token=***" must start with http:// or https:// [item 0]');
		expectClean('error item', items, [MANUAL_TOKEN]);
	});

	test('an invalid To Number among valid rows (Continue On Fail), and IO Phone refusing the From Number (403)', async () => {
		const before = logs.lines.length;
		const rows = [US_NUMBER, 'not-a-number', '+12015550123'].map((phone) => ({ json: { phone } }));
		const mixed = await runSend(sim, sendParameters({ toNumber: '={{ $json.phone }}' }), { items: rows, continueOnFail: true });
		expect(mixed.items.map((item) => Boolean(item.json.error))).toEqual([false, true, false]);
		const forbidden = await runSend(sim, sendParameters({ additionalFields: { fromNumber: '+16142570000' } }));
		expect(forbidden.error).toMatchObject({ httpCode: '403' });
		for (const [where, result] of [['bad input', mixed], ['a 403', forbidden]] as const) {
			expectClean(`${where}: the whole IRun, errors expanded`, result.run, [API_KEY]);
			expectClean(`${where}: output items`, result.items, [API_KEY]);
			expectClean(`${where}: the run error`, result.error && { ...result.error, node: undefined }, [API_KEY]);
		}
		expectClean('log lines', logs.lines.slice(before).join('\n'), [API_KEY]);
	});

	test('an unreachable IO Phone: the network error carries no request (URL with the key)', async () => {
		const gone = await IoPhoneSimulator.start({ apiKey: API_KEY });
		await gone.close();
		const before = logs.lines.length;
		const result = await runNode({
			type: SEND_NODE,
			parameters: sendParameters(),
			credentials: { ioPhoneApi: { apiKey: API_KEY, baseUrl: gone.baseUrl } },
		});
		expect(result.error?.message).toBe('Could not reach IO Phone');
		expect(result.error?.description).toMatch(/^ECONNREFUSED: the text was not sent/);
		expectClean('the whole IRun', result.run, [API_KEY]);
		expectClean('the run error', result.error, [API_KEY]);
		expectClean('log lines', logs.lines.slice(before).join('\n'), [API_KEY]);
	});

	test('the credential test: no message shows the key, whatever fails', async () => {
		for (const fault of [{ kind: 'status', status: 500 }, { kind: 'resetBeforeRead' }, { kind: 'html' }, null] as Array<Fault | null>) {
			sim.setFault(fault);
			const result = await testCredential('ioPhoneApi', { apiKey: API_KEY, baseUrl: sim.baseUrl });
			expectClean(`credential test with ${fault?.kind ?? 'no fault'}`, result, [API_KEY]);
		}
		const wrong = await testCredential('ioPhoneApi', { apiKey: `${API_KEY}-old`, baseUrl: sim.baseUrl });
		expect(wrong.status).toBe('Error');
		expectClean('credential test with a wrong key', wrong, [API_KEY]);
	});
});

describe('trigger: the callback token and the key never leak', () => {
	async function hostWith(fault: Fault | null) {
		const host = await TriggerHost.start({
			workflow: {
				nodes: [
					{
						id: 'trigger',
						name: 'IO Phone Trigger',
						type: TRIGGER_NODE,
						typeVersion: 1,
						position: [0, 0],
						parameters: { fromNumber: ACCOUNT_NUMBER, setupRecipient: US_NUMBER },
					},
				],
				connections: {},
			},
			triggerNodeName: 'IO Phone Trigger',
			credentials: { ioPhoneApi: { apiKey: API_KEY, baseUrl: sim.baseUrl } },
		});
		sim.setFault(fault);
		return host;
	}

	/** The token the node put in the setup text's callback URL (from IO Phone's request log). */
	function tokenSent(): string {
		const body = textRequests(sim).at(-1)?.body as IDataObject | undefined;
		const token = new URL(String(body?.callbackUrl)).searchParams.get('token');
		expect(token).toBeTruthy();
		return token!;
	}

	test.each([
		['500', { kind: 'status', status: 500 }],
		['403 in the body', { kind: 'statusInBody', status: 403, message: 'Forbidden' }],
		['a reset after IO Phone read the setup text', { kind: 'resetAfterRead' }],
		['an HTML page', { kind: 'html' }],
	] as Array<[string, Fault]>)('a failed activation (%s): the error has neither the token nor the key', async (_label, fault) => {
		const host = await hostWith(fault);
		const before = logs.lines.length;
		let failure: unknown;
		try {
			await host.activate();
		} catch (error) {
			failure = error;
		}
		expect(failure).toBeDefined();
		const token = tokenSent();
		expectClean('activation error', failure, [API_KEY, token]);
		expectClean('hook calls', host.hookCalls, [API_KEY, token]);
		expectClean('log lines', logs.lines.slice(before).join('\n'), [API_KEY, token]);
		await host.close();
	});

	test('an active trigger: executions, answers to forged and genuine webhooks and logs carry neither', async () => {
		const host = await hostWith(null);
		const before = logs.lines.length;
		await host.activate();
		const token = tokenSent();
		const webhook = host.webhookUrl();
		const post = (query: string, body: string, type = 'application/json') =>
			fetch(`${webhook}${query}`, { method: 'POST', headers: { 'content-type': type }, body });

		await sim.receive({ from: US_NUMBER, to: ACCOUNT_NUMBER, text: 'genuine' });
		await post(`?token=${token}`, JSON.stringify({ id: 1, type: 'message-delivered' }));
		await post(`?token=${token}`, JSON.stringify({ id: 1, type: 'message-delivered' })); // replay
		await post('?token=wrong', JSON.stringify({ id: 2, type: 'message-received' }));
		await post(`?token=${token}`, 'not json', 'text/plain');
		await post(`?token=${token}`, '{broken');
		await post(`?token=${token.slice(1)}`, JSON.stringify({ id: 3, type: 'message-received' }));
		await host.idle();
		await host.deactivate();

		expect(host.executions).toHaveLength(2);
		for (const { run } of host.executions) {
			expectClean('a trigger execution (IRun)', JSON.stringify(run), [API_KEY, token]);
			expectClean('a trigger execution, expanded', run, [API_KEY, token]);
		}
		expectClean('answers to webhook requests', host.requests, [API_KEY, token]);
		expectClean('hook calls', host.hookCalls, [API_KEY, token]);
		expectClean('log lines', logs.lines.slice(before).join('\n'), [API_KEY, token]);
		expect(logs.entries.slice(before).some((line) => line.level === 'debug')).toBe(true);
		await host.close();
	});
});
