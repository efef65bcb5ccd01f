/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * The least any node can do in n8n's engine to send these texts: one `this.helpers.httpRequest`
 * per item, `concurrency` at a time, bodies built in plain JavaScript from the item (no
 * expressions, no checks, no credential lookup: the key is a parameter), redirects not
 * followed. Only the benchmark loads it. The IO Phone node is compared with it to show how much
 * of the gap to raw HTTP is n8n's request helper and engine, which no node can avoid.
 */
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import { textFor } from './workload';

export class BenchMinimalSender implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bench Minimal Sender',
		name: 'benchMinimalSender',
		group: ['output'],
		version: 1,
		description: 'POSTs each item to IO Phone with this.helpers.httpRequest',
		defaults: { name: 'Bench Minimal Sender' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [
			{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' },
			{ displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, default: '' },
			{ displayName: 'Concurrency', name: 'concurrency', type: 'number', default: 16 },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const url = `${this.getNodeParameter('baseUrl', 0) as string}/text`;
		const apiKey = this.getNodeParameter('apiKey', 0) as string;
		const concurrency = this.getNodeParameter('concurrency', 0) as number;
		const output = new Array<INodeExecutionData>(items.length);
		let next = 0;
		const worker = async () => {
			while (next < items.length) {
				const i = next++;
				const contact = items[i].json;
				const json = await this.helpers.httpRequest({
					method: 'POST',
					url,
					qs: { apiKey },
					body: { toNumber: contact.phone, text: textFor(contact) },
					json: true,
					disableFollowRedirect: true,
				});
				output[i] = { json, pairedItem: { item: i } };
			}
		};
		await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
		return [output];
	}
}
