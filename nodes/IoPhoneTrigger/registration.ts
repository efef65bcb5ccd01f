import { NodeOperationError } from 'n8n-workflow';
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { CREDENTIAL_TYPE, TEST_NUMBER } from '../shared/constants';
import { toE164 } from '../shared/phone';
import { getBaseUrl, sendText } from '../shared/transport';
import type { ResponseHints } from '../shared/transport';
import { callbackUrlWithToken, newCallbackToken, productionCallbackToken, productionUrlOf } from './callback-token';
import { fromNumbersOf } from './from-numbers';
import { rememberOwnText, triggerScope } from './own-texts';
import { CLEAR_MESSAGE, DEFAULT_SETUP_MESSAGE, MIN_MANUAL_TOKEN_LENGTH, RESTORE_MESSAGE } from './description';

/**
 * What the workflow's static data remembers about the URL IO Phone has stored. A test listen
 * ("Execute step") works on a blank copy of it that n8n never saves, so it can neither read nor
 * overwrite the published workflow's registration.
 */
interface Registration extends IDataObject {
	webhookUrl?: string;
	fromNumber?: string;
	registration?: string;
	token?: string;
	setupRecipient?: string;
	/** Test listens only: the Production URL to point the number back at when listening ends. */
	productionUrl?: string;
}

const KEYS = ['webhookUrl', 'fromNumber', 'registration', 'token', 'setupRecipient', 'productionUrl'];

/**
 * Who the test number's setup texts go to (nobody receives them, so Setup Recipient is hidden then).
 * Not the credential test's recipient: the trigger drops that delivery as the credential test's.
 */
const TEST_NUMBER_SETUP_RECIPIENT = '+12015550123';

/** What to check when IO Phone refuses a setup text, in this node's fields. */
const SETUP_TEXT_HINTS: ResponseHints = {
	400: 'Check From Number, Setup Recipient and Setup Message.',
	429: 'Publish the workflow (or Execute step) again in a minute.',
};

function settings(ctx: IHookFunctions) {
	return {
		webhookUrl: ctx.getNodeWebhookUrl('default') as string,
		fromNumber: fromNumbersOf(ctx)[0] ?? '',
		registration: ctx.getNodeParameter('registration', 'setupText') as string,
		verifyToken: ctx.getNodeParameter('verifyToken', true) as boolean,
	};
}

function forget(data: Registration) {
	for (const key of KEYS) delete data[key];
}

/** n8n registers test webhooks with activation mode 'manual' (Execute step / Listen for test event). */
function isTestListen(ctx: IHookFunctions): boolean {
	return ctx.getActivationMode() === 'manual' || ctx.getMode() === 'manual';
}

/**
 * The token the published workflow accepts besides the one in its static data (see
 * productionCallbackToken). Undefined without an API key: a token derived from nothing secret
 * would be guessable.
 */
export async function derivedProductionToken(ctx: IHookFunctions | IWebhookFunctions): Promise<string | undefined> {
	const { apiKey } = await ctx.getCredentials(CREDENTIAL_TYPE);
	if (typeof apiKey !== 'string' || apiKey === '') return undefined;
	const node = ctx.getNode();
	return productionCallbackToken(apiKey, String(ctx.getWorkflow().id), node.webhookId ?? node.id);
}

async function requireProductionToken(ctx: IHookFunctions): Promise<string> {
	const token = await derivedProductionToken(ctx);
	if (!token) throw new NodeOperationError(ctx.getNode(), 'The IO Phone API credential has no API key');
	return token;
}

