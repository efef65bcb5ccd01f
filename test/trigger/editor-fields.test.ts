/**
 * What the editor shows for the trigger's fields, worked out by n8n's own display and issue
 * logic (n8n-workflow's NodeHelpers, which the editor runs) over the node's description.
 */
import { NodeHelpers } from 'n8n-workflow';
import type { INode, INodeParameters } from 'n8n-workflow';

import { IoPhoneTrigger } from '../../nodes/IoPhoneTrigger/IoPhoneTrigger.node';
import { TEST_NUMBER } from '../../tools/simulator';
import { ACCOUNT_NUMBER } from '../support/send-node';
import { triggerNode } from '../support/trigger-workflow';

const { description } = new IoPhoneTrigger();
const field = (name: string) => description.properties.find((p) => p.name === name)!;

function editorView(parameters: INodeParameters) {
	const node: INode = triggerNode(parameters);
	const values = NodeHelpers.getNodeParameters(description.properties, node.parameters, true, false, node, description)!;
	const shown = (name: string) => NodeHelpers.displayParameter(values, field(name), node, description);
	const issues = NodeHelpers.getNodeParametersIssues(description.properties, { ...node, parameters: values }, description);
	return { shown, missing: Object.keys(issues?.parameters ?? {}) };
}

const TEST_NUMBER_AS_TYPED = [TEST_NUMBER, '19999999999', '(999) 999-9999', '+1 999-999-9999', '999.999.9999'];

describe('From Number is the test number, however it is typed', () => {
	test.each(TEST_NUMBER_AS_TYPED)('%s: the panel says the sample is a delivery; Setup Recipient is hidden and not missing', (fromNumber) => {
		const view = editorView({ fromNumber, setupRecipient: '' });
		expect(view.shown('testNumberNotice')).toBe(true);
		expect(view.shown('setupRecipient')).toBe(false);
		expect(view.missing).toEqual([]);
	});
});

describe('From Number is another number', () => {
	test.each([ACCOUNT_NUMBER, '+199999999990', '+29999999999', ''])('%p: no test-number notice; Setup Recipient is shown and required', (fromNumber) => {
		const view = editorView({ fromNumber, setupRecipient: '' });
		expect(view.shown('testNumberNotice')).toBe(false);
		expect(view.shown('setupRecipient')).toBe(true);
		expect(view.missing).toContain('setupRecipient');
	});

	test('Manual registration never asks for a Setup Recipient', () => {
		const view = editorView({ fromNumber: ACCOUNT_NUMBER, registration: 'manual', manualToken: 'x'.repeat(32), setupRecipient: '' });
		expect(view.shown('setupRecipient')).toBe(false);
		expect(view.missing).toEqual([]);
	});
});

describe('keyword answers, per version', () => {
	const KEYWORD_FIELDS = ['keywordsNotice', 'answerOptOut', 'optOutAnswer', 'answerOptIn', 'optInAnswer', 'answerHelp', 'helpAnswer'];

	function atVersion(typeVersion: number, parameters: INodeParameters = {}) {
		const node: INode = { ...triggerNode(parameters), typeVersion };
		// What n8n saves for the node and what it hands the node at run time (defaults filled in).
		const saved = NodeHelpers.getNodeParameters(description.properties, node.parameters, false, false, node, description)!;
		const resolved = NodeHelpers.getNodeParameters(description.properties, node.parameters, true, false, node, description)!;
		const shown = (name: string) => NodeHelpers.displayParameter(resolved, field(name), node, description);
		return { saved, resolved, shown };
	}

	test('1.2 shows every answer, on by default with its text; the defaults are not saved', () => {
		const view = atVersion(1.2);
		expect(KEYWORD_FIELDS.filter(view.shown)).toEqual(KEYWORD_FIELDS);
		expect(view.resolved).toMatchObject({ answerOptOut: true, answerOptIn: true, answerHelp: true });
		expect(view.resolved.helpAnswer).toMatch(/STOP/);
		expect(Object.keys(view.saved)).not.toContain('answerOptOut');
	});

	test('1.2 hides an answer\'s text while its answer is off', () => {
		const view = atVersion(1.2, { answerHelp: false });
		expect(view.shown('helpAnswer')).toBe(false);
		expect(view.shown('optOutAnswer')).toBe(true);
	});

	test.each([1, 1.1])('%s shows no answer fields and runs with none switched on', (typeVersion) => {
		const view = atVersion(typeVersion);
		expect(KEYWORD_FIELDS.filter(view.shown)).toEqual([]);
		for (const name of KEYWORD_FIELDS) expect(view.resolved).not.toHaveProperty(name);
	});

	test('the default answers are GSM-7 and fit in one text segment', () => {
		const GSM7 = /^[A-Za-z0-9 @£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!"#¤%&'()*+,\-./:;<=>?¡ÄÖÑÜ§¿äöñüà]*$/;
		for (const name of ['optOutAnswer', 'optInAnswer', 'helpAnswer']) {
			const text = String(field(name).default);
			expect(text).toMatch(GSM7);
			expect(text.length).toBeLessThanOrEqual(160);
		}
	});
});

describe('version 1.3: From Numbers and Max Executions per Sender', () => {
	function at13(parameters: INodeParameters) {
		const node: INode = { ...triggerNode(parameters), typeVersion: 1.3 };
		delete node.parameters.fromNumber;
		const values = NodeHelpers.getNodeParameters(description.properties, node.parameters, true, false, node, description)!;
		const shown = (name: string) => NodeHelpers.displayParameter(values, field(name), node, description);
		const issues = NodeHelpers.getNodeParametersIssues(description.properties, { ...node, parameters: values }, description);
		return { values, shown, missing: Object.keys(issues?.parameters ?? {}) };
	}

	test('From Numbers replaces From Number; Max Executions per Sender is shown, 10 by default', () => {
		const view = at13({ fromNumbers: `${ACCOUNT_NUMBER}, +15553334444` });
		expect(view.shown('fromNumbers')).toBe(true);
		expect(view.shown('fromNumber')).toBe(false);
		expect(view.shown('maxExecutionsPerSender')).toBe(true);
		expect(view.values.maxExecutionsPerSender).toBe(10);
	});

	test.each(TEST_NUMBER_AS_TYPED)('only the test number (%s): the notice shows, Setup Recipient is hidden and not missing', (fromNumbers) => {
		const view = at13({ fromNumbers, setupRecipient: '' });
		expect(view.shown('testNumbersNotice')).toBe(true);
		expect(view.shown('setupRecipient')).toBe(false);
		expect(view.missing).toEqual([]);
	});

	test('the test number among others: Setup Recipient is shown and required', () => {
		const view = at13({ fromNumbers: `${TEST_NUMBER}, ${ACCOUNT_NUMBER}`, setupRecipient: '' });
		expect(view.shown('setupRecipient')).toBe(true);
		expect(view.missing).toContain('setupRecipient');
	});

	test.each([1, 1.1, 1.2])('%s shows From Number and no Max Executions per Sender', (typeVersion) => {
		const node: INode = { ...triggerNode({}), typeVersion };
		const values = NodeHelpers.getNodeParameters(description.properties, node.parameters, true, false, node, description)!;
		expect(NodeHelpers.displayParameter(values, field('fromNumber'), node, description)).toBe(true);
		expect(values).not.toHaveProperty('maxExecutionsPerSender');
		expect(values).not.toHaveProperty('fromNumbers');
	});
});
