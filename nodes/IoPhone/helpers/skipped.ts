import type { IDataObject } from 'n8n-workflow';

/**
 * The output of a text the node chose not to send, whichever rule skipped it: paired to its input
 * item like a sent one, never an error, and its `message` says why in words a person (or an AI
 * agent using the node as a tool) can pass on.
 */
export type SkipReason = 'alreadySent' | 'inDoubt' | 'earlierInThisRun' | 'optedOut' | 'quietHours';

/** Each reason's message; `detail` is what only the rule knows (such as when the window opens). */
const SKIP_MESSAGES: Record<SkipReason, (to: string, detail?: string) => string> = {
	alreadySent: () => 'Not sent: the same text went to this number in an earlier run',
	inDoubt: () =>
		'Not sent: an earlier run was sending the same text to this number when it stopped, so IO Phone may or may not have sent it. Check IO Phone before sending it again.',
	earlierInThisRun: () => 'Not sent: an earlier item of this run has the same To Number and Text',
	optedOut: (to) =>
		`Not sent: ${to} has opted out of texts (it is on the opted-out list, e.g. after replying STOP). Do not text this number unless the person texts START.`,
	quietHours: (to, detail) => `Not sent (Guard Rails → Quiet Hours): ${detail ?? `${to} is outside its quiet-hours window.`}`,
};

export function skippedText({ toNumber, text }: { toNumber: string; text?: string }, reason: SkipReason, detail?: string): IDataObject {
	const json: IDataObject = { skipped: true, skipReason: reason, message: SKIP_MESSAGES[reason](toNumber, detail), to: toNumber };
	if (text !== undefined) json.text = text;
	return json;
}
