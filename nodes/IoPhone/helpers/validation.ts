import { MAX_TEXT_LENGTH } from '../../shared/constants';

/** Characters as IO Phone counts them: Unicode code points, so an emoji is one character. */
export function textLength(text: string): number {
	return Array.from(text).length;
}

/** Why a text of `length` characters (see textLength) can't be sent, or undefined when it can. */
export function textProblem(text: string, length: number): string | undefined {
	if (text.trim() === '') return 'is empty';
	if (length > MAX_TEXT_LENGTH) return `is ${length} characters long; IO Phone accepts at most ${MAX_TEXT_LENGTH}`;
	return undefined;
}

/** Why a callback URL can't be used, or undefined when it can. */
export function callbackUrlProblem(url: string): string | undefined {
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return 'is not a URL';
	}
	if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must start with http:// or https://';
	return undefined;
}

/** The URL as shown in messages: a `token` query value (the IO Phone Trigger's secret) is masked. */
export function redactCallbackToken(url: string): string {
	return url.replace(/([?&]token=)[^&#\s]*/gi, '$1***');
}
