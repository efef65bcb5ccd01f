import type { INodeProperties } from 'n8n-workflow';

import { MAX_TEXT_LENGTH } from '../../shared/constants';
import { COUNTRY_OPTIONS } from '../../shared/countries';

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
	],
};
