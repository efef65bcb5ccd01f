/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * The n8n editor in a real browser: the packed package in n8n 2.41.1, used through Debian's headless
 * Chromium (playwright-core) the way a person would, against the IO Phone simulator on loopback.
 * Every check is on what the page shows; the simulator says what reached IO Phone, n8n's API what ran.
 * The README links the editor shows (Docs links, notices) must each land on a heading of README.md.
 * The tests share one n8n and one page and run in order. Screenshots: see browser.ts
 * (IOPHONE_E2E_SCREENSHOTS=docs refreshes README's pictures).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import type { Locator, Page } from 'playwright-core';

import { DOCS, REPOSITORY_URL } from '../../nodes/shared/docs-links';
import { IoPhoneSimulator, TEST_NUMBER } from '../../tools/simulator';
import { launchBrowser, screenshot, type EditorBrowser } from './browser';
import { agentReviewWorkflow, REVIEW_NODE } from '../../tools/n8n/agent-workflow';
import { LocalN8n } from '../../tools/n8n/local-n8n';
import { expectOk, nodeOutput } from '../../tools/n8n/n8n-api';
import { PROJECT_ROOT } from '../../tools/n8n/n8n-install';
import { waitFor } from '../../tools/n8n/wait';
import { autoReplyWorkflow, REPLY_NODE, TRIGGER_NODE, triggerOnlyWorkflow, triggerWebhookPath, type CredentialRef } from '../../tools/n8n/workflows';

jest.setTimeout(180_000);

const API_KEY = `editor-key-${randomBytes(12).toString('hex')}`;
const ACCOUNT_NUMBER = '+15551112222';
const MOBILE = '+16142579242';
const TEXTER = '+12025550123';
/** A number libphonenumber-js cannot place in the default country (US). */
const INVALID_NUMBER = '555-0100';

/** The node descriptions as the editor gets them: from the built package. */
function builtDescription(file: string, exportName: string): INodeTypeDescription {
	const NodeClass = require(path.join(PROJECT_ROOT, 'dist', 'nodes', file))[exportName];
	const node = new NodeClass();
	return 'nodeVersions' in node ? node.getNodeType().description : node.description;
}
const SEND = builtDescription('IoPhone/IoPhone.node.js', 'IoPhone');
const TRIGGER = builtDescription('IoPhoneTrigger/IoPhoneTrigger.node.js', 'IoPhoneTrigger');

const property = (description: INodeTypeDescription, name: string) => {
	const found = description.properties.find((p) => p.name === name);
	if (!found) throw new Error(`${description.name} has no property ${name}`);
	return found;
};
/**
 * A collection's button label ("Add Field") and the names listed under it when nothing is added yet
 * (an option with displayOptions is listed only once its condition holds, tested on its own below).
 */
const collection = (name: string) => {
	const p = property(SEND, name);
	return { label: p.placeholder as string, names: (p.options as INodeProperties[]).filter((o) => !o.displayOptions).map((o) => o.displayName) };
};
const option = (description: INodeTypeDescription, collectionName: string, name: string) => {
	const found = (property(description, collectionName).options as INodeProperties[]).find((o) => o.name === name);
	if (!found) throw new Error(`${description.name} has no ${collectionName}.${name}`);
	return found;
};
/** Every action of the node, as the nodes panel lists them: Send, then Send and Wait for Response. */
const ACTIONS = (property(SEND, 'operation').options as Array<{ action: string }>).map((o) => o.action);
const SEND_ACTION = ACTIONS[0];
const TRIGGER_EVENTS = (property(TRIGGER, 'events').options as Array<{ name: string }>).map((o) => o.name);

let sim: IoPhoneSimulator;
let local: LocalN8n;
let browser: EditorBrowser;
let page: Page;
const log = (message: string) => process.stdout.write(`[editor] ${message}\n`);
const seen: string[] = [];
/** What the browser test saw, printed at the end for the report. */
const saw = (message: string) => {
	seen.push(message);
	log(message);
};

/** Every README link the editor showed (href → where), checked against README's headings by the last test. */
const linked = new Map<string, string>();

const ndv = () => page.getByTestId('ndv');
const canvasNode = (name: string) => page.getByTestId('canvas-node').and(page.locator(`[data-node-name="${name}"]`));
const visibleOptions = () => page.getByTestId('collection-parameter-option').filter({ visible: true });

async function shot(name: string, folder?: string): Promise<void> {
	await page.mouse.move(1, 1); // no hover styles in the picture
	const { file, bytes } = await screenshot(page, PROJECT_ROOT, name, folder);
	log(`screenshot ${path.relative(PROJECT_ROOT, file)} (${Math.round(bytes / 1024)} KB)`);
}

/** A test on the shared page; when it fails, the page as it was goes to .cache/screenshots/failed-….png. */
function uiTest(name: string, body: () => Promise<void>): void {
	test(name, async () => {
		try {
			await body();
		} catch (error) {
			const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 60);
			await shot(`failed-${slug}`, path.join('.cache', 'screenshots')).catch(() => undefined);
			throw error;
		}
	});
}

