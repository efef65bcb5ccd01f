/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * Message → Send and Wait for Response in a real n8n (2.41.1 on Node 24; 1.123.81 with
 * N8N_VERSION), against the IO Phone simulator on loopback. Workflows: Webhook → IO Phone Send and
 * Wait ("Ask") → No Operation ("After Answer"), started over HTTP; the texted links are then used
 * as a phone, a preview bot, a forger and a browser would. Most workflows use node version 1, as
 * saved workflows have it (Approve and Decline: a link per button); `oneLink` and `jsonForm` use 1.1,
 * as the editor adds the node now. n8n resumes expired waits only when its WaitTracker polls
 * (every 60 s), so the Limit Wait Time run starts first and is checked last.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';

import type { Page, Request } from 'playwright-core';

import { IoPhoneSimulator, segmentCount } from '../../tools/simulator';
import { launchBrowser, PHONE, screenshot, type EditorBrowser } from './browser';
import { record, stopAndPrintFigures } from './figures';
import { LocalN8n } from '../../tools/n8n/local-n8n';
import { nodeOutput, type ExecutionSummary } from '../../tools/n8n/n8n-api';
import { PROJECT_ROOT } from '../../tools/n8n/n8n-install';
import { sleep, waitFor } from '../../tools/n8n/wait';
import { AFTER_ANSWER_NODE, ASK_NODE, sendAndWaitWorkflow } from '../../tools/n8n/workflows';

jest.setTimeout(120_000);

const API_KEY = `saw-key-${randomBytes(12).toString('hex')}`;
const ACCOUNT_NUMBER = '+15551112222';
const MANAGER = '+16142579242';
/** What link-preview fetchers of messaging apps send, and a phone's browser. */
const USER_AGENTS = {
	'WhatsApp preview': 'WhatsApp/2.24.1.6 A',
	'iMessage preview': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0',
	'Slack preview': 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)',
	'phone browser': PHONE.userAgent!,
};
/** A real instance's address, for the segment figures: the links are longer than on 127.0.0.1. */
const TYPICAL_BASE = 'https://n8n.example.com';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

type Kind = 'approve' | 'approveOrDecline' | 'oneLink' | 'freeText' | 'customForm' | 'jsonForm' | 'limited';
/** Kinds on node version 1.1; the rest are on 1. */
const VERSION: Partial<Record<Kind, number>> = { oneLink: 1.1, jsonForm: 1.1 };
const PARAMETERS: Record<Kind, Record<string, unknown>> = {
	approve: { responseType: 'approval' },
	approveOrDecline: { responseType: 'approval', approvalOptions: { values: { approvalType: 'double' } } },
	oneLink: { responseType: 'approval', approvalOptions: { values: { approvalType: 'double' } } },
	freeText: { responseType: 'freeText', options: { responseFormTitle: 'When can you deliver?' } },
	customForm: {
		responseType: 'customForm',
		formFields: {
			values: [
				{ fieldLabel: 'Boxes', fieldType: 'number', requiredField: true },
				{ fieldLabel: 'Day', fieldType: 'dropdown', fieldOptions: 'Monday, Tuesday', requiredField: true },
				{ fieldLabel: 'Note', fieldType: 'text' },
			],
		},
	},
	// Define Form: Using JSON, in the JSON n8n's own Form node takes.
	jsonForm: {
		responseType: 'customForm',
		defineForm: 'json',
		jsonOutput: JSON.stringify([
			{ fieldLabel: 'Pallets', fieldType: 'number', requiredField: true, placeholder: 'e.g. 4' },
			{ fieldLabel: 'Dock', fieldType: 'dropdown', fieldOptions: { values: [{ option: 'North' }, { option: 'South' }] }, requiredField: true },
			{ fieldLabel: 'Note', fieldType: 'textarea' },
		]),
	},
	// 0.05 minutes: 3 s.
	limited: { responseType: 'approval', options: { limitWaitTime: { values: { limitType: 'afterTimeInterval', resumeAmount: 0.05, resumeUnit: 'minutes' } } } },
};

