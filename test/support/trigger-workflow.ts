import axios from 'axios';
import type { IDataObject, INode } from 'n8n-workflow';

import { TriggerHost } from '../../tools/harness';
import type { IoPhoneSimulator } from '../../tools/simulator';
import { SEND_NODE, TRIGGER_NODE, credentialsFor } from './send-node';

export const SETUP_RECIPIENT = '+16142579242';

export function triggerNode(parameters: IDataObject = {}, extra: Partial<INode> = {}): INode {
	return {
		id: 'trigger',
		name: 'IO Phone Trigger',
		type: TRIGGER_NODE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { fromNumber: '+15551112222', setupRecipient: SETUP_RECIPIENT, ...parameters },
		...extra,
	};
}

/** The auto-reply the README shows: answer the sender from the number they texted. */
export function replyNode(): INode {
	return {
		id: 'reply',
		name: 'Reply',
		type: SEND_NODE,
		typeVersion: 1,
		position: [200, 0],
		parameters: {
			resource: 'message',
			operation: 'send',
			toNumber: '={{ $json.replyTo }}',
			text: '=Thanks! You said: {{ $json.text }}',
			additionalFields: { fromNumber: '={{ $json.replyFrom }}' },
		},
	};
}

/** Hosts Trigger (→ Reply when `withReply`) in a mini n8n, with credentials for the simulator. */
export async function hostTrigger(
	sim: IoPhoneSimulator,
	parameters: IDataObject = {},
	options: {
		withReply?: boolean;
		mode?: 'trigger' | 'manual';
		staticData?: IDataObject;
		port?: number;
		webhookId?: string;
		workflowId?: string;
		/** The trigger's typeVersion (1 when omitted). */
		typeVersion?: number;
	} = {},
): Promise<TriggerHost> {
	const trigger = triggerNode(parameters, {
		...(options.webhookId ? { webhookId: options.webhookId } : {}),
		...(options.typeVersion ? { typeVersion: options.typeVersion } : {}),
	});
	const nodes = options.withReply ? [trigger, replyNode()] : [trigger];
	const connections = options.withReply
		? { [trigger.name]: { main: [[{ node: 'Reply', type: 'main' as const, index: 0 }]] } }
		: {};
	return await TriggerHost.start({
		workflow: { id: options.workflowId, nodes, connections },
		triggerNodeName: trigger.name,
		credentials: credentialsFor(sim),
		mode: options.mode,
		staticData: options.staticData,
		port: options.port,
	});
}

/** POSTs like IO Phone (or an attacker) would, and returns status and body. */
export async function post(url: string, body: unknown, raw = false, contentType = 'application/json') {
	const response = await axios.post(url, body, {
		validateStatus: () => true,
		headers: { 'Content-Type': contentType },
		...(raw ? { transformRequest: [(data: unknown) => data] } : {}),
	});
	return { status: response.status, body: response.data as unknown };
}

/** The items the trigger emitted in each execution. */
export function emitted(host: TriggerHost): IDataObject[] {
	return host.executions.map((e) => e.run.data.resultData.runData['IO Phone Trigger'][0].data!.main[0]![0].json);
}

/**
 * A text from the account's number, as another workflow would send it: no callbackUrl, so IO Phone
 * posts its delivery to the URL the trigger registered. (The setup text's own delivery is dropped.)
 */
export async function textFromAccount(sim: IoPhoneSimulator, fromNumber = '+15551112222') {
	const response = await axios.post(`${sim.baseUrl}/text`, { toNumber: '+12025550123', fromNumber, text: 'Your order shipped' }, { params: { apiKey: sim.apiKey } });
	return response.data as { id: number; from: string; to: string };
}
