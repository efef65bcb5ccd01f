import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_TIMEOUT_MS, MAX_TEXT_LENGTH } from '../../shared/constants';

/** Options → Timeout, of every operation that sends a text. */
export const timeoutOption: INodeProperties = {
	displayName: 'Timeout (Milliseconds)',
	name: 'timeout',
	type: 'number',
	default: DEFAULT_TIMEOUT_MS,
	typeOptions: { minValue: 1000 },
	description:
		'How long to wait for IO Phone to answer a send. A text that times out may still have gone out, so it is not retried.',
};

/** Options → Max Texts per Second (helpers/rate-limit.ts keeps it). */
export const maxPerSecondOption: INodeProperties = {
	displayName: 'Max Texts per Second',
	name: 'maxPerSecond',
	type: 'number',
	// The default stays 0 (no limit): saved workflows send as fast as they did.
	default: 0,
	typeOptions: { minValue: 0, numberPrecision: 0 },
	hint: '0 means no limit',
	description:
		'Most texts this run starts in any one second, to stay under your sender\'s carrier throughput. Works with Sends at Once (the tighter wins) and Pause Between Batches. Skipped texts take no turn; a text is only delayed, never dropped or repeated.',
};

/** Options → If Text Is Too Long, of Send (helpers/split-text.ts cuts the text, helpers/long-texts.ts sends the parts). */
export const ifTooLongOption: INodeProperties = {
	displayName: 'If Text Is Too Long',
	name: 'ifTooLong',
	type: 'options',
	options: [
		{ name: 'Fail', value: 'fail', description: 'The item fails before anything is sent' },
		{
			name: 'Split Into Several Texts',
			value: 'split',
			description: `Sends it as several texts, one after another, each at most ${MAX_TEXT_LENGTH} characters (or the lower Max Text Length guard rail), cut between words`,
		},
		{
			name: 'Truncate',
			value: 'truncate',
			description: `Shortens it to ${MAX_TEXT_LENGTH} characters (or the lower Max Text Length guard rail), cut between words, ending with an ellipsis`,
		},
	],
	// Fail, as before the option existed: saved workflows keep failing rather than sending more texts.
	default: 'fail',
	description: `What to do with a text longer than the ${MAX_TEXT_LENGTH} characters IO Phone takes in one send, such as a long answer from an AI model`,
};

/** The node-wide options of every operation that makes one request per item (helpers/bulk-run.ts reads them). */
export const bulkRunOptions: INodeProperties[] = [
	maxPerSecondOption,
	{
		displayName: 'Pause Between Batches',
		name: 'batchInterval',
		type: 'number',
		default: 0,
		typeOptions: { minValue: 0 },
		hint: 'In milliseconds; 0 sends continuously',
		description: 'Milliseconds to wait after each batch of "Sends at Once" texts. 0 sends continuously.',
	},
	{
		displayName: 'Sends at Once',
		name: 'concurrency',
		type: 'number',
		default: 16,
		typeOptions: { minValue: 1, maxValue: 50 },
		description:
			'How many texts are sent in parallel. 1 sends strictly one after another. Output items always keep the input order.',
	},
	timeoutOption,
];

/** Options in the alphabetical order n8n lists a collection's options in. */
export function byDisplayName(options: INodeProperties[]): INodeProperties[] {
	return [...options].sort((a, b) => a.displayName.localeCompare(b.displayName, 'en'));
}
