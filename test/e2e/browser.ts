/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * Debian's Chromium, headless, driven by playwright-core (which never downloads a browser of its
 * own). One fresh, empty profile per launch; every request that leaves the loopback interface is
 * refused and counted, so the editor is tested as it works offline.
 */
import { mkdtempSync, mkdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { chromium, selectors, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.IOPHONE_E2E_CHROMIUM ?? '/usr/bin/chromium';
export const VIEWPORT = { width: 1280, height: 800 };

const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

export interface EditorBrowser {
	page: Page;
	context: BrowserContext;
	/** URLs the editor tried to reach outside 127.0.0.1 (refused). */
	refused: string[];
	close(): Promise<void>;
}

/** n8n's editor marks its elements with data-test-id (Playwright's default is data-testid). */
let testIdSet = false;

/** How the page is shown: the editor's desktop window by default, or a phone's screen. */
export interface BrowserDevice {
	viewport?: { width: number; height: number };
	userAgent?: string;
	isMobile?: boolean;
	hasTouch?: boolean;
	deviceScaleFactor?: number;
}

/** A phone as a texted link opens: small touch screen, a mobile Chrome's User-Agent. */
export const PHONE: BrowserDevice = {
	viewport: { width: 390, height: 760 },
	userAgent:
		'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
	isMobile: true,
	hasTouch: true,
	deviceScaleFactor: 1,
};

export async function launchBrowser(baseURL: string, device: BrowserDevice = {}): Promise<EditorBrowser> {
	if (!testIdSet) {
		selectors.setTestIdAttribute('data-test-id');
		testIdSet = true;
	}
	const profile = mkdtempSync(path.join(os.tmpdir(), 'iophone-chromium-'));
	const refused: string[] = [];
	let context: BrowserContext;
	try {
		context = await chromium.launchPersistentContext(profile, {
			executablePath: CHROMIUM,
			headless: true,
			args: CHROMIUM_ARGS,
			viewport: VIEWPORT,
			...device,
			baseURL,
			timeout: 60_000,
		});
	} catch (error) {
		rmSync(profile, { recursive: true, force: true });
		throw error;
	}
	await context.route(
		(url) => url.protocol !== 'data:' && url.protocol !== 'blob:' && url.hostname !== '127.0.0.1' && url.hostname !== 'localhost',
		async (route) => {
			refused.push(route.request().url());
			await route.abort();
		},
	);
	const page = context.pages()[0] ?? (await context.newPage());
	// The machine is small and shared: the editor's first load alone can take 10 s.
	page.setDefaultTimeout(30_000);
	page.setDefaultNavigationTimeout(90_000);
	return {
		page,
		context,
		refused,
		close: async () => {
			await context.close().catch(() => undefined);
			rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
		},
	};
}

/**
 * Saves a viewport screenshot (or the `clip` of it) as `<folder>/<name>.png` and returns its path and size. The folder is
 * IOPHONE_E2E_SCREENSHOTS when set (`docs` refreshes the README's pictures), else .cache/screenshots.
 */
export async function screenshot(
	page: Page,
	projectRoot: string,
	name: string,
	folder = process.env.IOPHONE_E2E_SCREENSHOTS,
	clip?: { x: number; y: number; width: number; height: number },
): Promise<{ file: string; bytes: number }> {
	const dir = path.resolve(projectRoot, folder ?? path.join('.cache', 'screenshots'));
	mkdirSync(dir, { recursive: true });
	const file = path.join(dir, `${name}.png`);
	await page.screenshot({ path: file, type: 'png', animations: 'disabled', caret: 'hide', clip });
	return { file, bytes: statSync(file).size };
}
