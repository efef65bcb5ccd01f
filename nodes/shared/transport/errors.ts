import { NodeApiError } from 'n8n-workflow';
import type { INode, JsonObject } from 'n8n-workflow';

/**
 * Hints shown under IO Phone's own message, by HTTP status. Both nodes send through here, so these
 * name only what both have; a node adds advice about its own fields with `ResponseHints`.
 */
const HINTS: ResponseHints = {
	400: 'IO Phone refused the request as malformed.',
	401: 'Check the API key in the IO Phone API credentials.',
	403: 'Check the API key, and that From Number is one of your IO Phone numbers.',
	429: 'IO Phone is rate limiting this account.',
};

/** A node's own advice by HTTP status, shown after the transport's hint for that status. */
export type ResponseHints = Partial<Record<number, string>>;

/** An HTTP answer that IO Phone (or something in front of it) gave instead of an accepted send. */
export function ioPhoneResponseError(
	node: INode,
	httpStatus: number,
	body: unknown,
	itemIndex: number,
	location?: unknown,
	nodeHints: ResponseHints = {},
): NodeApiError {
	if (httpStatus >= 300 && httpStatus < 400) return redirectError(node, httpStatus, location, itemIndex);
	const parsed = typeof body === 'object' && body !== null ? (body as JsonObject) : undefined;
	const statusInBody = typeof parsed?.status === 'number' ? parsed.status : undefined;
	const status = httpStatus >= 400 ? httpStatus : (statusInBody ?? httpStatus);
	const ioPhoneMessage = typeof parsed?.message === 'string' ? parsed.message : undefined;
	const message = ioPhoneMessage ?? describeUnexpectedBody(httpStatus, body);
	const hint = HINTS[status] ?? (status >= 500 ? serverErrorHint() : undefined);
	return new NodeApiError(
		node,
		{ status, message },
		{
			message,
			description: [`IO Phone answered ${status}.`, hint, nodeHints[status]].filter(Boolean).join(' '),
			httpCode: String(status),
			itemIndex,
		},
	);
}

/**
 * Whether a send's error is IO Phone's refusal, so the text surely did not go out: a 3xx or 4xx
 * answer (sendText gives up on a 429 only after its retries). Anything else (5xx, timeout, dropped
 * connection) may have sent it.
 */
export function refusedBeforeSending(error: unknown): boolean {
	const status = Number((error as { httpCode?: unknown }).httpCode);
	return status >= 300 && status < 500;
}

/** A request that got no HTTP answer (timeout, refused or reset connection). Carries no request details. */
export function ioPhoneNetworkError(node: INode, error: Error & { code?: string }, itemIndex: number) {
	const code = error.code ?? (error.cause as { code?: string } | undefined)?.code;
	const timedOut = code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(error.message);
	const unreachable = !timedOut && code !== undefined && UNREACHABLE.has(code);
	const message = timedOut
		? 'IO Phone did not answer in time'
		: unreachable
			? 'Could not reach IO Phone'
			: 'The connection to IO Phone broke before it answered';
	// The Node.js code stays out of the message and the error response: NodeApiError swaps a message that
	// names (or an error coded with) ECONNRESET, ECONNABORTED… for n8n's generic text, which advises to retry.
	return new NodeApiError(
		node,
		{ message },
		{
			message,
			description: unreachable
				? `${code}: the text was not sent. Check the Base URL in the IO Phone API credentials.`
				: `${code ? `${code}: ` : ''}The text may or may not have been sent, so it is not retried automatically. ` +
					'Check IO Phone before sending it again.',
			itemIndex,
		},
	);
}

/**
 * Sends do not follow redirects (a POST is not repeated somewhere else unasked). The target is
 * shown without its query string, which would carry the apiKey if the redirect kept it.
 */
function redirectError(node: INode, status: number, location: unknown, itemIndex: number): NodeApiError {
	const target = redactedLocation(Array.isArray(location) ? location[0] : location);
	const message = `IO Phone answered with a redirect (HTTP ${status})${target ? ` to ${target}` : ''}`;
	return new NodeApiError(
		node,
		{ status, message },
		{
			message,
			description:
				'The text was not sent: sends do not follow redirects. Set the Base URL in the IO Phone API credentials to the address IO Phone points to.',
			httpCode: String(status),
			itemIndex,
		},
	);
}

function redactedLocation(location: unknown): string | undefined {
	if (typeof location !== 'string' || !location.trim()) return undefined;
	try {
		const url = new URL(location);
		return `${url.origin}${url.pathname}`;
	} catch {
		return undefined; // a relative or broken Location says nothing useful and may hold the query
	}
}

/** Codes of a connection that never reached IO Phone. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function serverErrorHint() {
	return 'IO Phone had a problem on its side. The text may or may not have been sent, so it is not retried automatically.';
}

function describeUnexpectedBody(httpStatus: number, body: unknown): string {
	const kind = typeof body === 'string' && /<html|<!doctype/i.test(body) ? 'an HTML page' : 'a response that is not IO Phone JSON';
	return `IO Phone answered HTTP ${httpStatus} with ${kind}`;
}
