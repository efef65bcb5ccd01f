import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IHookFunctions } from 'n8n-workflow';

import { normalizeNumber, toE164 } from '../shared/phone';
import { getBaseUrl, sendText } from '../shared/transport';
import { callbackUrlWithToken, newCallbackToken } from './callback-token';
import { CLEAR_MESSAGE, DEFAULT_SETUP_MESSAGE } from './description';

/** What the workflow's static data remembers about the URL IO Phone has stored. */
interface Registration extends IDataObject {
	webhookUrl?: string;
	fromNumber?: string;
	registration?: string;
	token?: string;
	setupRecipient?: string;
}

function settings(ctx: IHookFunctions) {
	return {
		webhookUrl: ctx.getNodeWebhookUrl('default') as string,
		fromNumber: normalizeNumber(String(ctx.getNodeParameter('fromNumber', ''))),
		registration: ctx.getNodeParameter('registration', 'setupText') as string,
		verifyToken: ctx.getNodeParameter('verifyToken', true) as boolean,
	};
}

function forget(data: Registration) {
	for (const key of ['webhookUrl', 'fromNumber', 'registration', 'token', 'setupRecipient']) delete data[key];
}

/** Registered already, for this URL, number and mode? Then activation sends nothing. */
export async function checkExists(this: IHookFunctions): Promise<boolean> {
	const data = this.getWorkflowStaticData('node') as Registration;
	const now = settings(this);
	return (
		data.webhookUrl === now.webhookUrl &&
		data.fromNumber === now.fromNumber &&
		data.registration === now.registration &&
		Boolean(data.token) === (now.verifyToken && now.registration === 'setupText')
	);
}

/** Sends the setup text whose callbackUrl is this webhook (with a fresh token), or nothing when manual. */
export async function create(this: IHookFunctions): Promise<boolean> {
	const data = this.getWorkflowStaticData('node') as Registration;
	const now = settings(this);
	if (!now.fromNumber) throw new NodeOperationError(this.getNode(), 'From Number is empty');
	forget(data);
	if (now.registration !== 'setupText') {
		Object.assign(data, { webhookUrl: now.webhookUrl, fromNumber: now.fromNumber, registration: now.registration });
		return true;
	}

	const rawRecipient = String(this.getNodeParameter('setupRecipient', '')).trim();
	const recipient = toE164(rawRecipient, 'US');
	if (!recipient.ok) {
		throw new NodeOperationError(this.getNode(), `Setup Recipient "${rawRecipient}" ${recipient.reason}`, {
			description: 'Use international format, for example +16142579242.',
		});
	}
	const token = now.verifyToken ? newCallbackToken() : undefined;
	await sendText.call(this, await getBaseUrl(this), {
		toNumber: recipient.e164,
		fromNumber: now.fromNumber,
		text: String(this.getNodeParameter('setupMessage', DEFAULT_SETUP_MESSAGE)) || DEFAULT_SETUP_MESSAGE,
		callbackUrl: callbackUrlWithToken(now.webhookUrl, token),
	}, { itemIndex: 0 });
	Object.assign(data, {
		webhookUrl: now.webhookUrl,
		fromNumber: now.fromNumber,
		registration: now.registration,
		setupRecipient: recipient.e164,
		...(token ? { token } : {}),
	});
	return true;
}

/** Clears the stored callback URL (one text) when asked to, and forgets the registration either way. */
export async function remove(this: IHookFunctions): Promise<boolean> {
	const data = this.getWorkflowStaticData('node') as Registration;
	const registered = { ...data };
	forget(data);
	const clear = this.getNodeParameter('clearOnDeactivate', true) as boolean;
	if (registered.registration !== 'setupText' || !clear || !registered.fromNumber || !registered.setupRecipient) {
		return true;
	}
	await sendText.call(this, await getBaseUrl(this), {
		toNumber: registered.setupRecipient,
		fromNumber: registered.fromNumber,
		text: CLEAR_MESSAGE,
		callbackUrl: '',
	}, { itemIndex: 0 });
	return true;
}
