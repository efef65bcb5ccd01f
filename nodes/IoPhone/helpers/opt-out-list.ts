import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { countryName, numberKey } from '../../shared/phone';
import { itemError } from './item-errors';
import type { ParameterReader } from './parameters';
import { describeValue } from './values';

/**
 * Guard Rails → Opted-Out Numbers: numbers the node never texts. n8n lets no community node read
 * a Data Table, so the list comes in through the field, usually an expression over a Data Table
 * node's rows. It is read once per run (item 0) into a set of number keys (shared/phone.ts), so
 * each text costs one lookup however long the list is.
 */
export class OptOutList {
	private constructor(private readonly keys: Set<string>) {}

	/** The run's list, or undefined when it holds no number. Throws naming the field when it can't be read. */
	static read(ctx: IExecuteFunctions, params: ParameterReader): OptOutList | undefined {
		const value = params.value('guardRails.optedOutNumbers', 0);
		if (value === undefined || value === null || value === '') return undefined;
		const field = params.text('guardRails.optedOutNumberField', 0).trim() || 'phone';
		const entries = entriesOf(value, field);
		if ('problem' in entries) {
			throw itemError(ctx, 0, `Opted-Out Numbers ${entries.problem}`, 'Check "Opted-Out Numbers" under Guard Rails.');
		}
		const country = listCountry(params);
		const keys = new Set<string>();
		for (const entry of entries) {
			const key = numberKey(entry, country);
			if (key) keys.add(key);
		}
		return keys.size ? new OptOutList(keys) : undefined;
	}

	/** Whether `toNumber` (read in `country` when it is national) is on the list. */
	has(toNumber: string, country: string): boolean {
		return this.keys.has(numberKey(toNumber, country));
	}
}

/** Says above the output how many texts the list held back, so a run that sent fewer texts than rows explains itself. */
export function addOptedOutHint(ctx: IExecuteFunctions, output: INodeExecutionData[]): void {
	let skipped = 0;
	for (const item of output) if (item.json.skipReason === 'optedOut') skipped++;
	if (!skipped) return;
	const texts = skipped === 1 ? '1 text was' : `${skipped} texts were`;
	ctx.addExecutionHints({ message: `${texts} not sent: the To Number is in Guard Rails → Opted-Out Numbers`, location: 'outputPane' });
}

/** National numbers of the list are read in item 0's Country; a Country item 0 can't use fails that item, not the list. */
function listCountry(params: ParameterReader): string {
	try {
		const country = params.text('additionalFields.country', 0).trim().toUpperCase();
		return countryName(country) ? country : 'US';
	} catch {
		return 'US';
	}
}

/** The numbers as text: from a list (of numbers or rows), one row, or text separated by commas, semicolons or new lines. */
function entriesOf(value: unknown, field: string): string[] | { problem: string } {
	if (typeof value === 'string') return value.split(/[,;\r\n]+/);
	if (typeof value === 'number' || typeof value === 'bigint') return [String(value)];
	const list: unknown[] = Array.isArray(value) ? value.flat(Infinity) : typeof value === 'object' && value !== null ? [value] : [];
	if (!list.length && !Array.isArray(value)) {
		return { problem: `must be a list of numbers or rows, or text, but the value is ${describeValue(value)}` };
	}
	const entries: string[] = [];
	for (const [index, entry] of list.entries()) {
		const number = typeof entry === 'object' && entry !== null ? rowNumber(entry as Record<string, unknown>, field) : { value: entry };
		if ('problem' in number) return { problem: `entry ${index} ${number.problem}` };
		if (number.value === undefined || number.value === null || number.value === '') continue;
		if (typeof number.value !== 'string' && typeof number.value !== 'number' && typeof number.value !== 'bigint') {
			return { problem: `entry ${index} is ${describeValue(number.value)}, not a phone number` };
		}
		entries.push(String(number.value));
	}
	return entries;
}

/** A row's number: its `field`, or that of its `json` (an n8n item, as `$('Node').all()` gives them). */
function rowNumber(row: Record<string, unknown>, field: string): { value: unknown } | { problem: string } {
	if (Object.hasOwn(row, field)) return { value: row[field] };
	const json = row.json;
	if (typeof json === 'object' && json !== null && Object.hasOwn(json, field)) return { value: (json as Record<string, unknown>)[field] };
	return { problem: `is a row without a "${field}" field; set Opted-Out Number Field to the field that holds the number` };
}
