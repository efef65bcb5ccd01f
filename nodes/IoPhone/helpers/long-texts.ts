import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { refusedBeforeSending } from '../../shared/transport';
import { ifTooLongOption } from '../descriptions/options';
import { itemError, partlyDoneError } from './item-errors';
import type { TextPart } from './outgoing-text';
import type { ParameterReader } from './parameters';
import type { SegmentEstimate } from './segments';
import { IF_TOO_LONG } from './split-text';
import type { IfTooLong } from './split-text';
import { describeValue } from './values';

/** Options → If Text Is Too Long for one item; a value that is none of its options fails the item. */
export function readIfTooLong(ctx: IExecuteFunctions, params: ParameterReader, i: number): IfTooLong {
	const value = params.value(`options.${ifTooLongOption.name}`, i);
	if (IF_TOO_LONG.includes(value as IfTooLong)) return value as IfTooLong;
	const label = ifTooLongOption.displayName;
	throw itemError(ctx, i, `${label} must be one of ${IF_TOO_LONG.map((v) => `"${v}"`).join(', ')}, but the value is ${describeValue(value)}`, `Check "${label}" under Options.`);
}

/**
 * If Text Is Too Long → Split: sends one item's parts in order, each only once IO Phone accepted the
 * one before, and gives the item's output JSON (see `combined`). A part that fails is not retried
 * and stops the rest; the error says which parts went out (`partFailed`).
 */
export async function sendParts(
	ctx: IExecuteFunctions,
	itemIndex: number,
	whole: { text: string; estimate: SegmentEstimate; parts: TextPart[] },
	send: (part: TextPart) => Promise<IDataObject>,
): Promise<IDataObject> {
	const sent: IDataObject[] = [];
	for (const part of whole.parts) {
		try {
			sent.push(await send(part));
		} catch (error) {
			throw partFailed(ctx, itemIndex, whole.parts.length, sent, error);
		}
	}
	return combined(whole.text, whole.estimate, sent);
}

/**
 * One output for all parts: the first part's answer as a single send gives it, except that `text`
 * is the whole text and `segmentCount`, `encoding` and `estimatedSegments` cover every part; then
 * `lastId` (the last part's id), `partCount`, and `parts`, each part's answer as a single send gives it.
 */
function combined(text: string, estimate: SegmentEstimate, sent: IDataObject[]): IDataObject {
	const first = sent[0];
	const counts = sent.map((part) => part.segmentCount);
	const segmentCount = counts.every((count) => typeof count === 'number') ? (counts as number[]).reduce((sum, count) => sum + count, 0) : first.segmentCount;
	return {
		...first,
		segmentCount,
		text,
		encoding: estimate.encoding,
		estimatedSegments: estimate.segments,
		lastId: sent[sent.length - 1].id,
		partCount: sent.length,
		parts: sent,
	};
}

/**
 * The error of a part that failed. When IO Phone refused the first part, nothing went out: the
 * error is the send's own, as for a text that was not split. Otherwise it names the parts that went
 * out (their answers in `sentParts`) and whether the failed one may have gone out; it carries no
 * HTTP status of its own, since the item was neither sent nor refused as a whole (Skip Texts
 * Already Sent then keeps it claimed, so a later run reports it in doubt rather than sending it again).
 */
function partFailed(ctx: IExecuteFunctions, itemIndex: number, count: number, sent: IDataObject[], error: unknown): unknown {
	const number = sent.length + 1;
	const { message, description, httpCode } = error as Error & { description?: string | null; httpCode?: string | null };
	const refused = refusedBeforeSending(error);
	if (!sent.length && refused) {
		if (count > 1) (error as { description?: string }).description = [description, `Nothing was sent: this was part 1 of ${count}.`].filter(Boolean).join(' ');
		return error;
	}
	const ids = sent.map((part) => part.id).join(', ');
	const wentOut = !sent.length ? 'No part went out before it.' : sent.length === 1 ? `Part 1 went out (id ${ids}).` : `Parts 1–${sent.length} went out (ids ${ids}).`;
	const fate = refused ? `IO Phone did not take part ${number}` : `Part ${number} may or may not have gone out`;
	const rest = number === count ? '.' : number + 1 === count ? `; part ${count} was not sent.` : `; parts ${number + 1}–${count} were not sent.`;
	const advice = 'No part is sent again automatically: check IO Phone, then send what is missing.';
	const failedPart: IDataObject = { number, mayHaveGoneOut: !refused };
	if (httpCode) failedPart.httpCode = httpCode;
	return partlyDoneError(ctx, itemIndex, `Part ${number} of ${count} of the text failed: ${message}`, [wentOut, `${fate}${rest}`, advice, description].filter(Boolean).join(' '), {
		partCount: count,
		sentParts: sent,
		failedPart,
	});
}