/** Waits until `locator` shows `text` (bounded by the page's default timeout). */
async function shows(locator: Locator, text: string | RegExp): Promise<string> {
	await locator.filter({ hasText: text }).first().waitFor({ state: 'visible' });
	return (await locator.first().innerText()).trim();
}

/** The href of the open panel's Docs link (n8n takes it from the node type). */
async function docsLink(where: string): Promise<string> {
	const href = (await ndv().getByRole('link', { name: 'Docs' }).getAttribute('href')) ?? '';
	linked.set(href, `${where}: Docs link`);
	return href;
}

/** The hrefs of the links in the notices the panel shows among its fields. */
async function noticeLinks(where: string): Promise<string[]> {
	await ndv().getByTestId('node-parameters').waitFor();
	const notices = ndv().getByTestId('node-parameters').getByRole('alert').filter({ visible: true });
	const hrefs = await notices.locator('a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
	for (const href of hrefs) linked.set(href, `${where}: notice`);
	return hrefs;
}

/** A field's label as shown: its text, and whether any part of it is clipped (ellipsis) at the panel's width. */
async function label(name: string): Promise<{ text: string; clipped: boolean }> {
	type Box = { scrollWidth: number; clientWidth: number; innerText: string; querySelectorAll(selector: string): ArrayLike<Box> };
	return await ndv()
		.locator(`label[for="${name}"]`)
		.first()
		.evaluate((element) => {
			const labelBox = element as unknown as Box;
			const style = (box: Box) => (globalThis as unknown as { getComputedStyle(box: Box): { overflowX: string } }).getComputedStyle(box);
			const boxes = [labelBox, ...Array.from(labelBox.querySelectorAll('*'))];
			return {
				// The label row also holds the Fixed / Expression switch, on lines of its own.
				text: labelBox.innerText.trim().split('\n')[0].trim(),
				clipped: boxes.some((box) => box.scrollWidth > box.clientWidth + 1 && style(box).overflowX !== 'visible'),
			};
		});
}

/** Opens the Add … list of the `index`-th collection of the panel and returns the names it offers. */
async function addList(index: number): Promise<string[]> {
	await ndv().getByTestId('collection-parameter-add').nth(index).click();
	await visibleOptions().first().waitFor();
	return (await visibleOptions().allInnerTexts()).map((t) => t.trim());
}

async function closeList(): Promise<void> {
	await page.keyboard.press('Escape');
	await visibleOptions().first().waitFor({ state: 'hidden' });
}

async function pickFromList(index: number, name: string): Promise<void> {
	await addList(index);
	await visibleOptions().filter({ hasText: name }).click();
	await visibleOptions().first().waitFor({ state: 'hidden' });
}

/**
 * The anchors GitHub gives README's headings: lowercase, punctuation other than hyphens and
 * underscores dropped, each space a hyphen; a repeated heading gets -1, -2, ….
 */
function headingAnchors(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const seenTimes = new Map<string, number>();
	let inCode = false;
	for (const line of markdown.split('\n')) {
		if (/^\s*(```|~~~)/.test(line)) inCode = !inCode;
		const heading = !inCode && /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
		if (!heading) continue;
		const text = heading[1].replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
		const slug = text.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');
		const times = seenTimes.get(slug) ?? 0;
		seenTimes.set(slug, times + 1);
		anchors.add(times ? `${slug}-${times}` : slug);
	}
	return anchors;
}

let apiCredential: CredentialRef | undefined;
/** An IO Phone credential made through n8n's API, for the workflows imported below. */
async function ioPhoneCredential(): Promise<CredentialRef> {
	apiCredential ??= await local.api.createCredential('IO Phone (simulator)', 'ioPhoneApi', { apiKey: API_KEY, baseUrl: sim.baseUrl });
	return apiCredential;
}

async function closePanel(): Promise<void> {
	await page.getByTestId('ndv-close-button').click();
	await ndv().waitFor({ state: 'hidden' });
}

async function openWorkflow(id: string): Promise<void> {
	await page.goto(`/workflow/${id}`, { waitUntil: 'domcontentloaded' });
	await page.getByTestId('canvas-node').first().waitFor();
	// n8n 2.x offers a "Production Checklist" on published workflows; it covers the canvas.
	const checklist = page.getByTestId('suggested-actions-close');
	if (await checklist.isVisible().catch(() => false)) await checklist.click();
}

/** Ctrl+S, as a person saves; resolves once n8n stored the workflow (or had nothing to store). */
async function saveWorkflow(): Promise<void> {
	const stored = page
		.waitForResponse((r) => /\/rest\/workflows(\/|$)/.test(new URL(r.url()).pathname) && ['POST', 'PATCH'].includes(r.request().method()), {
			timeout: 15_000,
		})
		.catch(() => undefined);
	await page.keyboard.press('ControlOrMeta+s');
	await stored;
	await page.waitForURL(/\/workflow\/(?!new)[^/?#]+/);
}

beforeAll(async () => {
	sim = await IoPhoneSimulator.start({ apiKey: API_KEY, accountNumbers: [ACCOUNT_NUMBER] });
	local = await LocalN8n.create({ say: log });
	browser = await launchBrowser(local.n8n.baseUrl);
	page = browser.page;
}, 20 * 60_000);

afterAll(async () => {
	try {
		if (browser?.refused.length) log(`requests outside loopback refused: ${browser.refused.length} (${browser.refused.slice(0, 3).join(', ')})`);
		await browser?.close();
		await local?.dispose();
	} finally {
		await sim?.close();
		if (seen.length) log(`What the browser saw:\n  - ${seen.join('\n  - ')}`);
	}
}, 90_000);

uiTest('the owner logs in', async () => {
	await page.goto('/signin', { waitUntil: 'domcontentloaded' });
	await page.getByTestId('emailOrLdapLoginId').locator('input').fill(local.owner.email);
	await page.getByTestId('password').locator('input').fill(local.owner.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
	saw(`signed in as ${local.owner.email}, landed on ${new URL(page.url()).pathname}`);
});

uiTest('the nodes panel finds IO Phone with its icon, its triggers and its actions', async () => {
	await page.goto('/workflow/new', { waitUntil: 'domcontentloaded' });
	await page.getByTestId('node-creator-plus-button').click();
	const creator = page.getByTestId('node-creator');
	await page.getByTestId('node-creator-search-bar').fill('IO Phone');
	const item = creator.getByTestId('item-iterator-item').filter({ has: page.getByText('IO Phone', { exact: true }) }).first();
	await item.waitFor();

	// The icon as the user sees it: an image that loaded (naturalWidth > 0) from the package.
	type Image = { complete: boolean; naturalWidth: number; getAttribute(name: string): string | null };
	const icon = item.locator('img').first();
	await page.waitForFunction((img) => (img as unknown as Image).complete, await icon.elementHandle());
	const { src, width } = await icon.evaluate((img) => ({
		src: (img as unknown as Image).getAttribute('src'),
		width: (img as unknown as Image).naturalWidth,
	}));
	expect(src).toContain('/icons/n8n-nodes-iophone/');
	expect(width).toBeGreaterThan(0);

	await item.click();
	await creator.getByTestId('node-creator-category-item').filter({ hasText: /^Actions/ }).click();
	await creator.getByText(SEND_ACTION, { exact: true }).waitFor();
	const listed = (await creator.getByTestId('item-iterator-item').allInnerTexts()).map((t) => t.trim().toLowerCase());
	for (const event of TRIGGER_EVENTS) expect(listed).toContain(`on ${event.toLowerCase()}`);
	for (const action of ACTIONS) expect(listed).toContain(action.toLowerCase());
	saw(`nodes panel: "IO Phone" with its icon (${src}), triggers ${TRIGGER_EVENTS.map((e) => `"On ${e.toLowerCase()}"`).join(', ')}, actions ${ACTIONS.map((a) => `"${a}"`).join(', ')}`);
});

uiTest('the send panel shows its fields and the Add Field / Add Option / Add Guard Rail lists', async () => {
	await page.getByTestId('node-creator').getByText(SEND_ACTION, { exact: true }).click();
	await ndv().waitFor();
	for (const name of ['toNumber', 'text']) {
		const label = property(SEND, name).displayName;
		await ndv().getByTestId(`parameter-input-${name}`).waitFor();
		await ndv().getByTestId('parameter-item').filter({ hasText: label }).first().waitFor();
	}
	const adds = ndv().getByTestId('collection-parameter-add');
	for (const [index, name] of ['additionalFields', 'options', 'guardRails'].entries()) {
		const { label, names } = collection(name);
		const button = adds.nth(index);
		expect(await button.locator('input').getAttribute('placeholder')).toBe(label);
		await button.click();
		await visibleOptions().first().waitFor();
		expect((await visibleOptions().allInnerTexts()).map((t) => t.trim()).sort()).toEqual([...names].sort());
		await page.keyboard.press('Escape');
		await visibleOptions().first().waitFor({ state: 'hidden' });
		saw(`send panel: "${label}" lists ${names.map((n) => `"${n}"`).join(', ')}`);
	}
	expect(await docsLink('Send')).toBe(DOCS.send);
	const notices = await noticeLinks('Send');
	for (const section of [DOCS.sendAndWait, DOCS.humanReview]) expect(notices).not.toContain(section);
	saw(`send panel: Docs → ${DOCS.send}; no notice links to Send and Wait or human review`);
});

uiTest('the credential modal shows IO Phone’s own message for a wrong key, and success for the right one', async () => {
	// What IO Phone answers a wrong key, asked directly.
	const refusal = (await (
		await fetch(`${sim.baseUrl}/text?apiKey=wrong`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ toNumber: MOBILE, text: 'x' }),
		})
	).json()) as { message?: string; error?: string };
	const ioPhoneMessage = refusal.message ?? refusal.error ?? '';
	expect(ioPhoneMessage).not.toBe('');

	// With no IO Phone credential yet the panel offers "Connect to IO Phone"; with one, a picker whose footer creates another.
	await ndv().getByTestId('node-credentials-slot').scrollIntoViewIfNeeded();
	const connect = ndv().getByTestId('node-credentials-empty-state').locator('button');
	if (await connect.isVisible()) {
		saw(`send panel, no credential yet: "${(await connect.innerText()).trim()}"`);
		await connect.click();
	} else {
		await ndv().getByTestId('node-credentials-select').click();
		await page.getByTestId('node-credentials-select-item-new').filter({ visible: true }).click();
	}
	const modal = page.getByTestId('editCredential-modal');
	await modal.waitFor();
	const docs = (await modal.getByRole('link', { name: 'docs', exact: true }).getAttribute('href')) ?? '';
	linked.set(docs, 'credential modal: docs link');
	expect(docs).toBe(DOCS.credentials);
	saw(`credential modal: "docs" → ${docs}`);
	await modal.getByTestId('parameter-input-apiKey').locator('input').fill(`wrong-${API_KEY}`);
	await modal.getByTestId('parameter-input-baseUrl').locator('input').fill(sim.baseUrl);
	await modal.getByTestId('credential-save-button').click();
	await modal.getByText('More details').click();
	const failure = await shows(modal.getByTestId('node-credentials-config-container'), ioPhoneMessage);
	await shot('credential-wrong-key');
	const failureLines = failure.split('\n').map((l) => l.trim());
	saw(`credential modal, wrong key: "${failureLines.filter((l) => /connect|\(HTTP \d+\)/i.test(l)).join(' / ')}"`);

	await modal.getByTestId('parameter-input-apiKey').locator('input').fill(API_KEY);
	await modal.getByTestId('credential-save-button').click();
	// A credential created from the panel closes itself once its test passed; open it again to read the result.
	await modal.waitFor({ state: 'hidden' }).catch(() => undefined);
	if (!(await modal.isVisible())) await ndv().getByTestId('credential-edit-button').click();
	const success = modal.getByTestId('credentials-config-container-test-success');
	await success.waitFor({ state: 'visible' });
	saw(`credential modal, right key: "${(await success.innerText()).split('\n')[0].trim()}"`);
	await modal.locator('.el-dialog__headerbtn').first().click();
	await modal.waitFor({ state: 'hidden' });
});

uiTest('a Manual Trigger → IO Phone workflow in Test Mode, run from the editor, shows IO Phone’s answer', async () => {
	const text = `Hello from the editor ${Date.now()}`;
	await ndv().getByTestId('parameter-input-toNumber').locator('input').fill(MOBILE);
	await ndv().getByTestId('parameter-input-text').locator('textarea').fill(text);
	await ndv().getByTestId('collection-parameter-add').nth(1).click();
	const testMode = (property(SEND, 'options').options as INodeProperties[]).find((o) => o.name === 'testMode')!.displayName;
	await visibleOptions().filter({ hasText: testMode }).click();
	await ndv().getByTestId('parameter-input-testMode').locator('.el-switch').click();
	await ndv().getByTestId('parameter-input-testMode').locator('[role=switch][aria-checked=true]').waitFor({ state: 'attached' });
	await closePanel();
	await saveWorkflow();

	const sentBefore = sim.sent.length;
	await page.getByTestId('execute-workflow-button').click();
	const sent = await waitFor(() => sim.sent.slice(sentBefore).find((m) => m.text === text), { timeoutMs: 30_000, what: 'the send at IO Phone' });
	expect(sent).toMatchObject({ from: TEST_NUMBER, to: MOBILE });

	await canvasNode(SEND_ACTION).dblclick();
	const output = ndv().getByTestId('output-panel');
	const shown = await shows(output, String(sent.id));
	for (const value of [TEST_NUMBER, MOBILE, text]) expect(shown).toContain(value);
	await shot('send-panel');
	saw(`run from the editor: output shows IO Phone's answer (id ${sent.id}, from ${TEST_NUMBER}, to ${MOBILE}, "${text}")`);
});

uiTest('an invalid To Number shows the error naming the field and the item, and nothing is sent', async () => {
	const sentBefore = sim.sent.length;
	await ndv().getByTestId('parameter-input-toNumber').locator('input').fill(INVALID_NUMBER);
	await ndv().getByTestId('node-execute-button').click();
	const message = await shows(ndv().getByTestId('node-error-message'), INVALID_NUMBER);
	expect(message).toContain(`${property(SEND, 'toNumber').displayName} "${INVALID_NUMBER}"`);
	expect(message).toContain('[item 0]');
	expect(sim.sent.length).toBe(sentBefore);
	// The run is over once the panel's execute button is enabled and shows its label again.
	await ndv().getByTestId('node-execute-button').and(page.locator(':enabled')).filter({ hasText: /\w/ }).waitFor();
	await shot('error-invalid-number');
	saw(`invalid number: "${message}"`);
	await closePanel();
	await saveWorkflow();
});

uiTest('Options and Guard Rails: Skip Window (Hours) is offered once Skip Texts Already Sent is on, long names are not cut off, Max Segments says what 0 means', async () => {
	await canvasNode(SEND_ACTION).dblclick();
	await ndv().waitFor();
	const skip = option(SEND, 'options', 'skipAlreadySent');
	const skipWindow = option(SEND, 'options', 'skipWindowHours');
	const [options, guardRails] = [1, 2];

	expect(await addList(options)).not.toContain(skipWindow.displayName);
	await closeList();
	await pickFromList(options, skip.displayName);
	const skipOffOffers = await addList(options);
	expect(skipOffOffers).not.toContain(skipWindow.displayName);
	await closeList();
	await ndv().getByTestId('parameter-input-skipAlreadySent').locator('.el-switch').click();
	await ndv().getByTestId('parameter-input-skipAlreadySent').locator('[role=switch][aria-checked=true]').waitFor({ state: 'attached' });
	expect(await addList(options)).toContain(skipWindow.displayName);
	await closeList();
	saw(`Add Option: "${skipWindow.displayName}" offered only once "${skip.displayName}" is on`);

	const pause = option(SEND, 'options', 'batchInterval');
	const countries = option(SEND, 'guardRails', 'allowedCountries');
	const maxSegments = option(SEND, 'guardRails', 'maxSegments');
	await pickFromList(options, pause.displayName);
	await pickFromList(guardRails, countries.displayName);
	await pickFromList(guardRails, maxSegments.displayName);
	for (const field of [pause, countries, maxSegments]) {
		const shown = await label(field.name);
		expect(shown).toEqual({ text: field.displayName, clipped: false });
	}
	saw(`at the panel's default width, "${pause.displayName}" and "${countries.displayName}" show whole`);

	const hint = String(maxSegments.hint);
	const maxSegmentsItem = ndv().getByTestId('parameter-item').filter({ has: page.getByTestId('parameter-input-maxSegments') }).last();
	await maxSegmentsItem.getByText(hint, { exact: true }).waitFor();
	expect(await ndv().getByTestId('parameter-input-maxSegments').locator('input').inputValue()).toBe('0');
	saw(`"${maxSegments.displayName}" shows 0 with "${hint}" under it`);
});

uiTest('Send and Wait for Response shows a notice linking to its own README section; the Docs link stays the node’s', async () => {
	const sendAndWait = (property(SEND, 'operation').options as Array<{ name: string; value: string }>).find((o) => o.value === 'sendAndWait')!;
	await ndv().getByTestId('parameter-input-operation').click();
	await page.getByRole('option').filter({ visible: true }).filter({ hasText: sendAndWait.name }).first().click();
	await ndv().getByTestId('parameter-input-message').waitFor();
	const notices = await noticeLinks('Send and Wait for Response');
	expect(notices).toContain(DOCS.sendAndWait);
	expect(notices).not.toContain(DOCS.humanReview);
	expect(await docsLink('Send and Wait for Response')).toBe(DOCS.send);
	saw(`Send and Wait for Response: a notice links to ${DOCS.sendAndWait}; Docs → ${DOCS.send} (the node type's)`);

	// A node added now is version 1.1: Approve and Decline offer Links in the Text, one link by default.
	await ndv().getByTestId('fixed-collection-approvalOptions').getByTestId('fixed-collection-add').click();
	await ndv().getByTestId('parameter-input-approvalType').click();
	await page.getByRole('option').filter({ visible: true }).filter({ hasText: 'Approve and Decline' }).first().click();
	const linksInText = ndv().getByTestId('parameter-input-linksInText');
	await linksInText.waitFor();
	expect(await linksInText.locator('input').inputValue()).toBe('One Link to Both Buttons');
	await closePanel();
	await saveWorkflow();
	const id = /\/workflow\/([^/?#]+)/.exec(page.url())![1];
	const saved = (await local.api.getWorkflow(id)).json as { nodes: Array<{ type: string; typeVersion: number; parameters: Record<string, unknown> }> };
	const node = saved.nodes.find((n) => n.type === 'n8n-nodes-iophone.ioPhone' && n.parameters.operation === 'sendAndWait')!;
	expect(node.typeVersion).toBe(1.1);
	saw(`Send and Wait added now: version ${node.typeVersion}; Approve and Decline shows Links in the Text = "One Link to Both Buttons"; saved approvalOptions ${JSON.stringify(node.parameters.approvalOptions)}`);
});

uiTest('the AI Agent’s IO Phone review tool shows a notice linking to README’s human review section', async () => {
	const openAi = await local.api.createCredential('OpenAI (never called)', 'openAiApi', { apiKey: 'sk-never-called', url: 'http://127.0.0.1:9/v1', header: false });
	const workflow = agentReviewWorkflow({
		webhookPath: `editor-review-${randomBytes(6).toString('hex')}`,
		openAi,
		ioPhone: await ioPhoneCredential(),
		toolUrl: 'http://127.0.0.1:9/never-called',
		toNumber: MOBILE,
		fromNumber: ACCOUNT_NUMBER,
		name: 'AI Agent with IO Phone review (editor)',
	});
	await openWorkflow((await local.api.createWorkflow(workflow)).id);
	await canvasNode(REVIEW_NODE).dblclick();
	await ndv().waitFor();
	const notices = await noticeLinks('AI Agent review tool');
	expect(notices).toContain(DOCS.humanReview);
	expect(notices).not.toContain(DOCS.sendAndWait);
	const docs = await docsLink('AI Agent review tool');
	saw(`AI Agent review tool: a notice links to ${DOCS.humanReview}; Docs → ${docs} (the node type's)`);
	await closePanel();
});

describe('a trigger on the test number', () => {
	const testNumberNotice = property(TRIGGER, 'testNumberNotice').displayName;
	let workflowId: string;
	let productionUrl: string;
	let webhookPath: string;

	uiTest('with the test number the panel says what its sample is and hides Setup Recipient; with an account number Setup Recipient is shown and required', async () => {
		const workflow = triggerOnlyWorkflow(await ioPhoneCredential(), { fromNumber: TEST_NUMBER, setupRecipient: '', name: 'IO Phone Trigger on the test number (editor)' });
		webhookPath = triggerWebhookPath(workflow);
		productionUrl = local.n8n.webhookUrl(webhookPath);
		workflowId = (await local.api.createWorkflow(workflow)).id;
		await openWorkflow(workflowId);
		await canvasNode(TRIGGER_NODE).dblclick();
		await ndv().waitFor();
		expect(await docsLink('IO Phone Trigger')).toBe(DOCS.trigger);

		const notice = ndv().getByTestId('node-parameters').getByRole('alert').filter({ hasText: testNumberNotice });
		const recipient = ndv().getByTestId('parameter-input-setupRecipient');
		const execute = ndv().getByTestId('node-execute-button');
		const fromNumber = ndv().getByTestId('parameter-input-fromNumber').locator('input');
		await notice.waitFor();
		expect(await recipient.isVisible()).toBe(false);
		expect(await execute.isEnabled()).toBe(true);
		saw(`trigger panel, From Number ${TEST_NUMBER}: the test number's notice shows, Setup Recipient hidden, Execute step enabled; Docs → ${DOCS.trigger}`);

		await fromNumber.fill(ACCOUNT_NUMBER);
		await notice.waitFor({ state: 'hidden' });
		await recipient.waitFor();
		// Required: n8n keeps Execute step disabled while a required field is empty.
		await execute.and(page.locator(':disabled')).waitFor();
		await recipient.locator('input').fill(MOBILE);
		await execute.and(page.locator(':enabled')).waitFor();
		await recipient.locator('input').blur();
		saw(`trigger panel, From Number ${ACCOUNT_NUMBER}: no notice, Setup Recipient shown; Execute step disabled until it is filled`);

		// Back to what was saved, so leaving the page loses nothing.
		await recipient.locator('input').fill('');
		await fromNumber.fill(TEST_NUMBER);
		await notice.waitFor();
		await closePanel();
		await saveWorkflow();
	});

	uiTest('opening its saved credential runs the credential test, which starts no workflow; a real event still runs it', async () => {
		expectOk(await local.api.publishWorkflow(workflowId), 'publish the test-number trigger');
		await waitFor(() => sim.callbackUrlFor(TEST_NUMBER)?.startsWith(`${productionUrl}?token=`), {
			timeoutMs: 30_000,
			what: 'the setup text from the test number with the production URL',
		});
		await local.n8n.waitForPostWebhook(webhookPath, 30_000);
		const sentBefore = sim.sent.length;

		const credential = await ioPhoneCredential();
		await page.goto('/home/credentials', { waitUntil: 'domcontentloaded' });
		await page.getByTestId('resources-list-item').filter({ hasText: credential.name }).first().click();
		const modal = page.getByTestId('editCredential-modal');
		await modal.getByTestId('credentials-config-container-test-success').waitFor();
		const credentialTest = await waitFor(() => sim.sent.slice(sentBefore).find((m) => m.from === TEST_NUMBER), {
			timeoutMs: 15_000,
			what: "the credential test's text from the test number",
		});
		const delivery = await waitFor(
			() => sim.webhooks.find((w) => w.url.startsWith(productionUrl) && (w.payload as { id?: number }).id === credentialTest.id),
			{ timeoutMs: 15_000, what: "IO Phone's delivery of the credential test to the published trigger" },
		);
		expect(delivery.status).toBe(200);
		await modal.locator('.el-dialog__headerbtn').first().click();
		await modal.waitFor({ state: 'hidden' });

		// A real event after it: once its execution is stored, one started by the earlier credential test would be too.
		const response = await fetch(`${sim.baseUrl}/text?apiKey=${API_KEY}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ toNumber: TEXTER, fromNumber: TEST_NUMBER, text: 'a real text from the test number' }),
		});
		const real = (await response.json()) as { id: number };
		const eventsRun = async () => (await local.api.listExecutions(workflowId, true)).flatMap((e) => nodeOutput(e, TRIGGER_NODE).map((item) => item.id));
		const ran = await waitFor(async () => {
			const ids = await eventsRun();
			return ids.includes(real.id) ? ids : undefined;
		}, { timeoutMs: 30_000, what: 'the execution of the real event' });
		expect(ran).not.toContain(credentialTest.id);
		expect(ran.filter((id) => id === real.id)).toHaveLength(1);
		const others = ran.filter((id) => id !== real.id);
		saw(
			`credential test with a published test-number trigger: IO Phone posted its delivery (id ${credentialTest.id}) to the Production URL, answered ${delivery.status}, no execution; a real delivery (id ${real.id}) ran the workflow` +
				(others.length ? `; other executions: events ${others.join(', ')} (the setup text's delivery: ${sim.sent.filter((m) => others.includes(m.id)).map((m) => `to ${m.to}`).join(', ')})` : ''),
		);
		expectOk(await local.api.unpublishWorkflow(workflowId), 'unpublish the test-number trigger');
	});
});

uiTest('a trigger as added today (version 1.3) on an account number shows From Numbers, Setup Recipient and Max Executions per Sender', async () => {
	const workflow = triggerOnlyWorkflow(await ioPhoneCredential(), {
		fromNumber: ACCOUNT_NUMBER,
		setupRecipient: MOBILE,
		typeVersion: TRIGGER.defaultVersion,
		name: 'IO Phone Trigger as added today (editor)',
	});
	await openWorkflow((await local.api.createWorkflow(workflow)).id);
	await canvasNode(TRIGGER_NODE).dblclick();
	await ndv().waitFor();

	const fromNumbers = ndv().getByTestId('parameter-input-fromNumbers').locator('input');
	const recipient = ndv().getByTestId('parameter-input-setupRecipient').locator('input');
	const maxPerSender = ndv().getByTestId('parameter-input-maxExecutionsPerSender');
	await fromNumbers.waitFor();
	expect(await fromNumbers.inputValue()).toBe(ACCOUNT_NUMBER);
	expect(await ndv().getByTestId('parameter-input-fromNumber').count()).toBe(0);
	expect(await recipient.inputValue()).toBe(MOBILE);
	await maxPerSender.waitFor();
	expect(await label('fromNumbers')).toEqual({ text: property(TRIGGER, 'fromNumbers').displayName, clipped: false });
	expect(await label('maxExecutionsPerSender')).toEqual({ text: property(TRIGGER, 'maxExecutionsPerSender').displayName, clipped: false });
	// The picture shows the panel alone: no toast left over from loading the page.
	await page.locator('.el-notification').filter({ visible: true }).first().waitFor({ state: 'hidden' });
	await shot('trigger-panel');
	saw(`trigger panel, version ${TRIGGER.defaultVersion}, From Numbers ${ACCOUNT_NUMBER}: Setup Recipient ${MOBILE}, Max Executions per Sender shown, no From Number`);
	await closePanel();
});

describe('the auto-reply example (examples/auto-reply.json)', () => {
	let workflowId: string;
	let productionUrl: string;
	let webhookPath: string;

	/** Sends a fake incoming text to whatever URL IO Phone stores; resolves with the reply IO Phone got. */
	async function textAndAwaitReply(text: string) {
		const delivery = await sim.receive({ from: TEXTER, to: ACCOUNT_NUMBER, text });
		expect(delivery?.status).toBe(200);
		return await waitFor(() => sim.sent.find((m) => m.to === TEXTER && m.text === `Thanks! You said: ${text}`), {
			timeoutMs: 20_000,
			what: `the auto-reply to "${text}"`,
		});
	}

	uiTest('published from the editor, it registers its production URL and answers a text', async () => {
		const workflow = autoReplyWorkflow(await ioPhoneCredential(), { fromNumber: ACCOUNT_NUMBER, setupRecipient: MOBILE });
		webhookPath = triggerWebhookPath(workflow);
		productionUrl = local.n8n.webhookUrl(webhookPath);
		workflowId = (await local.api.createWorkflow(workflow)).id;

		await openWorkflow(workflowId);
		await page.getByTestId('workflow-open-publish-modal-button').click();
		await page.getByTestId('workflow-publish-button').filter({ visible: true }).click();
		await waitFor(() => sim.callbackUrlFor(ACCOUNT_NUMBER)?.startsWith(`${productionUrl}?token=`), {
			timeoutMs: 30_000,
			what: 'the setup text with the production URL',
		});
		await local.n8n.waitForPostWebhook(webhookPath, 30_000);
		const published = await shows(page.getByTestId('workflow-open-publish-modal-button'), /Published/);
		for (const name of [TRIGGER_NODE, REPLY_NODE]) await canvasNode(name).waitFor();
		await page.keyboard.press('Escape');
		await shot('auto-reply-canvas');

		const reply = await textAndAwaitReply('hello from the browser test');
		expect(reply.from).toBe(ACCOUNT_NUMBER);
		saw(`auto-reply example: the editor says "${published}"; setup text registered ${productionUrl}?token=…; a text was answered "${reply.text}"`);
	});

	// Depends on the trigger's test-listen design (issue 12, point 2): testing must not leave the
	// published workflow deaf. Last in the file on purpose.
	uiTest('testing the published trigger shows a sample, and afterwards real events still run the published workflow', async () => {
		const sentBefore = sim.sent.length;
		await openWorkflow(workflowId);
		await canvasNode(TRIGGER_NODE).dblclick();
		await ndv().waitFor();
		await ndv().getByTestId('node-execute-button').click();
		const listening = page.getByTestId('trigger-listening');
		await listening.waitFor();
		saw(`trigger test: the panel says "${(await listening.innerText()).split('\n')[0]}"`);

		// A sample arrives: by itself (simulated by IO Phone), or from a fake incoming text sent to
		// the test URL IO Phone stores while the editor listens.
		const output = ndv().getByTestId('output-panel');
		const sample = 'sample for the editor';
		await waitFor(
			async () => {
				if (await output.getByText(/message-(received|delivered|failed)/).first().isVisible()) return true;
				if (sim.callbackUrlFor(ACCOUNT_NUMBER)?.includes('/webhook-test/')) {
					const delivery = await sim.receive({ from: TEXTER, to: ACCOUNT_NUMBER, text: sample });
					return delivery?.status === 200;
				}
				return false;
			},
			{ timeoutMs: 30_000, intervalMs: 500, what: 'a sample event for the listening trigger' },
		);
		const shown = await shows(output, /message-(received|delivered|failed)/);
		await listening.waitFor({ state: 'hidden' });
		saw(`trigger test: a sample arrived (${shown.includes(sample) ? `the fake text "${sample}"` : 'a simulated event'}), listening stopped`);
		await page.getByTestId('ndv-close-button').click();

		const setupTexts = sim.sent.slice(sentBefore).filter((m) => m.to === MOBILE).length;
		const stored = await waitFor(() => sim.callbackUrlFor(ACCOUNT_NUMBER)?.startsWith(`${productionUrl}?token=`), {
			timeoutMs: 30_000,
			what: 'IO Phone to hold the production URL again after testing',
		}).catch((error: Error) => {
			const held = sim.callbackUrlFor(ACCOUNT_NUMBER);
			throw new Error(`${error.message}: IO Phone holds ${held ? `"${held}"` : 'no callback URL'} for ${ACCOUNT_NUMBER}, so the published workflow gets no events`);
		});
		expect(stored).toBe(true);
		const reply = await textAndAwaitReply('after testing the trigger');
		saw(`after testing: IO Phone holds the production URL again (${setupTexts} text(s) to ${MOBILE} while testing); a real text was answered "${reply.text}"`);
	});
});

test('every README section the editor links to is a heading of README.md', () => {
	const anchors = headingAnchors(readFileSync(path.join(PROJECT_ROOT, 'README.md'), 'utf8'));
	expect([...linked.keys()]).toEqual(expect.arrayContaining(Object.values(DOCS)));
	for (const [href, where] of linked) {
		if (!href.startsWith(`${REPOSITORY_URL}#`)) continue;
		const anchor = href.slice(REPOSITORY_URL.length + 1);
		if (!anchors.has(anchor)) throw new Error(`${where} opens ${href}, but README.md has no heading with the anchor #${anchor}`);
	}
	saw(`README.md has a heading for every section the editor links to: ${[...new Set([...linked.keys()].map((h) => h.split('#')[1]))].map((a) => `#${a}`).join(', ')}`);
});
