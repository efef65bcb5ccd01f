import { NodeConnectionTypes, VersionedNodeType } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeBaseDescription,
	INodeTypeDescription,
	IVersionedNodeType,
} from 'n8n-workflow';

import * as message from './actions/message';
import { router } from './actions/router';
import { credentialTest } from './methods';

/**
 * Version 1: Message → Send. Workflows keep the version they were built with, so a v2 is a
 * new class beside this one (same name, `version: 2`), added to `nodeVersions` below with
 * `defaultVersion: 2`; this one stays as it is.
 *
 * The version classes live in this file, not in v1/, v2/ folders as in n8n's own nodes: n8n
 * resolves every version's `file:` icon from this file's folder, while n8n's community lint
 * (icon-validation) resolves it from the folder of the file that writes it, and requires it
 * written out in each version's description. Only a class in this folder satisfies both.
 */
export class IoPhoneV1 implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'IO Phone',
		name: 'ioPhone',
		icon: { light: 'file:../../icons/iophone.svg', dark: 'file:../../icons/iophone.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send SMS text messages with IO Phone',
		// Used by the editor's Docs link as is; a codex URL gets ?utm_… appended after its #fragment.
		documentationUrl: 'https://github.com/n8n-nodes-iophone/n8n-nodes-iophone#io-phone-node',
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

/** The node n8n loads (`n8n-nodes-iophone.ioPhone`): every version, and the one new nodes get. */
export class IoPhone extends VersionedNodeType {
	constructor() {
		const nodeVersions: IVersionedNodeType['nodeVersions'] = {
			1: new IoPhoneV1(),
		};
		const latest = nodeVersions[1].description;
		const baseDescription: INodeTypeBaseDescription = {
			displayName: latest.displayName,
			name: latest.name,
			icon: latest.icon,
			group: latest.group,
			subtitle: latest.subtitle,
			description: latest.description,
			documentationUrl: latest.documentationUrl,
			defaultVersion: 1,
		};
		super(nodeVersions, baseDescription);
	}
}
