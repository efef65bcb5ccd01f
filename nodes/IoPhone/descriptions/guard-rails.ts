import type { INodeProperties } from 'n8n-workflow';

import { MAX_TEXT_LENGTH } from '../../shared/constants';
import { COUNTRY_OPTIONS } from '../../shared/countries';
import { STATE_RULES } from '../helpers/quiet-hours-decision';

/** Guard Rails → Quiet Hours (helpers/quiet-hours.ts): texts only within a window of the recipient's local time. */
const quietHoursRail: INodeProperties = {
	displayName: 'Quiet Hours',
	name: 'quietHours',
	type: 'fixedCollection',
	default: { values: { windowStart: 8, windowEnd: 21, stateRules: true, fallbackTimeZone: '', outsideWindow: 'skip' } },
	description:
		"Send only within a window of the recipient's local time, read from the number (its country and area code). Where a number may be in several time zones, the window must be open in all of them.",
	options: [
		{
			displayName: 'Values',
			name: 'values',
			values: [
				{
					displayName: 'Apply US State Rules',
					name: 'stateRules',
					type: 'boolean',
					default: true,
					description: `Whether a US number whose area code is in a state with stricter hours gets that state's window too: ${stateRulesText()}`,
				},
				{
					displayName: 'Fallback Time Zone',
					name: 'fallbackTimeZone',
					type: 'string',
					default: '',
					placeholder: 'e.g. America/New_York',
					hint: "Empty: the workflow's time zone (Workflow Settings → Timezone)",
					description:
						'The time zone of a number whose own is unknown, such as a US toll-free number. An IANA name.',
				},
				{
					displayName: 'Outside the Window',
					name: 'outsideWindow',
					type: 'options',
					default: 'skip',
					options: [
						{ name: 'Fail the Item', value: 'fail', description: 'The item fails with an error saying when the window opens' },
						{
							name: 'Skip the Text',
							value: 'skip',
							description: 'Output the item marked "skipped" (skipReason "quietHours") with sendAfter, the time the window opens',
						},
						{
							name: 'Wait Until the Window Opens',
							value: 'wait',
							description: 'For a run of one item: the execution waits until the window opens, then sends. n8n must keep running meanwhile.',
						},
					],
				},
				{
					displayName: 'Send From (Hour)',
					name: 'windowStart',
					type: 'number',
					default: 8,
					typeOptions: { minValue: 0, maxValue: 23, numberPrecision: 0 },
					description: "The hour of the recipient's day from which texts may go out: 8 means from 8:00",
				},
				{
					displayName: 'Send Until (Hour)',
					name: 'windowEnd',
					type: 'number',
					default: 21,
					typeOptions: { minValue: 1, maxValue: 24, numberPrecision: 0 },
					description: "The hour of the recipient's day at which texts stop: 21 means the last text goes out before 21:00",
				},
			],
		},
	],
};

/** Limits the user sets and whoever fills the other fields (an AI agent, an expression) cannot lift. */
export const guardRailsDescription: INodeProperties = {
	displayName: 'Guard Rails',
	name: 'guardRails',
	type: 'collection',
	placeholder: 'Add Guard Rail',
	default: {},
	description: 'Limits that protect bulk sends and AI agents using this node as a tool',
	options: [
		{
			displayName: 'Destination Countries',
			name: 'allowedCountries',
			type: 'multiOptions',
			default: [],
			options: COUNTRY_OPTIONS,
			description: 'Only text numbers in these countries. A number elsewhere fails its item. None selected allows every country.',
		},
		{
			displayName: 'Fixed From Number',
			name: 'fixedFromNumber',
			type: 'string',
			default: '',
			placeholder: '+15551112222',
			description:
				'Always send from this IO Phone number. An item that asks for another From Number fails instead of sending.',
		},
		{
			displayName: 'Max Segments',
			name: 'maxSegments',
			type: 'number',
			default: 0,
			typeOptions: { minValue: 0 },
			// The default stays 0 (no limit): workflows saved with the rail added and left at 0 send as they did.
			hint: '0 means no limit',
			description:
				'Fail an item whose text is estimated to take more SMS segments than this. Emoji and other non-GSM characters shrink a segment from 160 to 70 characters.',
		},
		{
			displayName: 'Max Text Length',
			name: 'maxLength',
			type: 'number',
			default: MAX_TEXT_LENGTH,
			typeOptions: { minValue: 1, maxValue: MAX_TEXT_LENGTH },
			description: `Fail an item whose text is longer than this many characters (IO Phone's own limit is ${MAX_TEXT_LENGTH})`,
		},
		{
			displayName: 'Opted-Out Number Field',
			name: 'optedOutNumberField',
			type: 'string',
			default: 'phone',
			description:
				'When Opted-Out Numbers is a list of rows (such as a Data Table\'s), the field of each row that holds the number',
		},
		{
			displayName: 'Opted-Out Numbers',
			name: 'optedOutNumbers',
			type: 'string',
			default: '',
			placeholder: "e.g. {{ $('Get Opted-Out').all().map(item => item.json.phone) }}",
			hint: 'Read once per run, from the first item. Numbers are compared as numbers; national ones are read in Additional Fields → Country. An entry that is no phone number is compared by its digits.',
			description:
				'Numbers never to text, such as your opted-out Data Table read by a Data Table node before this one. Give the whole list (.all(), not .item, which is one row): a list of numbers, a list of rows (see Opted-Out Number Field), or text with numbers separated by commas or new lines. A text to one of them is not sent: its item is marked "skipped" with skipReason "optedOut".',
		},
		quietHoursRail,
	],
};

/** "Connecticut 9:00–20:00; Florida 8:00–20:00; …; Texas 9:00–21:00, Sundays 12:00–21:00", from the rules themselves. */
function stateRulesText(): string {
	const hours = (w: { start: number; end: number }) => `${w.start}:00–${w.end}:00`;
	return Object.values(STATE_RULES)
		.map((rule) => `${rule.name} ${hours(rule)}${rule.sunday ? `, Sundays ${hours(rule.sunday)}` : ''}`)
		.join('; ');
}
