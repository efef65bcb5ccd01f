import { NodeOperationError, sleep } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { numberKey } from '../../shared/phone';
import { itemError } from './item-errors';
import type { ParameterReader } from './parameters';
import { decideQuietHours, describeLocalTime, describeWindows, isTimeZone } from './quiet-hours-decision';
import type { QuietHoursDecision, QuietHoursRule } from './quiet-hours-decision';
import { skippedText } from './skipped';
import { describeValue, numberFrom } from './values';

/** Guard Rails → Quiet Hours → Outside the Window. */
export type OutsideWindow = 'skip' | 'fail' | 'wait';

export interface QuietHours extends QuietHoursRule {
	outside: OutsideWindow;
}

const RAIL = 'guardRails.quietHours.values';
/** A long wait is slept in slices, so a stopped execution stops waiting soon. */
const WAIT_SLICE_MS = 30_000;

/**
 * Guard Rails → Quiet Hours for item `i`, checked; undefined when the rail is not added (it is off
 * by default). Throws naming the field and the item for a value that can't be used.
 */
export function readQuietHours(ctx: IExecuteFunctions, params: ParameterReader, i: number): QuietHours | undefined {
	if (!params.isSet('guardRails.quietHours')) return undefined;
	const fail = (field: string, problem: string) => itemError(ctx, i, `Quiet Hours → ${field} ${problem}`, 'Check Guard Rails → Quiet Hours.');
	const hour = (name: string, field: string, min: number, max: number) => {
		const value = params.value(`${RAIL}.${name}`, i);
		const number = numberFrom(value);
		if (number === undefined || !Number.isInteger(number) || number < min || number > max) {
			throw fail(field, `must be a whole hour from ${min} to ${max}, but the value is ${describeValue(value)}`);
		}
		return number;
	};
	const start = hour('windowStart', 'Send From (Hour)', 0, 23);
	const end = hour('windowEnd', 'Send Until (Hour)', 1, 24);
	if (end <= start) throw fail('Send Until (Hour)', `(${end}) must be later than Send From (Hour) (${start}); a window can't run past midnight`);

	const fallbackZone = params.text(`${RAIL}.fallbackTimeZone`, i).trim() || ctx.getTimezone();
	if (!isTimeZone(fallbackZone)) {
		throw fail('Fallback Time Zone', `"${fallbackZone}" is not a time zone; use an IANA name such as America/New_York`);
	}
	const outside = params.text(`${RAIL}.outsideWindow`, i);
	if (outside !== 'skip' && outside !== 'fail' && outside !== 'wait') {
		throw fail('Outside the Window', `must be skip, fail or wait, but the value is ${describeValue(outside)}`);
	}
	return { window: { start, end }, stateRules: params.value(`${RAIL}.stateRules`, i) !== false, fallbackZone, outside };
}

/** "Wait Until the Window Opens" holds up the whole execution, so it is for a run of one text only. */
export function checkWaitIsForOneText(ctx: IExecuteFunctions, i: number, quiet: QuietHours | undefined, texts: number): void {
	if (quiet?.outside !== 'wait' || texts <= 1) return;
	throw itemError(
		ctx,
		i,
		`Quiet Hours → Outside the Window "Wait Until the Window Opens" is for a run of one item, but this run has ${texts} items`,
		'Choose "Skip the Text" and send the skipped items again after their sendAfter (an n8n Wait node "At Specified Time" can wait for it).',
	);
}

/**
 * Before any request: with "Fail the Item", an item outside its window fails now, so without
 * Continue On Fail the run stops before its first text.
 */
export function checkQuietHoursBeforeSending(ctx: IExecuteFunctions, i: number, quiet: QuietHours | undefined, toNumber: string, country: string): void {
	if (quiet?.outside !== 'fail') return;
	const now = Date.now();
	const decision = decideQuietHours(recipientDigits(toNumber, country), quiet, now);
	if (!decision.open) throw closedError(ctx, i, toNumber, decision, now);
}

/**
 * Right before the request (the window may have closed while the run went on): undefined to send
 * the text now; the skipped item's JSON ("Skip the Text"); an error ("Fail the Item"). "Wait Until
 * the Window Opens" sleeps in this process until the window opens, then says to send.
 */
export async function holdForQuietHours(
	ctx: IExecuteFunctions,
	i: number,
	quiet: QuietHours | undefined,
	target: { toNumber: string; text?: string },
	country: string,
): Promise<IDataObject | undefined> {
	if (!quiet) return undefined;
	const digits = recipientDigits(target.toNumber, country);
	for (;;) {
		const now = Date.now();
		const decision = decideQuietHours(digits, quiet, now);
		if (decision.open) return undefined;
		if (quiet.outside === 'skip') {
			const json = skippedText(target, 'quietHours', `${closedReason(target.toNumber, decision, now)} ${sendAfterAdvice(decision)}`);
			if (decision.sendAfter) json.sendAfter = decision.sendAfter.toISOString();
			return json;
		}
		if (quiet.outside === 'fail' || !decision.sendAfter) throw closedError(ctx, i, target.toNumber, decision, now);
		await sleepUntil(ctx, decision.sendAfter.getTime());
	}
}

/** The To Number's E.164 digits: as they are when the node formatted it (the usual case), else read in `country`. */
export function recipientDigits(toNumber: string, country: string): string {
	return /^\+[1-9]\d{6,14}$/.test(toNumber) ? toNumber.slice(1) : numberKey(toNumber, country);
}

async function sleepUntil(ctx: IExecuteFunctions, until: number): Promise<void> {
	for (let wait = until - Date.now(); wait > 0; wait = until - Date.now()) {
		if (ctx.getExecutionCancelSignal?.()?.aborted) {
			throw new NodeOperationError(ctx.getNode(), 'The execution was stopped while waiting for the quiet-hours window to open; the text was not sent');
		}
		await sleep(Math.min(wait, WAIT_SLICE_MS));
	}
}

function closedError(ctx: IExecuteFunctions, i: number, toNumber: string, decision: QuietHoursDecision, now: number): NodeOperationError {
	return itemError(
		ctx,
		i,
		`Guard rail Quiet Hours: ${closedReason(toNumber, decision, now)}`,
		`${sendAfterAdvice(decision)} To skip such texts instead of failing, set Quiet Hours → Outside the Window to "Skip the Text".`,
	);
}

/** Why the number may not be texted now, in words a person (or an AI agent) can pass on. */
function closedReason(toNumber: string, decision: QuietHoursDecision, now: number): string {
	const times = decision.zones.map((zone) => `${describeLocalTime(zone, now)} in ${zone}`);
	const where = decision.fallback ? ' (its own time zone is unknown, so the Fallback Time Zone decides)' : '';
	const rules = decision.states.length ? ` under ${decision.states.join(' and ')} rules` : '';
	const everywhere = decision.zones.length > 1 ? ' in each of its time zones' : '';
	return `${toNumber} may not be texted now: it is ${times.join(' and ')}${where}, outside the hours it may be texted (${describeWindows(decision.windows)}${everywhere}${rules}).`;
}

function sendAfterAdvice(decision: QuietHoursDecision): string {
	if (!decision.sendAfter) return 'No hour of the coming week is inside the window there; check Send From and Send Until.';
	const at = decision.sendAfter.getTime();
	return `It may be texted from ${decision.sendAfter.toISOString()} (${describeLocalTime(decision.zones[0], at)} in ${decision.zones[0]}); send it then.`;
}
