/**
 * What the editor shows, read from the nodes as n8n loads them (dist, through n8n-core's package
 * loader, codex included): the Docs links, which fields show when, option names and hints.
 * Whether a field shows is decided by n8n-workflow's own NodeHelpers.displayParameterPath, the
 * function the editor calls (editor-ui useNodeHelpers.displayParameter).
 */
import { deepCopy, NodeHelpers, SEND_AND_WAIT_OPERATION } from 'n8n-workflow';
import type { IDataObject, INode, INodeParameters, INodeProperties, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

import { getDefaultPackage } from '../../tools/harness';
import { IoPhoneApi } from '../../credentials/IoPhoneApi.credentials';
import { COUNTRIES } from '../../nodes/shared/countries';
import { DOCS, REPOSITORY_URL } from '../../nodes/shared/docs-links';
import { runSend, sendParameters } from '../support/send-node';
import { IoPhoneSimulator } from '../../tools/simulator';

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

/**
 * The AI Agent review tool n8n 2.41.1 derives from a node with a sendAndWait operation
 * (packages/cli/src/tool-generation/hitl-tools.ts, convertNodeToHitlTool): a deep copy whose name
 * gets "HitlTool", whose Resource and Operation become hidden fields fixed to the sendAndWait
 * ones and whose other fields stay; documentationUrl and the codex resources are copied unchanged.
 */
function reviewToolOf(node: INodeTypeDescription): INodeTypeDescription {
	const tool = deepCopy(node);
	tool.name += 'HitlTool';
	tool.properties = tool.properties.map((p) =>
		p.name === 'resource' ? { displayName: 'Resource', name: 'resource', type: 'hidden', default: 'message' }
		: p.name === 'operation' ? { displayName: 'Operation', name: 'operation', type: 'hidden', default: SEND_AND_WAIT_OPERATION }
		: p,
	);
	return tool;
}

/** The node's fields the editor shows below Resource and Operation for these parameters (top level). */
function shownFields(nodeType: INodeTypeDescription, parameters: INodeParameters): INodeProperties[] {
	const node = { typeVersion: 1 } as INode;
	return nodeType.properties.filter(
		(p) =>
			p.type !== 'hidden' &&
			!['resource', 'operation'].includes(p.name) &&
			NodeHelpers.displayParameterPath({ parameters }, p, 'parameters', node, nodeType),
	);
}

/** The options of a collection the editor offers to add, given what the collection holds. */
function offeredOptions(collection: INodeProperties, nodeType: INodeTypeDescription, values: INodeParameters): string[] {
	const node = { typeVersion: 1 } as INode;
	const nodeValues = { parameters: { [collection.name]: values } };
	return (collection.options as INodeProperties[])
		.filter((o) => !o.displayOptions || NodeHelpers.displayParameterPath(nodeValues, o, `parameters.${collection.name}`, node, nodeType))
		.map((o) => o.name);
}

/** Links in a notice's text. */
const linksIn = (property: INodeProperties) => [...property.displayName.matchAll(/href="([^"]+)"/g)].map(([, url]) => url);
const noticeLinks = (fields: INodeProperties[]) => fields.filter((p) => p.type === 'notice').flatMap(linksIn);

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

const sendFields = (operation: string) => shownFields(SEND, { resource: 'message', operation });

describe('Docs links', () => {
	test.each([
		['IO Phone', SEND, DOCS.send],
		['IO Phone Trigger', TRIGGER, DOCS.trigger],
	])('%s: the editor opens its section as is', (_name, description, section) => {
		expect(editorDocsUrl(description)).toBe(section);
		expect(new URL(editorDocsUrl(description)).search).toBe('');
	});

	test.each([SEND, TRIGGER])('the codex URL has no #fragment, so ?utm_… appended to it stays a working URL ($name)', (description) => {
		const primary = description.codex?.resources?.primaryDocumentation?.[0]?.url;
		expect(primary).toBe(REPOSITORY_URL);
		expect(new URL(`${primary}?utm_source=n8n_app`).hash).toBe('');
	});

	test.each([SEND, TRIGGER])('the codex credential documentation is the credentials section ($name)', (description) => {
		expect(description.codex?.resources?.credentialDocumentation?.map((link) => link.url)).toEqual([DOCS.credentials]);
	});

	test('the credential and the hint for its key link the credentials section', () => {
		const credential = new IoPhoneApi();
		expect(credential.documentationUrl).toBe(DOCS.credentials);
		const apiKey = credential.properties.find((p) => p.name === 'apiKey')!;
		expect(apiKey.description).toContain(`href="${DOCS.credentials}"`);
	});

	test('Send and Wait for Response links its own section at the top of its fields; Send shows no such notice', () => {
		const fields = sendFields(SEND_AND_WAIT_OPERATION);
		expect(fields[0].type).toBe('notice');
		expect(noticeLinks(fields)).toEqual([DOCS.sendAndWait]);
		expect(noticeLinks(sendFields('send'))).toEqual([]);
	});

	test('the AI Agent review tool n8n derives keeps the node\'s Docs link (n8n copies it), and links its own section at the top of its fields', () => {
		const review = reviewToolOf(SEND);
		expect(editorDocsUrl(review)).toBe(DOCS.send);
		// The hidden Resource and Operation hold their defaults, as in every review node the editor adds.
		const fields = shownFields(review, { resource: 'message', operation: SEND_AND_WAIT_OPERATION });
		expect(fields[0].type).toBe('notice');
		expect(noticeLinks(fields)).toEqual([DOCS.humanReview]);
	});
});

describe('fields as the editor shows them', () => {
	const sendOptions = SEND.properties.find((p) => p.name === 'options' && p.displayOptions?.show?.operation?.includes('send'))!;

	test('Skip Window (Hours) is offered only once Skip Texts Already Sent is on', () => {
		expect(offeredOptions(sendOptions, SEND, {})).not.toContain('skipWindowHours');
		expect(offeredOptions(sendOptions, SEND, { skipAlreadySent: false })).not.toContain('skipWindowHours');
		expect(offeredOptions(sendOptions, SEND, { skipAlreadySent: true })).toContain('skipWindowHours');
		expect(offeredOptions(sendOptions, SEND, { skipAlreadySent: '={{ $json.once }}' })).toContain('skipWindowHours');
	});

	test('If Text Is Too Long is offered for Send only, listed in alphabetical order, and Fail by default (a saved workflow fails a long text as before)', () => {
		const offered = offeredOptions(sendOptions, SEND, {});
		expect(offered.slice(offered.indexOf('formatNumber'), offered.indexOf('formatNumber') + 3)).toEqual(['formatNumber', 'ifTooLong', 'maxPerSecond']);
		const field = (sendOptions.options as INodeProperties[]).find((o) => o.name === 'ifTooLong')!;
		expect(field.default).toBe('fail');
		expect(allProperties(sendFields(SEND_AND_WAIT_OPERATION)).map((p) => p.name)).not.toContain('ifTooLong');
	});

	test('a workflow saved with a Skip Window but Skip Texts Already Sent off still sends every text', async () => {
		const sim = await IoPhoneSimulator.start();
		try {
			const parameters = sendParameters({ options: { skipAlreadySent: false, skipWindowHours: 5 } });
			for (let run = 0; run < 2; run++) expect((await runSend(sim, parameters)).error).toBeUndefined();
			expect(sim.sent).toHaveLength(2);
		} finally {
			await sim.close();
		}
	});

	test('option names fit the panel: the editor cut names of 27 characters and more at its default width', () => {
		const tooLong = allProperties(SEND.properties)
			.map((p) => p.displayName)
			.filter((name) => !name.includes('<a ') && name.length > 26);
		expect(tooLong).toEqual([]);
	});

	test('a duration shows its unit without hovering: in the name or in the hint under the field; never "(ms)" (n8n\'s lint and scanner require title case)', () => {
		for (const name of ['timeout', 'batchInterval', 'skipWindowHours']) {
			for (const field of allProperties(SEND.properties).filter((p) => p.name === name)) {
				expect(`${field.displayName} ${field.hint ?? ''}`).toMatch(/milliseconds|hours/i);
			}
		}
		expect(allProperties(SEND.properties).filter((p) => /\(ms\)/i.test(p.displayName))).toEqual([]);
	});

	test('Guard Rails → Opted-Out Numbers is offered for Send, Send and Wait and the AI Agent review tool, empty by default (a saved workflow sends as before), and says under the field that it is read once per run', () => {
		for (const [nodeType, operation] of [[SEND, 'send'], [SEND, SEND_AND_WAIT_OPERATION], [reviewToolOf(SEND), SEND_AND_WAIT_OPERATION]] as const) {
			const rails = shownFields(nodeType, { resource: 'message', operation }).find((p) => p.name === 'guardRails')!;
			expect(offeredOptions(rails, nodeType, {})).toEqual(expect.arrayContaining(['optedOutNumbers', 'optedOutNumberField']));
			const field = (rails.options as INodeProperties[]).find((o) => o.name === 'optedOutNumbers')!;
			expect(field.default).toBe('');
			expect(field.hint).toMatch(/once per run/);
		}
	});

	test('Max Segments says under the field what its default 0 means', () => {
		for (const field of allProperties(SEND.properties).filter((p) => p.name === 'maxSegments')) {
			expect(field.default).toBe(0);
			expect(field.hint).toContain('0');
		}
	});
});

describe('option names', () => {
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

describe('Send and Wait fields by node version', () => {
	const sendAndWait = { resource: 'message', operation: SEND_AND_WAIT_OPERATION };
	const approvalOptions = SEND.properties.find((p) => p.name === 'approvalOptions')!;
	const approvalValues = (approvalOptions.options![0] as { values: INodeProperties[] }).values;

	/** Approval Options' fields the editor shows for these values in a node of this version. */
	const shownApprovalFields = (typeVersion: number, values: INodeParameters) =>
		approvalValues.filter((p) =>
			NodeHelpers.displayParameterPath({ parameters: { ...sendAndWait, approvalOptions: { values } } }, p, 'parameters.approvalOptions.values', { typeVersion } as INode, SEND),
		);

	/** The parameters n8n resolves for a saved node (what the Workflow holds when it runs, and the editor shows). */
	const resolved = (typeVersion: number, parameters: INodeParameters) =>
		NodeHelpers.getNodeParameters(SEND.properties, { ...sendAndWait, ...parameters }, true, false, { typeVersion, parameters } as INode, SEND)!;

	test('new nodes get version 1.1; saved workflows keep the version they were built with', () => {
		expect(SEND.version).toEqual([1, 1.1]);
		expect(SEND.defaultVersion).toBe(1.1);
	});

	test('Links in the Text: from version 1.1, for Approve and Decline only, one link by default; version 1 does not show it (a link per button)', () => {
		const shownNames = (typeVersion: number, approvalType: string) => shownApprovalFields(typeVersion, { approvalType }).map((p) => p.name);
		expect(shownNames(1.1, 'single')).not.toContain('linksInText');
		expect(shownNames(1, 'double')).not.toContain('linksInText');
		const [field] = shownApprovalFields(1.1, { approvalType: 'double' }).filter((p) => p.name === 'linksInText');
		expect(field.default).toBe('onePage');
		expect((field.options as INodePropertyOptions[]).map((o) => o.value)).toEqual(['perButton', 'onePage']);
		// A workflow saved without the field (n8n leaves out values equal to their default): 1.1 runs with one link; version 1 has none.
		const savedDouble = { approvalOptions: { values: { approvalType: 'double' } } };
		const linksOf = (typeVersion: number) => ((resolved(typeVersion, savedDouble).approvalOptions as { values: IDataObject }).values.linksInText);
		expect(linksOf(1.1)).toBe('onePage');
		expect(linksOf(1)).toBeUndefined();
	});

	test('Define Form: Form Fields as fields by default (saved workflows), the JSON field only with Using JSON', () => {
		// With the defaults n8n fills in, as the editor and the Workflow hold a saved node's parameters.
		const shownFor = (parameters: INodeParameters) => shownFields(SEND, resolved(1.1, { responseType: 'customForm', ...parameters }));
		const fieldsOf = (parameters: INodeParameters) => shownFor(parameters).map((p) => p.name);
		expect(fieldsOf({})).toEqual(expect.arrayContaining(['defineForm', 'formFields']));
		expect(fieldsOf({})).not.toContain('jsonOutput');
		expect(fieldsOf({ defineForm: 'json' })).toContain('jsonOutput');
		expect(fieldsOf({ defineForm: 'json' })).not.toContain('formFields');
		expect(shownFor({ defineForm: 'json' }).find((p) => p.name === 'jsonOutput')).toMatchObject({ displayName: 'Form Fields', type: 'json' });
		expect(shownFields(SEND, { ...sendAndWait, responseType: 'approval' }).map((p) => p.name)).not.toContain('defineForm');
	});
});