let sim: IoPhoneSimulator;
let local: LocalN8n | undefined;
const workflows = {} as Record<Kind, { id: string; path: string }>;
const log = (message: string) => process.stdout.write(`[send-and-wait] ${message}\n`);
const api = () => local!.api;

interface Asked {
	executionId: string;
	question: string;
	/** The text IO Phone was asked to send, and the request's whole body. */
	text: string;
	body: Record<string, unknown>;
	/** "Label: URL" lines of the text, in order. */
	links: Array<{ label: string; url: string }>;
}

/** POST /text requests the simulator received, in order. */
const textRequests = () => sim.requests.filter((r) => r.method === 'POST' && r.path === '/api6/text').map((r) => (r.body ?? {}) as Record<string, unknown>);

/** Starts the workflow over HTTP and returns the one text it sent and the waiting execution. */
async function ask(kind: Kind, question = `Ship order ${randomBytes(3).toString('hex')} today?`): Promise<Asked> {
	const before = textRequests().length;
	const res = await fetch(local!.n8n.webhookUrl(workflows[kind].path), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ to: MANAGER, question }),
		signal: AbortSignal.timeout(30_000),
	});
	expect(res.status).toBe(200);
	const body = await waitFor(() => textRequests().slice(before).find((b) => String(b.text).startsWith(question)), {
		timeoutMs: 20_000,
		what: `the text asking "${question}"`,
	}).catch(async (error: Error) => {
		const [latest] = await api().listExecutions(workflows[kind].id);
		const data = latest ? (await api().getExecution(latest.id)).json.data?.resultData : undefined;
		throw new Error(`${error.message}; latest execution: ${latest?.status ?? 'none'} ${JSON.stringify(data?.error ?? '').slice(0, 1500)}`);
	});
	const text = String(body.text);
	const links = text
		.slice(question.length + 2)
		.split('\n')
		.map((line) => {
			const at = line.indexOf(': ');
			return { label: line.slice(0, at), url: line.slice(at + 2) };
		});
	const executionId = new URL(links[0].url).pathname.split('/')[2];
	await waitFor(async () => (await status(executionId)) === 'waiting', { timeoutMs: 20_000, what: `execution ${executionId} to wait` });
	return { executionId, question, text, body, links };
}

async function execution(id: string): Promise<ExecutionSummary & { waitTill?: string | null }> {
	return (await api().getExecution(id)).json;
}

const status = async (id: string) => (await execution(id)).status;

async function finished(id: string, timeoutMs = 20_000): Promise<ExecutionSummary> {
	return await waitFor(
		async () => {
			const e = await execution(id);
			return e.status !== 'waiting' && e.status !== 'running' && e.status !== 'new' ? e : undefined;
		},
		{ timeoutMs, intervalMs: 250, what: `execution ${id} to finish` },
	);
}

/**
 * A link opened: GET (as a preview or the first tap) or the page's POST (the button). A form's
 * fields go as the form page posts them (multipart/form-data) unless `urlencoded`; the approval
 * page's button posts an empty urlencoded form.
 */
async function open(
	url: string,
	init: { method?: 'GET' | 'POST'; userAgent?: string; form?: Record<string, string>; urlencoded?: boolean } = {},
) {
	let body: FormData | string | undefined;
	const headers: Record<string, string> = { 'user-agent': init.userAgent ?? USER_AGENTS['phone browser'] };
	if (init.method === 'POST' && init.form && !init.urlencoded) {
		body = new FormData();
		for (const [name, value] of Object.entries(init.form)) body.append(name, value);
	} else if (init.method === 'POST') {
		body = new URLSearchParams(init.form ?? {}).toString();
		Object.assign(headers, FORM);
	}
	const res = await fetch(url, { method: init.method ?? 'GET', redirect: 'manual', headers, body, signal: AbortSignal.timeout(30_000) });
	return { status: res.status, type: res.headers.get('content-type') ?? '', headers: res.headers, html: await res.text() };
}

