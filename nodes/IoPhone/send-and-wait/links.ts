import { estimateSegments } from '../helpers/segments';

/** One link of the text: what tapping it answers, and n8n's signed resume URL. */
export interface ResponseLink {
	label: string;
	url: string;
}

/**
 * Approval Options → Links in the Text, for Approve and Decline: one link to a page with both
 * buttons, or a link per button (version 1's only way). Each link is long (n8n's signed resume
 * URL), so the one link saves about a segment.
 */
export type LinksInText = 'onePage' | 'perButton';

/** The first node version whose Approve and Decline text can carry one link (its default there). */
export const ONE_LINK_SINCE = 1.1;

/** The label of the one link to both buttons, e.g. "Approve or Decline". */
export const bothButtonsLabel = (approve: string, decline: string) => `${approve} or ${decline}`;

/** The text that goes out: the message, a blank line, then one "Label: URL" line per link. */
export function textWithLinks(message: string, links: ResponseLink[]): string {
	return `${message.trimEnd()}\n\n${links.map(({ label, url }) => `${label}: ${url}`).join('\n')}`;
}

/**
 * Why a link label can't be used, or undefined when it can. Labels stay in the GSM alphabet:
 * one character outside it (an emoji, a curly quote) makes the whole text UCS-2, and with the
 * long links that multiplies the segments.
 */
export function labelProblem(label: string): string | undefined {
	if (label.trim() === '') return 'is empty';
	if (estimateSegments(label).encoding !== 'GSM-7') {
		return `"${label}" has characters outside the GSM alphabet, which would make the whole text UCS-2 (about 3 times the segments with the links)`;
	}
	return undefined;
}
