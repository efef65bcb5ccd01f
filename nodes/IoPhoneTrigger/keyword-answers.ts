import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import type { Keyword } from '../shared/keywords';
import { getBaseUrl, sendText } from '../shared/transport';
import { KEYWORD_ANSWERS } from './description';
import { rememberOwnText } from './own-texts';
import { eventKey, rememberEventInProcess } from './recent-events';

/** What a received text's item says about the trigger's answer to its keyword. */
export type KeywordAnswer = { sent: true; id: unknown } | { sent: false; error: string; description?: string };

/**
 * Texts the keyword's answer, if it is switched on, from the number that was texted to the sender.
 * Each event is answered once per process however often it arrives (the claim comes before the
 * send, so concurrent copies cannot both answer), and never again after a failure: a send that
 * failed may still have gone out. A failure is reported, not thrown, so the event still runs the
 * workflow. Undefined when nothing was (or is) to be sent.
 */
export async function answerKeyword(
	ctx: IWebhookFunctions,
	scope: string,
	event: IDataObject,
	keyword: Keyword,
): Promise<KeywordAnswer | undefined> {
	const answer = KEYWORD_ANSWERS[keyword];
	try {
		if (!(ctx.getNodeParameter(answer.toggle, false) as boolean)) return undefined;
		if (!rememberEventInProcess(`answered:${scope}`, eventKey(event))) return undefined;
		const text = String(ctx.getNodeParameter(answer.text, '')).trim();
		if (!text) return { sent: false, error: `${answer.label} Answer is empty` };
		const body = { toNumber: String(event.from), fromNumber: String(event.to), text };
		const sent = await sendText.call(ctx, await getBaseUrl(ctx), body, { itemIndex: 0 });
		// Its delivery comes back to this trigger: the trigger's own text, so it starts no workflow.
		rememberOwnText(scope, sent.id);
		return { sent: true, id: sent.id };
	} catch (error) {
		// IO Phone's refusal, a broken connection or an expression that failed in the answer's text.
		const { message, description } = error as Error & { description?: string | null };
		return { sent: false, error: message, ...(description ? { description } : {}) };
	}
}
