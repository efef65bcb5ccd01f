import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { CREDENTIAL_TYPE, TEST_NUMBER } from '../shared/constants';
import { toE164 } from '../shared/phone';
import { getBaseUrl, sendText } from '../shared/transport';
import type { ResponseHints } from '../shared/transport';
import { callbackUrlWithToken, newCallbackToken, productionCallbackToken, productionUrlOf } from './callback-token';
import { handOver, isHandedOver, takeOver } from './deferred-clears';
import { fromNumbersOf } from './from-numbers';
import { forget, read, write } from './stored-registration';
import type { Registration, StoredRegistration } from './stored-registration';
import { rememberOwnText, triggerScope } from './own-texts';
import { CHAT_CHANNEL_SINCE, CLEAR_MESSAGE, DEFAULT_SETUP_MESSAGE, MIN_MANUAL_TOKEN_LENGTH, RESTORE_MESSAGE } from './description';

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
		numbers: fromNumbersOf(ctx),
		registration: ctx.getNodeParameter('registration', 'setupText') as string,
		verifyToken: ctx.getNodeParameter('verifyToken', true) as boolean,
		severalNumbers: ctx.getNode().typeVersion >= CHAT_CHANNEL_SINCE,
	};
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

/** Registered already, for this URL, these numbers and mode? Then activation sends nothing. */
export async function checkExists(this: IHookFunctions): Promise<boolean> {
	const registered = read(this.getWorkflowStaticData('node') as StoredRegistration);
	const now = settings(this);
	// A registration handed over by a re-publish's `delete` waits for `create` to sort it out.
	if (now.severalNumbers && isHandedOver(triggerScope(this))) return false;
	return (
		registered !== undefined &&
		registered.webhookUrl === now.webhookUrl &&
		registered.numbers.size === now.numbers.length &&
		now.numbers.every((number) => registered.numbers.has(number)) &&
		registered.registration === now.registration &&
		Boolean(registered.token) === (now.verifyToken && now.registration === 'setupText')
	);
}

/** Who gets each number's setup text: the Setup Recipient, checked before anything is sent. */
function recipientsFor(ctx: IHookFunctions, numbers: string[]): Map<string, string> {
	const recipients = new Map<string, string>();
	for (const number of numbers) {
		const raw = number === TEST_NUMBER ? TEST_NUMBER_SETUP_RECIPIENT : String(ctx.getNodeParameter('setupRecipient', '')).trim();
		const recipient = toE164(raw, 'US');
		if (!recipient.ok) {
			throw new NodeOperationError(ctx.getNode(), `Setup Recipient "${raw}" ${recipient.reason}`, {
				description: 'Use international format, for example +16142579242.',
			});
		}
		recipients.set(number, recipient.e164);
	}
	return recipients;
}

/** One text from `fromNumber` that stores `callbackUrl` (empty: clears it); with several numbers, errors say which. */
async function textFrom(ctx: IHookFunctions, fromNumber: string, toNumber: string, text: string, callbackUrl: string, severalNumbers: boolean) {
	const send = async () =>
		await sendText.call(ctx, await getBaseUrl(ctx), { toNumber, fromNumber, text, callbackUrl }, { itemIndex: 0, hints: SETUP_TEXT_HINTS });
	if (!severalNumbers) return await send();
	try {
		return await send();
	} catch (error) {
		const { message, description, httpCode } = error as NodeApiError;
		throw new NodeApiError(ctx.getNode(), { message }, {
			message: `From Number ${fromNumber}: ${message}`,
			description: description ?? undefined,
			httpCode: httpCode ?? undefined,
		});
	}
}

/** Clears the callback URL stored for each number (one text each, to its setup text's recipient). */
async function sendClears(ctx: IHookFunctions, registration: Registration, severalNumbers: boolean) {
	for (const [number, recipient] of registration.numbers) {
		if (recipient) await textFrom(ctx, number, recipient, CLEAR_MESSAGE, '', severalNumbers);
	}
}

/**
 * Sends a setup text whose callbackUrl is this webhook with its token from each From Number, or
 * nothing when manual. A test listen also works out the Production URL, to point the numbers back
 * there when it ends. From version 1.3, a re-publish texts only the numbers added (a setup text)
 * or removed (a clear text, when Clear On Deactivate is on); the others stay as registered.
 */
