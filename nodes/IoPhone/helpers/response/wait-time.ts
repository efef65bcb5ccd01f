import { NodeOperationError, WAIT_INDEFINITELY } from 'n8n-workflow';
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

const UNIT_MS: Record<string, number> = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

/** Options → Limit Wait Time, as n8n's own Send and Wait nodes offer it (default: 45 minutes once added). */
export const limitWaitTimeOption: INodeProperties = {
	displayName: 'Limit Wait Time',
	name: 'limitWaitTime',
	type: 'fixedCollection',
	description:
		'Whether to stop waiting for an answer after a while. The workflow then goes on with the input items and no "approved".',
	default: { values: { limitType: 'afterTimeInterval', resumeAmount: 45, resumeUnit: 'minutes' } },
	options: [
		{
			displayName: 'Values',
			name: 'values',
			values: [
				{
					displayName: 'Limit Type',
					name: 'limitType',
					type: 'options',
					default: 'afterTimeInterval',
					options: [
						{ name: 'After Time Interval', value: 'afterTimeInterval', description: 'Waits for a certain amount of time' },
						{ name: 'At Specified Time', value: 'atSpecifiedTime', description: 'Waits until a date and time' },
					],
				},
				{
					displayName: 'Amount',
					name: 'resumeAmount',
					type: 'number',
					default: 1,
					typeOptions: { minValue: 0, numberPrecision: 2 },
					displayOptions: { show: { limitType: ['afterTimeInterval'] } },
					description: 'How long to wait',
				},
				{
					displayName: 'Unit',
					name: 'resumeUnit',
					type: 'options',
					default: 'hours',
					options: [
						{ name: 'Minutes', value: 'minutes' },
						{ name: 'Hours', value: 'hours' },
						{ name: 'Days', value: 'days' },
					],
					displayOptions: { show: { limitType: ['afterTimeInterval'] } },
				},
				{
					displayName: 'Max Date and Time',
					name: 'maxDateAndTime',
					type: 'dateTime',
					default: '',
					displayOptions: { show: { limitType: ['atSpecifiedTime'] } },
					description: 'When to stop waiting',
				},
			],
		},
	],
};

/** When the wait ends without an answer: WAIT_INDEFINITELY unless Limit Wait Time is set. */
export function waitTillOf(ctx: IExecuteFunctions, limit: IDataObject | undefined, now = Date.now()): Date {
	if (!limit || Object.keys(limit).length === 0) return WAIT_INDEFINITELY;
	const fail = (problem: string) =>
		new NodeOperationError(ctx.getNode(), `Limit Wait Time ${problem} [item 0]`, {
			itemIndex: 0,
			description: 'Check Options → Limit Wait Time.',
		});
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
