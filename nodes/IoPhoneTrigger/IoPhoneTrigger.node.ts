import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import * as credentialTest from '../shared/credential-test';
import { tokensMatch } from './callback-token';
import { properties } from './description';
import { parseEvent, toItem } from './events';
import { eventKey, rememberEvent, rememberEventInProcess } from './recent-events';
import { checkExists, create, remove } from './registration';

export class IoPhoneTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'IO Phone Trigger',
		name: 'ioPhoneTrigger',
		icon: { light: 'file:../../icons/iophone.svg', dark: 'file:../../icons/iophone.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Events for " + $parameter["fromNumber"]}}',
		description: 'Starts the workflow when an IO Phone number receives a text, or a text it sent is delivered or fails',
		defaults: { name: 'IO Phone Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		// Written out (not CREDENTIAL_TYPE): n8n's lint reads these names as literals to check them
		// against the credential class (valid-credential-references, credential-test-required).
		credentials: [{ name: 'ioPhoneApi', required: true, testedBy: 'ioPhoneApiTest' }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: 'noData', path: 'webhook' }],
		properties,
	};

	methods = { credentialTest };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await checkExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await create.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await remove.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const res = this.getResponseObject();
		const refuse = (status: number, message: string): IWebhookResponseData => {
			res.status(status).json({ status, message });
			return { noWebhookResponse: true };
		};

		if (this.getNodeParameter('verifyToken', true) as boolean) {
			const expected =
				this.getNodeParameter('registration', 'setupText') === 'manual'
					? String(this.getNodeParameter('manualToken', ''))
					: String((this.getWorkflowStaticData('node') as IDataObject).token ?? '');
			if (!tokensMatch((this.getQueryData() as IDataObject).token, expected)) return refuse(401, 'Invalid callback token');
		}

		const event = parseEvent(this.getBodyData());
		if (!event) return refuse(400, 'Expected a JSON object with a known IO Phone event type and an id');

		const wanted = this.getNodeParameter('events', []) as string[];
		if (!wanted.includes(event.type as string)) {
			return { webhookResponse: { status: 200, message: `Event ${String(event.type)} is not selected; ignored` } };
		}
		if (this.getNodeParameter('ignoreDuplicates', true) as boolean) {
			const key = eventKey(event);
			const scope = `${String(this.getWorkflow().id)}:${this.getNode().id}`;
			const newInProcess = rememberEventInProcess(scope, key);
			const newInStaticData = rememberEvent(this.getWorkflowStaticData('node'), key);
			if (!newInProcess || !newInStaticData) {
				return { webhookResponse: { status: 200, message: `Event ${key} was already received; ignored` } };
			}
		}
		return { workflowData: [this.helpers.returnJsonArray([toItem(event)])] };
	}
}
