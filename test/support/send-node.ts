import type { IDataObject, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { runNode } from '../../tools/harness';
import type { RunNodeResult } from '../../tools/harness';
import { IoPhoneSimulator } from '../../tools/simulator';

export const SEND_NODE = 'n8n-nodes-iophone.ioPhone';
export const TRIGGER_NODE = 'n8n-nodes-iophone.ioPhoneTrigger';

/** Valid numbers (libphonenumber-js isValid) for tests; the contract's 555 examples are not. */
export const US_NUMBER = '+16142579242';
export const OTHER_US_NUMBER = '+12015550123';
export const ACCOUNT_NUMBER = '+15551112222';

export function credentialsFor(sim: IoPhoneSimulator, apiKey = sim.apiKey) {
	return { ioPhoneApi: { apiKey, baseUrl: sim.baseUrl } };
}

/**
 * A workflow's one IO Phone node "Send", texting each row's `to` and `text`. Runs that give the same
 * `id` are re-runs of the same node (its record of sent texts too).
 */
export function rowSendNode(id: string, parameters: IDataObject, continueOnFail = false): INode {
	return {
		id,
		name: 'Send',
		type: SEND_NODE,
		typeVersion: 1,
		position: [0, 0],
		...(continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		parameters: { resource: 'message', operation: 'send', toNumber: '={{ $json.to }}', text: '={{ $json.text }}', ...parameters } as INodeParameters,
	};
}

export function sendParameters(overrides: IDataObject = {}): INodeParameters {
	return { resource: 'message', operation: 'send', toNumber: US_NUMBER, text: 'Hello world', ...overrides } as INodeParameters;
}

/** Every field an expression on the item ($json.toNumber, .text, .country, .fromNumber, .callbackUrl), so one run can carry rows of any shape. */
export function everyFieldFromItem(concurrency: number): INodeParameters {
	return sendParameters({
		options: { concurrency },
		toNumber: '={{ $json.toNumber }}',
		text: '={{ $json.text }}',
		additionalFields: {
			country: '={{ $json.country }}',
			fromNumber: '={{ $json.fromNumber }}',
			callbackUrl: '={{ $json.callbackUrl }}',
		},
	});
}

/** Runs the IO Phone node in n8n's engine over the given items against the simulator. */
export async function runSend(
	sim: IoPhoneSimulator,
	parameters: INodeParameters,
	{ items, continueOnFail, apiKey }: { items?: INodeExecutionData[]; continueOnFail?: boolean; apiKey?: string } = {},
): Promise<RunNodeResult> {
	return await runNode({ type: SEND_NODE, parameters, items, continueOnFail, credentials: credentialsFor(sim, apiKey) });
}

/** POST /text requests the simulator received, with their JSON bodies. */
export function textRequests(sim: IoPhoneSimulator) {
	return sim.requests
		.filter((r) => r.method === 'POST' && r.path === '/api6/text')
		.map((r) => ({ ...r, body: r.body as IDataObject }));
}