/** What the workflow went on with: the After Answer node's items (empty while it waits). */
async function answerOf(id: string): Promise<Array<Record<string, unknown>>> {
	return nodeOutput((await api().getExecution(id)).json, AFTER_ANSWER_NODE);
}

/** How many times each node ran in the execution. */
async function runsOf(id: string): Promise<Record<string, number>> {
	const runData = (await api().getExecution(id)).json.data?.resultData.runData ?? {};
	return Object.fromEntries(Object.entries(runData).map(([name, runs]) => [name, runs.length]));
}

const expectPage = (page: { status: number; type: string; html: string }, statusCode: number) => {
	expect(`${page.status} ${page.html.slice(0, 300)}`).toMatch(new RegExp(`^${statusCode} `));
	expect(page.type).toMatch(/text\/html/);
};

/** n8n's own pages for links it refuses: 2.x shows a page, 1.x answers JSON. */
const expectRefused = (page: { status: number; html: string }) => {
	expect(page.status).toBe(401);
	expect(page.html).toMatch(local!.runtime.major === 1 ? /Invalid token/ : /Invalid Form Link/);
};
const expectNoActionRequired = (page: { status: number; html: string }) => {
	expect(page.status).toBe(200);
	expect(page.html).toContain('No action required');
};

let limited: { asked: Asked; askedAt: number; waitTill: number };

beforeAll(async () => {
	sim = await IoPhoneSimulator.start({ apiKey: API_KEY, accountNumbers: [ACCOUNT_NUMBER] });
	local = await LocalN8n.create({ say: log });
	const credential = await api().createCredential('IO Phone (simulator)', 'ioPhoneApi', { apiKey: API_KEY, baseUrl: sim.baseUrl });
	for (const kind of Object.keys(PARAMETERS) as Kind[]) {
		const hookPath = `saw-${kind.toLowerCase()}-${randomBytes(3).toString('hex')}`;
		const { id } = await api().createWorkflow(sendAndWaitWorkflow(credential, hookPath, PARAMETERS[kind], `Send and Wait: ${kind}`, VERSION[kind]));
		expect((await api().publishWorkflow(id)).status).toBe(200);
		workflows[kind] = { id, path: hookPath };
	}
	for (const { path: hookPath } of Object.values(workflows)) await local.n8n.waitForPostWebhook(hookPath, 30_000);
	// First, so that n8n's next WaitTracker poll (every 60 s) finds it expired while the rest runs.
	const askedAt = Date.now();
	const asked = await ask('limited', 'Approve within 3 seconds?');
	limited = { asked, askedAt, waitTill: Date.parse(String((await execution(asked.executionId)).waitTill)) };
}, 20 * 60_000);

afterAll(() => stopAndPrintFigures(() => `Send and Wait figures (n8n ${local?.runtime.version ?? '?'}; shared 2-core machine, timings noisy):`, () => local?.dispose(), () => sim?.close()), 60_000);

