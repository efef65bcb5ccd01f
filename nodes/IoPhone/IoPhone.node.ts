import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import * as message from './actions/message';
import { router } from './actions/router';
import { NODE_ICON } from '../shared/constants';
import * as credentialTest from '../shared/credential-test';
import { DOCS } from '../shared/docs-links';
import { respondToLink } from './send-and-wait/webhook';

/**
 * Message → Send, and Message → Send and Wait for Response. Workflows keep the version they were
 * built with, and n8n does not save a parameter equal to its default, so a new default needs a new
 * version; a field that exists from a version on says so with `@version` in its displayOptions.
 * Versions differ that little, so one description serves all (a VersionedNodeType would only pay
 * once the fields themselves differ).
 */
export class IoPhone implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'IO Phone',
		name: 'ioPhone',
		icon: NODE_ICON,
		group: ['output'],
		// 1.1 (ONE_LINK_SINCE): Approve and Decline share one link to a page with both buttons
		// (Approval Options → Links in the Text, shown from 1.1 only).
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send SMS text messages with IO Phone',
		// Used by the editor's Docs link as is; a codex URL gets ?utm_… appended after its #fragment.
		// Send and Wait and the derived review tool link their own sections (send-and-wait/descriptions.ts).
		documentationUrl: DOCS.send,
		defaults: { name: 'IO Phone' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Written out (not CREDENTIAL_TYPE): n8n's lint reads these names as literals to check them
		// against the credential class (valid-credential-references, credential-test-required).
		credentials: [{ name: 'ioPhoneApi', required: true, testedBy: 'ioPhoneApiTest' }],
		// Send and Wait for Response: the links in the text resume the waiting execution here
		// (GET shows a page, POST answers). n8n also derives the AI Agent's human-review tool
		// (ioPhoneHitlTool) from these and the sendAndWait operation.
		webhooks: ['GET', 'POST'].map((httpMethod) => ({
			name: 'default',
			httpMethod,
			responseMode: 'onReceived',
			responseData: '',
			path: '={{ $nodeId }}',
			restartWebhook: true,
			isFullPath: true,
		})),
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

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await respondToLink.call(this);
	}
}
