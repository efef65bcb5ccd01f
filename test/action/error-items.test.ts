/**
 * Continue On Fail through n8n's engine: whichever operation failed, every input item gives one
 * error item, paired to it, in the same shape (error, and description and httpCode when known).
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { runNode } from '../../tools/harness';
import { IoPhoneSimulator } from '../../tools/simulator';
import { credentialsFor, sendParameters, SEND_NODE, US_NUMBER } from '../support/send-node';

let sim: IoPhoneSimulator;

beforeAll(async () => {
	sim = await IoPhoneSimulator.start();
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

const OPERATIONS: Array<[string, (overrides?: IDataObject) => INodeParameters]> = [
	['Send', (overrides = {}) => sendParameters(overrides)],
	[
		'Send and Wait for Response',
		(overrides = {}) => ({ resource: 'message', operation: 'sendAndWait', toNumber: US_NUMBER, message: 'Ship it?', ...overrides }) as INodeParameters,
	],
];

const INPUT: INodeExecutionData[] = [{ json: { row: 1 } }, { json: { row: 2 } }];

async function failedItems(parameters: INodeParameters, apiKey?: string): Promise<INodeExecutionData[]> {
	const { items, error } = await runNode({ type: SEND_NODE, parameters, items: INPUT, continueOnFail: true, credentials: credentialsFor(sim, apiKey) });
	expect(error).toBeUndefined();
	return items;
}

/** The keys of each item's JSON, and what it is paired to. */
const shapeOf = (items: INodeExecutionData[]) => items.map((item) => ({ keys: Object.keys(item.json).sort(), pairedItem: item.pairedItem }));

describe('Continue On Fail error items', () => {
	test('an IO Phone error (403, wrong API key): the same shape from every operation, with IO Phone\'s message and status', async () => {
		const shapes = [];
		for (const [, parameters] of OPERATIONS) {
			const items = await failedItems(parameters(), 'sk-wrong-key');
			expect(items).toHaveLength(INPUT.length);
			for (const item of items) {
				expect(item.json).toMatchObject({ httpCode: '403', description: expect.any(String) });
				expect(String(item.json.error)).toContain('Invalid API key');
			}
			shapes.push(shapeOf(items));
		}
		expect(shapes[0]).toEqual([0, 1].map((item) => ({ keys: ['description', 'error', 'httpCode'], pairedItem: { item } })));
		expect(shapes[1]).toEqual(shapes[0]);
		expect(sim.sent).toHaveLength(0);
	});

	test('a bad input (To Number empty): the same shape from every operation, naming the field and the item, before any text goes out', async () => {
		const shapes = [];
		for (const [, parameters] of OPERATIONS) {
			const items = await failedItems(parameters({ toNumber: '={{ $json.none }}' }));
			expect(items).toHaveLength(INPUT.length);
			for (const item of items) expect(String(item.json.error)).toMatch(/^To Number is empty \[item \d\]$/);
			shapes.push(shapeOf(items));
		}
		expect(shapes[0]).toEqual([0, 1].map((item) => ({ keys: ['error'], pairedItem: { item } })));
		expect(shapes[1]).toEqual(shapes[0]);
		expect(sim.sent).toHaveLength(0);
	});

	test('a bad input with a hint (unknown Country): the hint comes out as description from every operation', async () => {
		for (const [, parameters] of OPERATIONS) {
			const items = await failedItems(parameters({ additionalFields: { country: 'XX' } }));
			expect(shapeOf(items)).toEqual([0, 1].map((item) => ({ keys: ['description', 'error'], pairedItem: { item } })));
			expect(items[0].json.description).toEqual(expect.any(String));
		}
		expect(sim.sent).toHaveLength(0);
	});
});

describe('advice under IO Phone\'s message', () => {
	const ADVICE: Array<[string, number, RegExp]> = [
		['Send', 429, /"Max Texts per Second"/],
		['Send', 400, /Check To Number, Text and Callback URL/],
		['Send and Wait for Response', 429, /again in a minute/],
		['Send and Wait for Response', 400, /Check To Number and Message/],
	];

	test.each(ADVICE)('%s, HTTP %i: the transport\'s hint, then advice about the operation\'s own fields', async (name, status, advice) => {
		const parameters = OPERATIONS.find(([operation]) => operation === name)![1];
		sim.setFault(status === 429 ? { kind: 'rateLimit', retryAfterSeconds: 0 } : { kind: 'status', status, body: { status, message: 'Refused' } });
		const [item] = await failedItems(parameters());
		expect(item.json.httpCode).toBe(String(status));
		expect(String(item.json.description)).toMatch(advice);
		if (name !== 'Send') expect(String(item.json.description)).not.toContain('Sends at Once');
	});
});