describe('the text', () => {
	test('one text per execution: the message, then a signed link per answer; no callbackUrl', async () => {
		const sendsBefore = textRequests().length;
		const one = await ask('approve');
		const two = await ask('approveOrDecline');
		expect(textRequests().length).toBe(sendsBefore + 2);

		const base = local!.n8n.baseUrl;
		const link = (asked: Asked, approved: boolean) =>
			new RegExp(`^${base}/webhook-waiting/${asked.executionId}/[0-9a-f-]{36}\\?approved=${approved}&signature=[0-9a-f]{64}$`);
		expect(one.links.map((l) => l.label)).toEqual(['Approve']);
		expect(one.links[0].url).toMatch(link(one, true));
		expect(two.links.map((l) => l.label)).toEqual(['Approve', 'Decline']);
		expect(two.links[0].url).toMatch(link(two, true));
		expect(two.links[1].url).toMatch(link(two, false));
		expect(one.text).toBe(`${one.question}\n\nApprove: ${one.links[0].url}`);
		// No Limit Wait Time: it waits until answered.
		expect((await execution(one.executionId)).waitTill).toBe('3000-01-01T00:00:00.000Z');

		for (const asked of [one, two]) {
			expect(asked.body).toEqual({ toNumber: MANAGER, text: asked.text });
			expect(asked.body).not.toHaveProperty('callbackUrl');
		}
		expect(sim.callbackUrlFor(ACCOUNT_NUMBER)).toBeUndefined();

		// Length and segments, here and with a typical instance address.
		for (const asked of [one, two]) {
			const typical = asked.text.split(base).join(TYPICAL_BASE);
			record(
				`approval text, ${asked.links.length} link(s), ${asked.question.length}-char message`,
				`${asked.text.length} chars, ${segmentCount(asked.text)} segments here; ${typical.length} chars, ${segmentCount(typical)} segments at ${TYPICAL_BASE}`,
			);
			record(`  one link at ${TYPICAL_BASE}`, `${asked.links[0].url.replace(base, TYPICAL_BASE).length} chars`);
		}
		expect(sim.sent.slice(-2).map((m) => m.segmentCount)).toEqual([one, two].map((a) => segmentCount(a.text)));
	});
});

describe('Approve and Decline in one link (version 1.1)', () => {
	test('the same question costs one segment less with one link than with a link per button', async () => {
		// The question of the measurement in issue 21 was 24 characters.
		const question = `Ship order ${randomBytes(3).toString('hex')} today?`;
		expect(question).toHaveLength(24);
		const one = await ask('oneLink', question);
		const two = await ask('approveOrDecline', question);
		expect(one.links.map((l) => l.label)).toEqual(['Approve or Decline']);
		expect(two.links.map((l) => l.label)).toEqual(['Approve', 'Decline']);
		const base = local!.n8n.baseUrl;
		expect(one.links[0].url).toMatch(new RegExp(`^${base}/webhook-waiting/${one.executionId}/[0-9a-f-]{36}\\?signature=[0-9a-f]{64}$`));
		expect(one.text).toBe(`${question}\n\nApprove or Decline: ${one.links[0].url}`);

		const measured = [one, two].map((asked) => {
			const typical = asked.text.split(base).join(TYPICAL_BASE);
			return { asked, here: { chars: asked.text.length, segments: segmentCount(asked.text) }, typical: { chars: typical.length, segments: segmentCount(typical) } };
		});
		for (const { asked, here, typical } of measured) {
			const what = asked.links.length === 1 ? 'one link to both buttons' : 'a link per button';
			record(`${question.length}-char question, ${what}`, `${here.chars} chars, ${here.segments} segments here; ${typical.chars} chars, ${typical.segments} segments at ${TYPICAL_BASE}`);
		}
		const [oneLink, perButton] = measured;
		expect(oneLink.here.segments).toBe(perButton.here.segments - 1);
		expect(oneLink.typical.segments).toBe(perButton.typical.segments - 1);
		// What IO Phone counted for the two texts it sent.
		expect(sim.sent.slice(-2).map((m) => m.segmentCount)).toEqual([oneLink.here.segments, perButton.here.segments]);

		// The answer cannot be put into the one link: the signature covers the query.
		const withAnswer = new URL(one.links[0].url);
		withAnswer.searchParams.set('approved', 'true');
		expectRefused(await open(withAnswer.toString()));
		expectRefused(await open(withAnswer.toString(), { method: 'POST' }));
		// Neither button posted: both buttons again, and the execution keeps waiting.
		const neither = await open(one.links[0].url, { method: 'POST', form: { approved: 'maybe' }, urlencoded: true });
		expectPage(neither, 400);
		expect(neither.html).toContain('Please press one of the buttons.');
		expect(await status(one.executionId)).toBe('waiting');
	});
});

