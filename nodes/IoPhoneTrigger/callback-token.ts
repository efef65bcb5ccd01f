import { createHash, createHmac, randomBytes, timingSafeEqual } from 'crypto';

/** Bytes in every callback token: far more than anyone could guess. */
const TOKEN_BYTES = 24;

/** Random and URL-safe: the token of a test registration (it lives as long as the listening). */
export function newCallbackToken(): string {
	return randomBytes(TOKEN_BYTES).toString('base64url');
}

/**
 * The token of a production registration: an HMAC keyed by the credential's API key
 * over the workflow and the trigger's webhook id. Any n8n process can compute it again, including a
 * test run, which sees a blank copy of the workflow's static data: that is how listening for a test
 * event can point the number back at the Production URL with a token the published workflow accepts.
 */
export function productionCallbackToken(apiKey: string, workflowId: string, webhookId: string): string {
	return createHmac('sha256', apiKey)
		.update(`n8n-nodes-iophone callback token v1\n${workflowId}\n${webhookId}`)
		.digest()
		.subarray(0, TOKEN_BYTES)
		.toString('base64url');
}

/** A derived token written out: base64url, four characters for every three bytes, no padding. */
const DERIVED_TOKEN_SHAPE = new RegExp(`^[A-Za-z0-9_-]{${Math.ceil((TOKEN_BYTES * 4) / 3)}}$`);

/** Whether a value has the shape of a derived token (checked before the credential is read for one). */
export function looksLikeDerivedToken(value: unknown): value is string {
	return typeof value === 'string' && DERIVED_TOKEN_SHAPE.test(value);
}

/** Constant-time comparison (hashing first makes the lengths equal). */
export function tokensMatch(given: unknown, expected: string | undefined): boolean {
	if (typeof given !== 'string' || !expected) return false;
	const digest = (value: string) => createHash('sha256').update(value).digest();
	return timingSafeEqual(digest(given), digest(expected));
}

/** The URL IO Phone stores: n8n's webhook URL, with the token as a query parameter when there is one. */
export function callbackUrlWithToken(webhookUrl: string, token: string | undefined): string {
	if (!token) return webhookUrl;
	const url = new URL(webhookUrl);
	url.searchParams.set('token', token);
	return url.toString();
}

/** n8n's default endpoints: Production URLs under /webhook/, test URLs under /webhook-test/. */
const TEST_SEGMENT = '/webhook-test/';
const PRODUCTION_SEGMENT = '/webhook/';

/**
 * The Production URL that belongs to a test URL: n8n builds both from the same base and path, only
 * the endpoint differs. Undefined when the URL does not use n8n's default test endpoint.
 */
export function productionUrlOf(testUrl: string): string | undefined {
	const at = testUrl.lastIndexOf(TEST_SEGMENT);
	if (at < 0) return undefined;
	return `${testUrl.slice(0, at)}${PRODUCTION_SEGMENT}${testUrl.slice(at + TEST_SEGMENT.length)}`;
}
