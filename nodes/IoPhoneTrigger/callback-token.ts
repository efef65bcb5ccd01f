import { createHash, randomBytes, timingSafeEqual } from 'crypto';

/** 192 random bits, URL-safe. */
export function newCallbackToken(): string {
	return randomBytes(24).toString('base64url');
}

/** Constant-time comparison (hashing first makes the lengths equal). */
export function tokensMatch(given: unknown, expected: string): boolean {
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