describe('approval links', () => {
	test('a GET (preview bots, a phone browser) only shows the confirmation page: the execution keeps waiting', async () => {
		const asked = await ask('approveOrDecline');
		const [approve, decline] = asked.links;
		for (const [who, userAgent] of Object.entries(USER_AGENTS)) {
			for (const { url, label } of [approve, decline]) {
				const page = await open(url, { userAgent });
				expectPage(page, 200);
				expect(page.html).toContain(`<h1>${label}?</h1>`);
				expect(page.html).toContain(asked.question);
				expect(page.html).toMatch(/<form method="post"><button type="submit"[^>]*>/);
				expect(page.headers.get('cache-control')).toBe('no-store');
				if (who === 'WhatsApp preview' && label === 'Approve') log(`GET page headers: CSP "${page.headers.get('content-security-policy')}"`);
			}
		}
		// HEAD, as some checkers send, changes nothing either.
		expect((await fetch(approve.url, { method: 'HEAD' })).status).toBeLessThan(500);
		await sleep(1000);
		expect(await status(asked.executionId)).toBe('waiting');
		expect(await answerOf(asked.executionId)).toEqual([]);

		// The button: a POST resumes with approved true.
		const done = await open(approve.url, { method: 'POST' });
		expectPage(done, 200);
		expect(done.html).toContain('Got it');
		const e = await finished(asked.executionId);
		expect(e.status).toBe('success');
		const [item] = await answerOf(asked.executionId);
		expect(item).toEqual({ data: { approved: true, respondedAt: expect.any(String) } });
		expect(Math.abs(Date.now() - Date.parse((item.data as { respondedAt: string }).respondedAt))).toBeLessThan(60_000);
		record('GETs that resumed nothing', `${Object.keys(USER_AGENTS).length * 2} + 1 HEAD`);
	});

	test('Decline (approval type "Approve and Decline") resumes with approved false', async () => {
		const asked = await ask('approveOrDecline');
		const decline = asked.links[1];
		expectPage(await open(decline.url), 200);
		const done = await open(decline.url, { method: 'POST' });
		expect(done.html).toContain('Got it');
		expect((await finished(asked.executionId)).status).toBe('success');
		expect(await answerOf(asked.executionId)).toEqual([{ data: { approved: false, respondedAt: expect.any(String) } }]);
	});

	test('an edited link (signature, or approved=false with approve’s signature) is refused and changes nothing; the real one still works once', async () => {
		const asked = await ask('approveOrDecline');
		const [approve, decline] = asked.links;
		const url = new URL(approve.url);
		const signature = url.searchParams.get('signature')!;
		const forged = [
			approve.url.replace(signature, `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`),
			approve.url.replace('approved=true', 'approved=false'),
			decline.url.replace('approved=false', 'approved=true'),
			approve.url.replace(`&signature=${signature}`, ''),
			approve.url.replace(signature, randomBytes(32).toString('hex')),
		];
		for (const link of forged) {
			expectRefused(await open(link));
			expectRefused(await open(link, { method: 'POST' }));
		}
		await sleep(1000);
		expect(await status(asked.executionId)).toBe('waiting');
		expect(await answerOf(asked.executionId)).toEqual([]);

		expect((await open(approve.url, { method: 'POST' })).html).toContain('Got it');
		expect((await finished(asked.executionId)).status).toBe('success');
		expect(await answerOf(asked.executionId)).toEqual([{ data: { approved: true, respondedAt: expect.any(String) } }]);

		// A second click, on either link, GET or POST: n8n's "No action required" page, nothing changes.
		const before = await api().listExecutions(workflows.approveOrDecline.id);
		for (const link of [approve, decline]) {
			expectNoActionRequired(await open(link.url));
			expectNoActionRequired(await open(link.url, { method: 'POST' }));
		}
		// A forged link to a finished execution: 2.x refuses it; 1.x checks signatures only while the
		// execution waits at the node, so it shows "No action required". Either way nothing changes.
		const late = await open(forged[0], { method: 'POST' });
		if (local!.runtime.major === 1) expectNoActionRequired(late);
		else expectRefused(late);
		await sleep(1000);
		expect(await api().listExecutions(workflows.approveOrDecline.id)).toEqual(before);
		expect(await answerOf(asked.executionId)).toEqual([{ data: { approved: true, respondedAt: expect.any(String) } }]);
		expect(await runsOf(asked.executionId)).toEqual({ Webhook: 1, [ASK_NODE]: 1, [AFTER_ANSWER_NODE]: 1 });
		record('forged links refused (GET + POST each)', `${forged.length}`);
	});
});

