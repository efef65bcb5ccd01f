import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { normalizeNumber } from '../shared/phone';
import { CHAT_CHANNEL_SINCE } from './description';

/**
 * The trigger's own IO Phone numbers, each in E.164, in the order given and each once. Version
 * 1.3 reads From Numbers: numbers separated by commas, semicolons or line breaks, or an expression
 * that gives a list. Earlier versions read their one From Number.
 */
export function fromNumbersOf(ctx: IHookFunctions | IWebhookFunctions): string[] {
	if (ctx.getNode().typeVersion < CHAT_CHANNEL_SINCE) {
		const number = normalizeNumber(String(ctx.getNodeParameter('fromNumber', '')));
		return number ? [number] : [];
	}
	const value = ctx.getNodeParameter('fromNumbers', '') as unknown;
	const written = Array.isArray(value) ? value.map(String) : String(value ?? '').split(/[,;\n]/);
	return [...new Set(written.map((number) => normalizeNumber(number)).filter(Boolean))];
}

/** Which of the trigger's numbers an event concerns: the number texted, or the number that sent. */
export function ourNumberOf(event: IDataObject): string {
	return normalizeNumber(String((event.type === 'message-received' ? event.to : event.from) ?? ''));
}

/**
 * Why the event is none of this trigger's business, or undefined. A text from one of its own
 * numbers is ignored, so two of them (or one texting itself) never start a reply loop; an event
 * for a number the trigger no longer lists (say one removed while its URL stayed) starts nothing.
 */
export function notForTheseNumbers(event: IDataObject, numbers: string[]): string | undefined {
	if (event.type === 'message-received' && numbers.includes(normalizeNumber(String(event.from ?? '')))) {
		return "A text from one of the trigger's own From Numbers; ignored";
	}
	if (!numbers.includes(ourNumberOf(event))) return "An event for a number that is not among the trigger's From Numbers; ignored";
	return undefined;
}
