import { sleep } from 'n8n-workflow';
import type {
	ICredentialsDecrypted,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestOptions,
	IWebhookFunctions,
} from 'n8n-workflow';

import { CREDENTIAL_TYPE, DEFAULT_BASE_URL, DEFAULT_TIMEOUT_MS } from '../constants';
import { ioPhoneNetworkError, ioPhoneResponseError } from './errors';
import type { ResponseHints } from './errors';
import type { SendTextBody, SentText } from './types';

export { refusedBeforeSending } from './errors';
export type { ResponseHints } from './errors';
export type { SendTextBody, SentText } from './types';

/** Sends go out from a node's execution, its webhook registration, or its webhook (the trigger's keyword answers). */
type IoPhoneContext = IExecuteFunctions | IHookFunctions | IWebhookFunctions;

interface SendOptions {
	itemIndex: number;
	/** Request timeout in milliseconds. */
	timeout?: number;
	/**
	 * The credential as read once for the execution (see getAccount). n8n's request helper then
	 * authenticates with it instead of fetching and decrypting the credential again for every text.
	 */
	credentials?: ICredentialsDecrypted;
	/** The calling node's advice for an error answer, naming its own fields (see ResponseHints). */
	hints?: ResponseHints;
}

/** How often a 429 answer is retried before it becomes the item's error. */
const RATE_LIMIT_RETRIES = 5;
const MAX_RETRY_WAIT_MS = 60_000;

/** The credential's base URL without a trailing slash. Read once per execution, not per item. */
export async function getBaseUrl(ctx: IoPhoneContext): Promise<string> {
	return baseUrlOf(await ctx.getCredentials(CREDENTIAL_TYPE));
}

/**
 * The credential, read once per execution: its base URL, and the credential itself to hand to
 * every send (SendOptions.credentials), so a bulk send does not fetch and decrypt it per text.
 */
export async function getAccount(ctx: IoPhoneContext): Promise<{ baseUrl: string; credentials: ICredentialsDecrypted }> {
	const data = await ctx.getCredentials(CREDENTIAL_TYPE);
	const reference = ctx.getNode().credentials?.[CREDENTIAL_TYPE];
	return {
		baseUrl: baseUrlOf(data),
		credentials: { id: reference?.id ?? '', name: reference?.name ?? '', type: CREDENTIAL_TYPE, data },
	};
}

/** The credential's Base URL, trimmed and without a trailing slash; the default when it is empty. */
export function baseUrlOf(credentials: { baseUrl?: unknown } | undefined): string {
	const baseUrl = typeof credentials?.baseUrl === 'string' && credentials.baseUrl.trim() ? credentials.baseUrl : DEFAULT_BASE_URL;
	return baseUrl.trim().replace(/\/+$/, '');
}

/**
 * POST /text through n8n's authenticated request helper (the credential adds the apiKey).
 * Only a 429 is retried: IO Phone did not take that text. Anything else that fails after the
 * request left (5xx, timeout, dropped connection) may have been sent, so it is never retried.
 */
export async function sendText(
	this: IoPhoneContext,
	baseUrl: string,
	body: SendTextBody,
	{ itemIndex, timeout = DEFAULT_TIMEOUT_MS, credentials, hints }: SendOptions,
): Promise<SentText> {
	const credentialOptions = credentials ? { credentialsDecrypted: credentials } : undefined;
	const request: IHttpRequestOptions = {
		method: 'POST',
		url: `${baseUrl}/text`,
		body,
		json: true,
		timeout,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// IO Phone never redirects POST /text, and a redirected POST is not a send to repeat
		// blindly: a 3xx becomes an error naming where it points. Also spares every text the
		// redirect-following wrapper around the request.
		disableFollowRedirect: true,
	};
	for (let attempt = 0; ; attempt++) {
		let response: { statusCode: number; headers: Record<string, unknown>; body: unknown };
		try {
			response = await this.helpers.httpRequestWithAuthentication.call(this, CREDENTIAL_TYPE, request, credentialOptions);
		} catch (error) {
			throw ioPhoneNetworkError(this.getNode(), error as Error, itemIndex);
		}
		const { statusCode, headers } = response;
		const parsed = parseJson(response.body);
		if (statusCode === 429 && attempt < RATE_LIMIT_RETRIES) {
			await sleep(retryDelayMs(headers['retry-after'], attempt));
			continue;
		}
		if (isAccepted(statusCode, parsed)) return parsed as SentText;
		throw ioPhoneResponseError(this.getNode(), statusCode, parsed, itemIndex, headers.location, hints);
	}
}

function isAccepted(statusCode: number, body: unknown): boolean {
	if (statusCode < 200 || statusCode > 299) return false;
	if (typeof body !== 'object' || body === null) return false;
	const { status, id } = body as { status?: unknown; id?: unknown };
	return id !== undefined && (typeof status !== 'number' || status < 400);
}

function parseJson(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	try {
		return JSON.parse(body);
	} catch {
		return body;
	}
}

/** Retry-After in seconds (or an HTTP date), else exponential backoff; capped so a run never stalls for long. */
function retryDelayMs(retryAfter: unknown, attempt: number): number {
	const header = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
	if (typeof header === 'string' && header.trim() !== '') {
		const seconds = Number(header);
		const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
		if (Number.isFinite(ms)) return Math.min(Math.max(ms, 0), MAX_RETRY_WAIT_MS);
	}
	return Math.min(500 * 2 ** attempt, MAX_RETRY_WAIT_MS);
}