describe('forms', () => {
	test('Free Text: the link opens a form; an empty answer shows it again, the posted answer resumes with data.text', async () => {
		const asked = await ask('freeText', 'When can you deliver 12 boxes?');
		expect(asked.links.map((l) => l.label)).toEqual(['Respond']);
		const { url } = asked.links[0];
		const form = await open(url);
		expectPage(form, 200);
		expect(form.html).toContain('<h1>When can you deliver?</h1>');
		expect(form.html).toContain(asked.question);
		expect(form.html).toMatch(/<textarea id="field-0" name="field-0"[^>]*required>/);

		const empty = await open(url, { method: 'POST', form: { 'field-0': '  ' } });
		expectPage(empty, 400);
		expect(empty.html).toContain('Please fill in');
		expect(await status(asked.executionId)).toBe('waiting');

		const answer = 'Friday morning, after 9 & before 12 — "gate B"';
		const done = await open(url, { method: 'POST', form: { 'field-0': answer } });
		expectPage(done, 200);
		expect(done.html).toContain('Got it');
		expect((await finished(asked.executionId)).status).toBe('success');
		expect(await answerOf(asked.executionId)).toEqual([{ data: { text: answer, respondedAt: expect.any(String) } }]);
		expectNoActionRequired(await open(url, { method: 'POST', form: { 'field-0': 'changed my mind' } }));
	});

	test('Custom Form: the posted fields resume with data.<label>, numbers as numbers', async () => {
		const asked = await ask('customForm', 'How many boxes, and which day?');
		const { url } = asked.links[0];
		const form = await open(url);
		expectPage(form, 200);
		for (const label of ['Boxes *', 'Day *', 'Note']) expect(form.html).toContain(`>${label}</label>`);
		expect(form.html).toContain('<option>Tuesday</option>');

		expect(form.html).toContain('<form method="post" enctype="multipart/form-data">');

		// n8n 2.x takes a Custom Form's answer only as multipart/form-data (what the page sends): 415 otherwise.
		const urlencoded = await open(url, { method: 'POST', form: { 'field-0': '12', 'field-1': 'Sunday' }, urlencoded: true });
		expect(urlencoded.status).toBe(local!.runtime.major === 1 ? 400 : 415);
		const wrongChoice = await open(url, { method: 'POST', form: { 'field-0': '12', 'field-1': 'Sunday' } });
		expectPage(wrongChoice, 400);
		expect(wrongChoice.html).toContain('must be one of: Monday, Tuesday');
		expect(await status(asked.executionId)).toBe('waiting');

		const done = await open(url, { method: 'POST', form: { 'field-0': '12', 'field-1': 'Tuesday', 'field-2': 'Side door' } });
		expect(done.html).toContain('Got it');
		expect((await finished(asked.executionId)).status).toBe('success');
		expect(await answerOf(asked.executionId)).toEqual([{ data: { Boxes: 12, Day: 'Tuesday', Note: 'Side door', respondedAt: expect.any(String) } }]);
	});
});

