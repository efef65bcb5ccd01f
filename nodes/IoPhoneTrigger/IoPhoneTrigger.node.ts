import { NodeConnectionTypes } from 'n8n-workflow';
import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { NODE_ICON, TEST_NUMBER } from '../shared/constants';
import * as credentialTest from '../shared/credential-test';
import { keywordOf } from '../shared/keywords';
import { looksLikeDerivedToken, tokensMatch } from './callback-token';
import { CHAT_CHANNEL_SINCE, DOCUMENTATION_URL, KEYWORDS_SINCE, properties, TRIGGER_PANEL } from './description';
import { isCredentialTestEvent, parseEvent, toItem } from './events';
import { fromNumbersOf, notForTheseNumbers, ourNumberOf } from './from-numbers';
import { answerKeyword } from './keyword-answers';
import { isOwnTextEvent, triggerScope } from './own-texts';
import { eventKey, rememberEvent, rememberEventInProcess } from './recent-events';
import { checkExists, create, derivedProductionToken, remove } from './registration';
import { limitSender } from './sender-limit';

export class IoPhoneTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'IO Phone Trigger',
		name: 'ioPhoneTrigger',
		icon: NODE_ICON,
		group: ['trigger'],
		// 1.1 behaves as 1. n8n evaluates a legacy `options.binaryData` expression on every request to a
		// version-1 start node before parsing its body; from 1.1 it does not, so with n8n's lazy isolate
		// acquisition (N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE) an event needs no expression isolate (docs/queue-mode.md).
		// 1.2 (KEYWORDS_SINCE) adds `keyword` to received texts and answers STOP, START and HELP by
		// default: new defaults need a new version, as n8n does not save a parameter equal to its default.
		// 1.3 (CHAT_CHANNEL_SINCE) makes it a chat channel for n8n's AI Agent and takes several From Numbers.
		version: [1, 1.1, 1.2, 1.3],
		defaultVersion: 1.3,
		subtitle: '={{"Events for " + ($parameter["fromNumbers"] || $parameter["fromNumber"])}}',
		description: 'Starts the workflow when an IO Phone number receives a text, or a text it sent is delivered or fails',
		// Used by the editor's Docs link as is; a codex URL gets ?utm_… appended after its #fragment.
		documentationUrl: DOCUMENTATION_URL,
		eventTriggerDescription: 'Waiting for an IO Phone event for From Number',
		triggerPanel: TRIGGER_PANEL,
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
			const given = (this.getQueryData() as IDataObject).token;
			const accepted =
				this.getNodeParameter('registration', 'setupText') === 'manual'
					? tokensMatch(given, String(this.getNodeParameter('manualToken', '')))
					: // The registration's own token, else the published workflow's derived one (what the
						// end of a test listen registers, also after an API key change).
						tokensMatch(given, (this.getWorkflowStaticData('node') as IDataObject).token as string | undefined) ||
						(looksLikeDerivedToken(given) && tokensMatch(given, await derivedProductionToken(this)));
			if (!accepted) return refuse(401, 'Invalid callback token');
		}

		const event = parseEvent(this.getBodyData());
		if (!event) return refuse(400, 'Expected a JSON object with a known IO Phone event type and an id');
		if (isCredentialTestEvent(event)) {
			return { webhookResponse: { status: 200, message: 'The IO Phone credential test\'s delivery; ignored' } };
		}
		const production = this.getMode() !== 'manual';
		if (production && isOwnTextEvent(triggerScope(this), event, this.getWorkflowStaticData('node'))) {
			return { webhookResponse: { status: 200, message: 'The delivery of the trigger\'s own setup text; ignored' } };
		}

		const chatChannel = this.getNode().typeVersion >= CHAT_CHANNEL_SINCE;
		const ourNumber = ourNumberOf(event);
		const numbers = chatChannel ? fromNumbersOf(this) : undefined;
		const notOurs = numbers ? notForTheseNumbers(event, numbers) : undefined;
		if (notOurs) return { webhookResponse: { status: 200, message: notOurs } };

		// Testing with the test number: its simulated delivery is the only event it produces, so it
		// is the sample whatever Events says (else "Message Received" alone would listen forever).
		// Among several From Numbers, only the test number's own events are its samples.
		const testNumberSample =
			!production && (numbers ?? fromNumbersOf(this)).includes(TEST_NUMBER) && (!chatChannel || ourNumber === TEST_NUMBER);
		const wanted = this.getNodeParameter('events', []) as string[];
		if (!wanted.includes(event.type as string) && !testNumberSample) {
			return { webhookResponse: { status: 200, message: `Event ${String(event.type)} is not selected; ignored` } };
		}
		// Test listens keep their own windows, so a sample never silences the published workflow.
		const scope = `${production ? '' : 'test:'}${triggerScope(this)}`;
		if (this.getNodeParameter('ignoreDuplicates', true) as boolean) {
			const key = eventKey(event);
			const newInProcess = rememberEventInProcess(scope, key);
			const newInStaticData = rememberEvent(this.getWorkflowStaticData('node'), key);
			if (!newInProcess || !newInStaticData) {
				return { webhookResponse: { status: 200, message: `Event ${key} was already received; ignored` } };
			}
		}
		const received = event.type === 'message-received';
		const keyword = received && this.getNode().typeVersion >= KEYWORDS_SINCE ? keywordOf(event.text) : undefined;
		// A STOP always runs the workflow, so the opt-out is recorded whatever the limit; over the limit
		// only its answer is held back, so a bot that answers every text with STOP cannot loop with it.
		const optingOut = keyword === 'optOut';
		const overLimit = chatChannel && received ? limitSender(this, scope, event, !optingOut) : undefined;
		if (overLimit && !optingOut) return { webhookResponse: { status: 200, message: overLimit } };
		let item = toItem(event, { testNumberSample, ...(chatChannel ? { ourNumber } : {}) });
		if (keyword !== undefined) {
			// Answered whether the event came to the test or the Production URL: a STOP is real either way.
			const keywordAnswer = keyword && !overLimit ? await answerKeyword(this, triggerScope(this), event, keyword) : undefined;
			item = { ...item, keyword, ...(keywordAnswer ? { keywordAnswer } : {}) };
		}
		return { workflowData: [this.helpers.returnJsonArray([item])] };
	}
}
