/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * The n8n editor in a real browser: the packed package in n8n 2.41.1, used through Debian's headless
 * Chromium (playwright-core) the way a person would, against the IO Phone simulator on loopback.
 * Every check is on what the page shows; the simulator says what reached IO Phone. The tests share
 * one n8n and one page and run in order. Screenshots: see browser.ts (IOPHONE_E2E_SCREENSHOTS=docs
 * refreshes README's pictures).
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';

import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import type { Locator, Page } from 'playwright-core';

import { IoPhoneSimulator, TEST_NUMBER } from '../../tools/simulator';
import { launchBrowser, screenshot, type EditorBrowser } from './browser';
import { LocalN8n } from '../../tools/n8n/local-n8n';
import { PROJECT_ROOT } from '../../tools/n8n/n8n-install';
import { waitFor } from '../../tools/n8n/wait';
import { autoReplyWorkflow, REPLY_NODE, TRIGGER_NODE, triggerWebhookPath } from '../../tools/n8n/workflows';

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
/** A collection's button label ("Add Field") and the names listed under it. */
const collection = (name: string) => {
	const p = property(SEND, name);
	return { label: p.placeholder as string, names: (p.options as INodeProperties[]).map((o) => o.displayName) };
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
	await page.getByTestId('ndv-close-button').click();
	await ndv().waitFor({ state: 'hidden' });
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
	await page.getByTestId('ndv-close-button').click();
	await ndv().waitFor({ state: 'hidden' });
	await saveWorkflow();
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
		const credential = await local.api.createCredential('IO Phone (simulator)', 'ioPhoneApi', { apiKey: API_KEY, baseUrl: sim.baseUrl });
		const workflow = autoReplyWorkflow(credential, { fromNumber: ACCOUNT_NUMBER, setupRecipient: MOBILE });
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
