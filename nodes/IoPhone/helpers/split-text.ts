import { MAX_TEXT_LENGTH } from '../../shared/constants';
import { estimateSegments } from './segments';

/**
 * Options → If Text Is Too Long: what happens to a text longer than IO Phone takes in one send.
 * Lengths are counted as IO Phone counts them (code points, helpers/validation.ts).
 */
export const IF_TOO_LONG = ['fail', 'split', 'truncate'] as const;
export type IfTooLong = (typeof IF_TOO_LONG)[number];

/**
 * How far back from the limit a cut looks for a space or line break. Looking further back would make
 * parts shorter (and a long answer take more texts) only to keep a very long "word", such as a URL, whole.
 */
export const WORD_LOOKBACK = 100;

/** Characters a text may be cut at without cutting a word. A no-break space is not one of them, on purpose. */
const BREAKS = new Set([' ', '\n', '\r', '\t']);

/** Truncate's ellipsis, and the one a GSM-7 text gets instead (see truncateText). */
const ELLIPSIS = '…';
const GSM_ELLIPSIS = '...';

export interface SplitText {
	/** The texts to send, in order, each at most `limit` characters. */
	parts: string[];
	/**
	 * What each cut took out after its part (the run of spaces or line breaks it cut at; '' where a
	 * word had to be cut, and after the last part): the text is every part followed by its separator.
	 */
	separators: string[];
}

/**
 * Cuts a text into parts of at most `limit` characters (IO Phone's limit, or a lower Max Text Length
 * rail). Each cut is at the last space or line break among a part's last WORD_LOOKBACK characters (or
 * right after them), and takes the whole run of them out; only where there is none is a word cut, at
 * the limit. Spaces that end the text right after a cut are no part of their own. A text within the
 * limit is one part, unchanged.
 */
export function splitText(text: string, limit = MAX_TEXT_LENGTH): SplitText {
	if (!(limit >= 1)) throw new RangeError(`A text can't be split into parts of ${limit} characters`);
	const chars = Array.from(text);
	const parts: string[] = [];
	const separators: string[] = [];
	let start = 0;
	for (;;) {
		if (chars.length - start <= limit) {
			parts.push(chars.slice(start).join(''));
			separators.push('');
			break;
		}
		const cut = lastBreak(chars, Math.max(start + 1, start + limit - WORD_LOOKBACK), start + limit);
		if (cut === -1) {
			parts.push(chars.slice(start, start + limit).join(''));
			separators.push('');
			start += limit;
			continue;
		}
		let end = cut;
		while (end - 1 > start && BREAKS.has(chars[end - 1])) end--;
		let next = cut + 1;
		while (next < chars.length && BREAKS.has(chars[next])) next++;
		parts.push(chars.slice(start, end).join(''));
		separators.push(chars.slice(end, next).join(''));
		start = next;
		if (start === chars.length) break; // the text ended in the spaces cut at
	}
	return { parts, separators };
}

/**
 * Shortens a text to at most `limit` characters, ellipsis included: whole words (when a space or
 * line break is among the last WORD_LOOKBACK characters kept), then the ellipsis. A GSM-7 text gets
 * "..." rather than "…", which is not in the GSM alphabet and would make the whole text UCS-2,
 * about twice the segments (helpers/segments.ts). A text within the limit is returned unchanged.
 */
export function truncateText(text: string, limit = MAX_TEXT_LENGTH): string {
	const chars = Array.from(text);
	if (chars.length <= limit) return text;
	// A limit too small to hold an ellipsis and a character (a Max Text Length rail of a few characters).
	if (limit <= GSM_ELLIPSIS.length) return chars.slice(0, limit).join('');
	const gsm = keptBefore(chars, limit - GSM_ELLIPSIS.length);
	if (estimateSegments(gsm).encoding === 'GSM-7') return gsm + GSM_ELLIPSIS;
	return keptBefore(chars, limit - 1) + ELLIPSIS;
}

/** The first characters of a text, at most `room`, ending with a whole word where a break allows. */
function keptBefore(chars: string[], room: number): string {
	// A break at `room` (the first character left out) means the kept characters end with a whole word.
	const cut = lastBreak(chars, Math.max(1, room - WORD_LOOKBACK), room);
	let end = cut === -1 ? room : cut;
	while (end > 1 && BREAKS.has(chars[end - 1])) end--;
	return chars.slice(0, end).join('');
}

/** Index of the last break character in chars[from..to], or -1. */
function lastBreak(chars: string[], from: number, to: number): number {
	for (let at = to; at >= from; at--) if (BREAKS.has(chars[at])) return at;
	return -1;
}
