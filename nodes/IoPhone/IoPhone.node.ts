import { NodeConnectionTypes } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';

import * as message from './actions/message';
import { router } from './actions/router';
import { credentialTest } from './methods';

export class IoPhone implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'IO Phone',
		name: 'ioPhone',
		icon: { light: 'file:../../icons/iophone.svg', dark: 'file:../../icons/iophone.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send SMS text messages with IO Phone',
		defaults: { name: 'IO Phone' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ioPhoneApi', required: true, testedBy: 'ioPhoneApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'Message', value: 'message' }],
				default: 'message',
			},
			...message.description,
		],
	};

	methods = { credentialTest };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