describe('in a browser, as a phone opens the texted link', () => {
	let browser: EditorBrowser | undefined;
	afterAll(async () => await browser?.close());

	test('the approval page shows, its button POSTs past any CSP, and the execution resumes approved', async () => {
		const asked = await ask('approve', 'Send the spring promo to 1,240 customers now?');
		browser = await launchBrowser(local!.n8n.baseUrl, PHONE);
		const page: Page = browser.page;
		const problems: string[] = [];
		page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
		page.on('pageerror', (e) => problems.push(e.message));
		const methods: string[] = [];
		page.on('request', (r) => r.isNavigationRequest() && methods.push(r.method()));

		await page.goto(asked.links[0].url, { waitUntil: 'load' });
		await page.getByRole('heading', { name: 'Approve?' }).waitFor();
		await page.getByText(asked.question).waitFor();
		const button = page.getByRole('button', { name: 'Approve' });
		const box = (await button.boundingBox())!;
		expect(box.width).toBeGreaterThan(300); // a full-width button on a 390 px screen
		// The phone's screen down to a little below the page's card (the rest is empty).
		const card = (await page.locator('main').boundingBox())!;
		const clip = { x: 0, y: 0, width: PHONE.viewport!.width, height: Math.min(PHONE.viewport!.height, Math.ceil(card.y + card.height + 40)) };
		const { file, bytes } = await screenshot(page, PROJECT_ROOT, 'send-and-wait-approval', undefined, clip);
		log(`screenshot ${path.relative(PROJECT_ROOT, file)} (${Math.round(bytes / 1024)} KB)`);
		expect(await status(asked.executionId)).toBe('waiting');

		await button.tap();
		await page.getByRole('heading', { name: 'Got it, thanks' }).waitFor();
		expect(methods).toEqual(['GET', 'POST']);
		expect(problems).toEqual([]);
		expect((await finished(asked.executionId)).status).toBe('success');
		expect(await answerOf(asked.executionId)).toEqual([{ data: { approved: true, respondedAt: expect.any(String) } }]);

		// Back and tap again: n8n's page, nothing changes.
		await page.goBack();
		await page.reload();
		await page.getByText('No action required').first().waitFor();
		expect(await runsOf(asked.executionId)).toEqual({ Webhook: 1, [ASK_NODE]: 1, [AFTER_ANSWER_NODE]: 1 });
	});

	test('one link (version 1.1): a preview GET resumes nothing; the page shows both buttons; Approve and Decline each resume from it', async () => {
		const page: Page = browser!.page;
		for (const [button, approved] of [['Approve', true], ['Decline', false]] as const) {
			const asked = await ask('oneLink', `Refund order ${approved ? 1042 : 1043} in full?`);
			const [link] = asked.links;
			for (const userAgent of [USER_AGENTS['WhatsApp preview'], USER_AGENTS['iMessage preview']]) expectPage(await open(link.url, { userAgent }), 200);
			const methods: string[] = [];
			const onRequest = (r: Request) => r.isNavigationRequest() && methods.push(r.method());
			page.on('request', onRequest);
			await page.goto(link.url, { waitUntil: 'load' });
			await page.getByRole('heading', { name: 'Approve or Decline?' }).waitFor();
			await page.getByText(asked.question).waitFor();
			for (const name of ['Approve', 'Decline']) expect((await page.getByRole('button', { name }).boundingBox())!.width).toBeGreaterThan(300);
			if (approved) {
				const card = (await page.locator('main').boundingBox())!;
				const clip = { x: 0, y: 0, width: PHONE.viewport!.width, height: Math.min(PHONE.viewport!.height, Math.ceil(card.y + card.height + 40)) };
				const { file, bytes } = await screenshot(page, PROJECT_ROOT, 'send-and-wait-one-link', undefined, clip);
				log(`screenshot ${path.relative(PROJECT_ROOT, file)} (${Math.round(bytes / 1024)} KB)`);
			}
			expect(await status(asked.executionId)).toBe('waiting');

			await page.getByRole('button', { name: button }).tap();
			await page.getByRole('heading', { name: 'Got it, thanks' }).waitFor();
			await page.getByText(`Your answer was recorded: ${button}.`).waitFor();
			page.off('request', onRequest);
			expect(methods).toEqual(['GET', 'POST']);
			expect((await finished(asked.executionId)).status).toBe('success');
			expect(await answerOf(asked.executionId)).toEqual([{ data: { approved, respondedAt: expect.any(String) } }]);
			expect(await runsOf(asked.executionId)).toEqual({ Webhook: 1, [ASK_NODE]: 1, [AFTER_ANSWER_NODE]: 1 });
		}
	});

	test('a Custom Form defined with JSON (version 1.1), filled in and sent from the phone, resumes with the answers', async () => {
		const asked = await ask('jsonForm', 'How many pallets, and at which dock?');
		expect(asked.links.map((l) => l.label)).toEqual(['Respond']);
		const page: Page = browser!.page;
		await page.goto(asked.links[0].url, { waitUntil: 'load' });
		expect(await page.getByLabel('Pallets').getAttribute('placeholder')).toBe('e.g. 4');
		await page.getByLabel('Pallets').fill('4');
		await page.getByLabel('Dock').selectOption('South');
		await page.getByLabel('Note').fill('Ring the bell');
		await page.getByRole('button', { name: 'Submit' }).tap();
		await page.getByRole('heading', { name: 'Got it, thanks' }).waitFor();
		expect((await finished(asked.executionId)).status).toBe('success');
		expect(await answerOf(asked.executionId)).toEqual([{ data: { Pallets: 4, Dock: 'South', Note: 'Ring the bell', respondedAt: expect.any(String) } }]);
	});

	test('a Custom Form filled in and sent from the phone resumes with the answers', async () => {
		const asked = await ask('customForm', 'How many boxes, and which day?');
		const page: Page = browser!.page;
		await page.goto(asked.links[0].url, { waitUntil: 'load' });
		await page.getByLabel('Boxes').fill('7');
		await page.getByLabel('Day').selectOption('Monday');
		await page.getByRole('button', { name: 'Submit' }).tap();
		await page.getByRole('heading', { name: 'Got it, thanks' }).waitFor();
		expect((await finished(asked.executionId)).status).toBe('success');
		expect(await answerOf(asked.executionId)).toEqual([{ data: { Boxes: 7, Day: 'Monday', Note: '', respondedAt: expect.any(String) } }]);
	});
});

