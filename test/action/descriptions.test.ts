/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (README, Development) */
/**
 * What the editor shows, read from the nodes as n8n loads them (dist, through n8n-core's package
 * loader, codex included): the Docs links, option names, field order and hints.
 */
import type { INodeProperties, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { getDefaultPackage } from '../../tools/harness';
import { IoPhoneApi } from '../../credentials/IoPhoneApi.credentials';
import { COUNTRIES } from '../../nodes/shared/countries';

const README = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
const pkg = getDefaultPackage();
const describeNode = (type: string): INodeTypeDescription => pkg.nodeTypes.getByNameAndVersion(type, 1).description;
const SEND = describeNode('n8n-nodes-iophone.ioPhone');
const TRIGGER = describeNode('n8n-nodes-iophone.ioPhoneTrigger');

/**
 * The editor's Docs link (n8n 2.41.1 editor-ui, composables/useNodeDocsUrl.ts): a
 * `documentationUrl` starting with http as is; else the codex URL + `?utm_…`; else npm.
 */
function editorDocsUrl(nodeType: INodeTypeDescription): string {
	if (nodeType.documentationUrl?.startsWith('http')) return nodeType.documentationUrl;
	const utm = new URLSearchParams({ utm_source: 'n8n_app', utm_medium: 'node_settings_modal-credential_link', utm_campaign: nodeType.name });
	const primary = nodeType.codex?.resources?.primaryDocumentation?.[0]?.url;
	if (primary) return `${primary}?${utm.toString()}`;
	return `https://www.npmjs.com/package/${nodeType.name.split('.')[0]}`;
}

/** GitHub's heading anchors: lower case, spaces to dashes, punctuation dropped. */
function githubAnchors(markdown: string): Set<string> {
	return new Set(
		[...markdown.matchAll(/^#{1,6} (.+)$/gm)].map(([, title]) =>
			title.trim().toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-'),
		),
	);
}

/** Every property, options of collections included. */
function allProperties(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((p) => [
		p,
		...allProperties((p.options ?? []).filter((o): o is INodeProperties => 'displayName' in o)),
	]);
}

/** n8n's options search: the option name contains the query, ignoring case. */
const search = (options: INodePropertyOptions[], query: string) =>
	options.filter((o) => o.name.toLocaleLowerCase().includes(query.toLocaleLowerCase())).map((o) => o.value);

describe('Docs links', () => {
	test.each([
		['IO Phone', SEND, 'io-phone-node'],
		['IO Phone Trigger', TRIGGER, 'io-phone-trigger-node'],
	])('%s: the editor opens the README section as is', (_name, description, anchor) => {
		const url = new URL(editorDocsUrl(description));
		expect(url.hash).toBe(`#${anchor}`);
		expect(url.search).toBe('');
		expect(githubAnchors(README).has(anchor)).toBe(true);
	});

	test.each([SEND, TRIGGER])('the codex URL has no #fragment, so ?utm_… appended to it stays a working URL ($name)', (description) => {
		const primary = description.codex?.resources?.primaryDocumentation?.[0]?.url;
		expect(primary).toBe('https://github.com/n8n-nodes-iophone/n8n-nodes-iophone');
		expect(new URL(`${primary}?utm_source=n8n_app`).hash).toBe('');
	});

	test('the credential links the README credentials section, which the hint for the key points to as well', () => {
		const credential = new IoPhoneApi();
		expect(credential.documentationUrl).toBe('https://github.com/n8n-nodes-iophone/n8n-nodes-iophone#credentials');
		expect(githubAnchors(README).has('credentials')).toBe(true);
		const apiKey = credential.properties.find((p) => p.name === 'apiKey')!;
		expect(apiKey.description).toContain('where your IO Phone account shows its API access');
		expect(apiKey.description).toContain('href="https://github.com/n8n-nodes-iophone/n8n-nodes-iophone#credentials"');
	});
});

describe('option names', () => {
	test('units are written out in parentheses, as n8n\'s own "Timeout (Seconds)" (n8n\'s lint and scanner require title case)', () => {
		const names = allProperties(SEND.properties).map((p) => p.displayName);
		expect(names).toEqual(expect.arrayContaining(['Timeout (Milliseconds)', 'Pause Between Batches (Milliseconds)']));
		expect(names.filter((n) => /\(ms\)/i.test(n))).toEqual([]);
	});

	test.each([
		['uk', 'GB'],
		['UK', 'GB'],
		['britain', 'GB'],
		['england', 'GB'],
		['usa', 'US'],
		['uae', 'AE'],
		['turkey', 'TR'],
		['holland', 'NL'],
	])('Country search "%s" finds %s (and the values stay ISO codes)', (query, code) => {
		const country = allProperties(SEND.properties).find((p) => p.name === 'country')!;
		const allowed = allProperties(SEND.properties).find((p) => p.name === 'allowedCountries')!;
		for (const property of [country, allowed]) {
			const options = property.options as INodePropertyOptions[];
			expect(search(options, query)).toContain(code);
			expect(options.map((o) => o.value)).toEqual(COUNTRIES.map(([c]) => c));
		}
	});

	test('an option name shows the name, the code and the aliases: "United Kingdom (GB, UK, Great Britain, England)"', () => {
		const options = allProperties(SEND.properties).find((p) => p.name === 'country')!.options as INodePropertyOptions[];
		expect(options.find((o) => o.value === 'GB')!.name).toBe('United Kingdom (GB, UK, Great Britain, England)');
		expect(options.find((o) => o.value === 'UA')!.name).toBe('Ukraine (UA)');
		expect(search(options, 'uk')).toEqual(['UA', 'GB']);
	});
});

describe('IO Phone Trigger fields', () => {
	const names = TRIGGER.properties.map((p) => p.name);

	test('Manual registration: the required Callback Token comes right after Verify Callback Token, with how to make a strong one', () => {
		expect(names.indexOf('manualToken')).toBe(names.indexOf('verifyToken') + 1);
		const token = TRIGGER.properties.find((p) => p.name === 'manualToken')!;
		expect(token).toMatchObject({ required: true, typeOptions: { password: true } });
		expect(token.description).toContain('at least 22 characters');
		expect(token.description).toContain('openssl rand -hex 16');
	});

	test('the editor says what testing costs: trigger panel, listening text and a notice under Send a Setup Text', () => {
		const panel = TRIGGER.triggerPanel as { executionsHelp: { active: string; inactive: string }; activationHint: string };
		expect(panel.executionsHelp.active).toContain('<b>2 texts</b>');
		expect(panel.executionsHelp.active).toContain('points them back at the Production URL');
		expect(panel.executionsHelp.inactive).toContain('<b>2 texts</b>');
		expect(panel.activationHint).toContain('one setup text');
		expect(TRIGGER.eventTriggerDescription).toBeTruthy();
		const notice = TRIGGER.properties.find((p) => p.name === 'testListenNotice')!;
		expect(notice).toMatchObject({ type: 'notice', displayOptions: { show: { registration: ['setupText'] } } });
		expect(notice.displayName).toContain('2 texts');
	});
});