/** Manual registration: the Callback Token must be as long as the field's hint promises. */
function checkManualToken(ctx: IHookFunctions) {
	const token = String(ctx.getNodeParameter('manualToken', ''));
	if (token.length >= MIN_MANUAL_TOKEN_LENGTH) return;
	throw new NodeOperationError(ctx.getNode(), `Callback Token is too short (${token.length} characters)`, {
		description: `Use at least ${MIN_MANUAL_TOKEN_LENGTH} characters, for example the output of "openssl rand -hex 16", or turn off Verify Callback Token.`,
	});
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

/**
 * Sends the setup text whose callbackUrl is this webhook with its token, or nothing when manual.
 * A test listen also works out the Production URL, to point the number back there when it ends.
 */
export async function create(this: IHookFunctions): Promise<boolean> {
	const data = this.getWorkflowStaticData('node') as Registration;
	const now = settings(this);
	if (!now.fromNumber) throw new NodeOperationError(this.getNode(), 'From Number is empty');
	forget(data);
	if (now.registration !== 'setupText') {
		if (now.verifyToken) checkManualToken(this);
		Object.assign(data, { webhookUrl: now.webhookUrl, fromNumber: now.fromNumber, registration: now.registration });
		return true;
	}

	const rawRecipient =
		now.fromNumber === TEST_NUMBER ? TEST_NUMBER_SETUP_RECIPIENT : String(this.getNodeParameter('setupRecipient', '')).trim();
	const recipient = toE164(rawRecipient, 'US');
	if (!recipient.ok) {
		throw new NodeOperationError(this.getNode(), `Setup Recipient "${rawRecipient}" ${recipient.reason}`, {
			description: 'Use international format, for example +16142579242.',
		});
	}
	const testing = isTestListen(this);
	const productionUrl = testing ? productionUrlOf(now.webhookUrl) : undefined;
	if (testing && !productionUrl) {
		throw new NodeOperationError(this.getNode(), 'Cannot listen for a test event on this n8n', {
			description: `The test URL ${now.webhookUrl} does not use n8n's default /webhook-test/ path, so the trigger could not point From Number back at the Production URL afterwards. Publish the workflow to receive events instead.`,
		});
	}
	let token: string | undefined;
	if (now.verifyToken) token = testing ? newCallbackToken() : await requireProductionToken(this);

	const setupText = await sendText.call(this, await getBaseUrl(this), {
		toNumber: recipient.e164,
		fromNumber: now.fromNumber,
		text: String(this.getNodeParameter('setupMessage', DEFAULT_SETUP_MESSAGE)) || DEFAULT_SETUP_MESSAGE,
		callbackUrl: callbackUrlWithToken(now.webhookUrl, token),
	}, { itemIndex: 0, hints: SETUP_TEXT_HINTS });
	// A test listen keeps its setup text's delivery: with the test number it is the sample.
	if (!testing) rememberOwnText(triggerScope(this), setupText.id, data);
	Object.assign(data, {
		webhookUrl: now.webhookUrl,
		fromNumber: now.fromNumber,
		registration: now.registration,
		setupRecipient: recipient.e164,
		...(token ? { token } : {}),
		...(productionUrl ? { productionUrl } : {}),
	});
	return true;
}

/**
 * End of a test listen: one text that points From Number back at the Production URL (with the
 * published workflow's token), whatever Clear On Deactivate says, so testing never leaves a
 * published workflow deaf. Deactivation: one text that clears the stored URL when Clear On
 * Deactivate is on. The registration is forgotten either way.
 */
export async function remove(this: IHookFunctions): Promise<boolean> {
	const data = this.getWorkflowStaticData('node') as Registration;
	const registered = { ...data };
	forget(data);
	if (registered.registration !== 'setupText' || !registered.fromNumber || !registered.setupRecipient) return true;

	let callbackUrl = '';
	if (registered.productionUrl) {
		const token = registered.token ? await requireProductionToken(this) : undefined;
		callbackUrl = callbackUrlWithToken(registered.productionUrl, token);
	} else if (!(this.getNodeParameter('clearOnDeactivate', true) as boolean)) {
		return true;
	}
	const sent = await sendText.call(this, await getBaseUrl(this), {
		toNumber: registered.setupRecipient,
		fromNumber: registered.fromNumber,
		text: registered.productionUrl ? RESTORE_MESSAGE : CLEAR_MESSAGE,
		callbackUrl,
	}, { itemIndex: 0, hints: SETUP_TEXT_HINTS });
	if (registered.productionUrl) rememberOwnText(triggerScope(this), sent.id);
	return true;
}
