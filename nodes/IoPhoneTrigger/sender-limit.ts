import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import { normalizeNumber } from '../shared/phone';

/**
 * Max Executions per Sender: at most `max` received texts from one sender start the workflow in
 * any window of SENDER_LIMIT_WINDOW_MS; the rest are dropped. That ends a reply loop with another
 * automated number (each side answering the other) after a known number of texts.
 *
 * Kept in this process's memory, checked and counted in one step, like the duplicate guard's
 * in-process window (recent-events.ts): static data is not saved while a webhook is answered, and
 * concurrent requests each load their own copy. So in queue mode each webhook process counts on
 * its own.
 */
/** Ten a minute: more than a person types, few enough that a loop between two bots stays cheap. */
export const DEFAULT_MAX_EXECUTIONS_PER_SENDER = 10;

/** "In any minute", as Max Executions per Sender says. */
export const SENDER_LIMIT_WINDOW_MS = 60_000;

const MAX_TRACKED_TRIGGERS = 1000;
const MAX_TRACKED_SENDERS = 10_000;

interface SenderWindow {
	/** When each text still inside the window started an execution, oldest first. */
	started: number[];
	/** Texts dropped since the sender last got through. */
	dropped: number;
}

const triggers = new Map<string, Map<string, SenderWindow>>();

/** Re-inserts on use, so each map stays in least-recently-used order and the oldest entry goes first. */
function touch<K, V>(map: Map<K, V>, key: K, fresh: () => V, limit: number): V {
	const value = map.get(key) ?? fresh();
	map.delete(key);
	map.set(key, value);
	if (map.size > limit) map.delete(map.keys().next().value!);
	return value;
}

export type SenderDecision = { admitted: true } | { admitted: false; dropped: number };

/**
 * Whether a text from `sender` may start an execution now; counts it when it may. A refusal says
 * how many of the sender's texts were dropped in a row, this one included. `max` 0 is no limit.
 * With `count` false it only looks: the text is neither counted nor dropped.
 */
export function admitSender(scope: string, sender: string, max: number, now = Date.now(), count = true): SenderDecision {
	if (!(max > 0)) return { admitted: true };
	const senders = touch(triggers, scope, () => new Map<string, SenderWindow>(), MAX_TRACKED_TRIGGERS);
	const window = touch(senders, sender, (): SenderWindow => ({ started: [], dropped: 0 }), MAX_TRACKED_SENDERS);
	while (window.started.length > 0 && window.started[0] <= now - SENDER_LIMIT_WINDOW_MS) window.started.shift();
	if (window.started.length >= max) {
		if (count) window.dropped += 1;
		return { admitted: false, dropped: window.dropped };
	}
	if (count) {
		window.started.push(now);
		window.dropped = 0;
	}
	return { admitted: true };
}

/** Log the 1st, 10th, 100th… text dropped in a row: a count without a line per text in a flood. */
export function worthLogging(dropped: number): boolean {
	return /^10*$/.test(String(dropped));
}

/**
 * A sender's number for n8n's log: the country code and area code and the last four digits, the
 * rest hidden. Enough to find the sender among the executions it started, less personal data in
 * a log that may be shipped elsewhere.
 */
export function maskNumber(number: string): string {
	if (number.length <= 8) return '•'.repeat(number.length);
	return `${number.slice(0, 5)}${'•'.repeat(number.length - 9)}${number.slice(-4)}`;
}

/**
 * Applies Max Executions per Sender to a received text: undefined when it may start the
 * workflow, else the answer's message, after a warning in n8n's log every so often. With
 * `count` false (an opt-out, which always runs) it only says whether the sender is over the limit.
 */
export function limitSender(ctx: IWebhookFunctions, scope: string, event: IDataObject, count = true): string | undefined {
	const max = Number(ctx.getNodeParameter('maxExecutionsPerSender', DEFAULT_MAX_EXECUTIONS_PER_SENDER));
	const sender = normalizeNumber(String(event.from ?? ''));
	const decision = admitSender(scope, sender, max, Date.now(), count);
	if (decision.admitted) return undefined;
	if (!count) return `More than ${max} texts a minute from this sender (Max Executions per Sender)`;
	if (worthLogging(decision.dropped)) {
		ctx.logger.warn(
			`IO Phone Trigger: ${decision.dropped} text(s) in a row from ${maskNumber(sender)} dropped: more than ${max} a minute (Max Executions per Sender)`,
			{ workflowId: ctx.getWorkflow().id, nodeName: ctx.getNode().name, dropped: decision.dropped },
		);
	}
	return `More than ${max} texts a minute from this sender (Max Executions per Sender); ignored`;
}