export async function create(this: IHookFunctions): Promise<boolean> {
	const data = this.getWorkflowStaticData('node') as StoredRegistration;
	const now = settings(this);
	if (now.numbers.length === 0) throw new NodeOperationError(this.getNode(), `${now.severalNumbers ? 'From Numbers' : 'From Number'} is empty`);
	const testing = isTestListen(this);
	const scope = triggerScope(this);
	// What IO Phone holds for this trigger now: what a re-publish's `delete` handed over, else static data.
	const handedOver = now.severalNumbers && !testing ? await takeOver<Registration>(scope) : undefined;
	const previous = now.severalNumbers && !testing ? (handedOver ? handedOver.registration : read(data)) : undefined;
	const clearRemoved = handedOver?.clear ?? (this.getNodeParameter('clearOnDeactivate', true) as boolean);
	forget(data);
	const registration: Registration = { webhookUrl: now.webhookUrl, registration: now.registration, numbers: new Map() };
	const clearOthers = async (kept: Registration) => {
		if (!previous || previous.registration !== 'setupText' || !clearRemoved) return;
		const removed = [...previous.numbers].filter(([number]) => !kept.numbers.has(number));
		await sendClears(this, { ...previous, numbers: new Map(removed) }, now.severalNumbers);
	};

	if (now.registration !== 'setupText') {
		if (now.verifyToken) checkManualToken(this);
		for (const number of now.numbers) registration.numbers.set(number, undefined);
		write(data, registration, now.severalNumbers);
		await clearOthers({ ...registration, numbers: new Map() });
		return true;
	}

	const recipients = recipientsFor(this, now.numbers);
	const productionUrl = testing ? productionUrlOf(now.webhookUrl) : undefined;
	if (testing && !productionUrl) {
		throw new NodeOperationError(this.getNode(), 'Cannot listen for a test event on this n8n', {
			description: `The test URL ${now.webhookUrl} does not use n8n's default /webhook-test/ path, so the trigger could not point From Number back at the Production URL afterwards. Publish the workflow to receive events instead.`,
		});
	}
	let token: string | undefined;
	if (now.verifyToken) token = testing ? newCallbackToken() : await requireProductionToken(this);
	Object.assign(registration, { ...(token ? { token } : {}), ...(productionUrl ? { productionUrl } : {}) });

	// Still registered with this very URL and token: those numbers need no text.
	const unchanged =
		previous?.registration === 'setupText' && previous.webhookUrl === now.webhookUrl && previous.token === token ? previous.numbers : new Map();
	for (const number of now.numbers) {
		if (unchanged.get(number)) registration.numbers.set(number, unchanged.get(number));
	}
	if (registration.numbers.size > 0) write(data, registration, now.severalNumbers);
	for (const [number, recipient] of recipients) {
		if (registration.numbers.has(number)) continue;
		const setupText = await textFrom(
			this,
			number,
			recipient,
			String(this.getNodeParameter('setupMessage', DEFAULT_SETUP_MESSAGE)) || DEFAULT_SETUP_MESSAGE,
			callbackUrlWithToken(now.webhookUrl, token),
			now.severalNumbers,
		);
		// A test listen keeps its setup text's delivery: with the test number it is the sample.
		if (!testing) rememberOwnText(scope, setupText.id, data);
		registration.numbers.set(number, recipient);
		// Written after each text, so a failure further on leaves the numbers already registered on record.
		write(data, registration, now.severalNumbers);
	}
	await clearOthers(registration);
	return true;
}

/**
 * End of a test listen: one text per number that points it back at the Production URL (with the
 * published workflow's token), whatever Clear On Deactivate says, so testing never leaves a
 * published workflow deaf. Deactivation: one text per number that clears the stored URL when
 * Clear On Deactivate is on; from version 1.3 those wait a moment for a re-publish
 * (deferred-clears.ts). The registration is forgotten either way.
 */
export async function remove(this: IHookFunctions): Promise<boolean> {
	const data = this.getWorkflowStaticData('node') as StoredRegistration;
	const registered = read(data);
	const severalNumbers = this.getNode().typeVersion >= CHAT_CHANNEL_SINCE;
	forget(data);
	if (registered?.registration !== 'setupText') return true;
	const texted = new Map([...registered.numbers].filter(([, recipient]) => recipient));
	if (texted.size === 0) return true;

	if (registered.productionUrl) {
		const token = registered.token ? await requireProductionToken(this) : undefined;
		const callbackUrl = callbackUrlWithToken(registered.productionUrl, token);
		for (const [number, recipient] of texted) {
			const sent = await textFrom(this, number, recipient!, RESTORE_MESSAGE, callbackUrl, severalNumbers);
			rememberOwnText(triggerScope(this), sent.id);
		}
		return true;
	}
	const clear = this.getNodeParameter('clearOnDeactivate', true) as boolean;
	if (severalNumbers) {
		handOver(triggerScope(this), { ...registered, numbers: texted }, clear, async (handedOver) => {
			try {
				await sendClears(this, handedOver, severalNumbers);
			} catch (error) {
				this.logger.error(`IO Phone Trigger: could not clear the callback URL after unpublishing: ${(error as Error).message}`, {
					workflowId: this.getWorkflow().id,
					nodeName: this.getNode().name,
				});
			}
		});
		return true;
	}
	if (clear) await sendClears(this, { ...registered, numbers: texted }, severalNumbers);
	return true;
}
