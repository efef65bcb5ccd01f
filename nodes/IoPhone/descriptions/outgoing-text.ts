import type { INodeProperties } from 'n8n-workflow';

import { TEST_NUMBER } from '../../shared/constants';
import { COUNTRY_OPTIONS } from '../../shared/countries';

/** The fields every operation that sends a text shows, with the names helpers/outgoing-text.ts reads. */
export const outgoingTextFields = {
	toNumber: {
		displayName: 'To Number',
		name: 'toNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+16142579242',
		description:
			'The phone number to text. Use international format (+ and country code), or a national number read in the Country option (default United States).',
	},
	/** Additional Fields → Country. */
	country: {
		displayName: 'Country',
		name: 'country',
		type: 'options',
		default: 'US',
		options: COUNTRY_OPTIONS,
		description:
			'The country used to read To Number when it is not in international format. Numbers starting with + keep their own country.',
	},
	/** Additional Fields → From Number. */
	fromNumber: {
		displayName: 'From Number',
		name: 'fromNumber',
		type: 'string',
		default: '',
		placeholder: '+15551112222',
		description: 'Which of your IO Phone numbers sends the text. Leave empty to let IO Phone choose one.',
	},
	/** Options → Format Number. */
	formatNumber: {
		displayName: 'Format Number',
		name: 'formatNumber',
		type: 'boolean',
		default: true,
		description:
			'Whether to check To Number and send it in international (E.164) format. When off, To Number goes to IO Phone exactly as given.',
	},
	/** Options → Test Mode. */
	testMode: {
		displayName: 'Test Mode',
		name: 'testMode',
		type: 'boolean',
		default: false,
		description: `Whether to send from IO Phone's test number ${TEST_NUMBER}: IO Phone simulates the send and no SMS goes out`,
	},
} satisfies Record<string, INodeProperties>;