describe('Limit Wait Time', () => {
	test('an unanswered wait expires (at n8n’s next WaitTracker poll) and the workflow goes on with the input, no "approved"', async () => {
		const { asked, askedAt, waitTill } = limited;
		expect(waitTill - askedAt).toBeGreaterThanOrEqual(3_000);
		expect(waitTill - askedAt).toBeLessThan(3_000 + 20_000);
		const e = await finished(asked.executionId, Math.max(0, waitTill - Date.now()) + 75_000);
		expect(e.status).toBe('success');
		const lagMs = Date.parse(String(e.stoppedAt)) - waitTill;
		record('Limit Wait Time 3 s: waitTill to execution finished', `${lagMs} ms (n8n polls waiting executions every 60 s)`);
		expect(lagMs).toBeGreaterThanOrEqual(0);
		const [item] = await answerOf(asked.executionId);
		expect(item).toMatchObject({ body: { to: MANAGER, question: asked.question } });
		expect(item).not.toHaveProperty('data');
		expect(item).not.toHaveProperty('approved');
		// Its link after the timeout: n8n's page, nothing changes.
		expectNoActionRequired(await open(asked.links[0].url, { method: 'POST' }));
		expect(await runsOf(asked.executionId)).toEqual({ Webhook: 1, [ASK_NODE]: 1, [AFTER_ANSWER_NODE]: 1 });
	});
});

describe('all texts', () => {
	test('every Send and Wait text went out once, none with a callbackUrl', () => {
		const texts = textRequests();
		expect(texts.length).toBe(15);
		expect(texts.filter((b) => 'callbackUrl' in b)).toEqual([]);
		expect(new Set(texts.map((b) => b.text)).size).toBe(texts.length);
	});
});
