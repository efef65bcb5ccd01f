import { WAIT_INDEFINITELY } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { itemError } from '../helpers/item-errors';

const UNIT_MS: Record<string, number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

/** When the wait ends without an answer: WAIT_INDEFINITELY unless Limit Wait Time is set. */
export function waitTillOf(ctx: IExecuteFunctions, limit: IDataObject | undefined, now = Date.now()): Date {
	if (!limit || Object.keys(limit).length === 0) return WAIT_INDEFINITELY;
	const fail = (problem: string) => itemError(ctx, 0, `Limit Wait Time ${problem}`, 'Check Options → Limit Wait Time.');
	if (limit.limitType === 'atSpecifiedTime') {
		const at = new Date(limit.maxDateAndTime as string);
		if (!limit.maxDateAndTime || Number.isNaN(at.getTime())) throw fail(`"${String(limit.maxDateAndTime ?? '')}" is not a date and time`);
		return at;
	}
	const amount = Number(limit.resumeAmount ?? 1);
	const unit = UNIT_MS[String(limit.resumeUnit ?? 'hours')];
	if (!Number.isFinite(amount) || amount < 0) throw fail(`amount must be a number of at least 0, but it is "${String(limit.resumeAmount)}"`);
	if (!unit) throw fail(`unit "${String(limit.resumeUnit)}" is not minutes, hours or days`);
	return new Date(now + amount * unit);
}
