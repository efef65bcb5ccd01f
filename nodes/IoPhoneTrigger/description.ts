import type { INodeProperties } from 'n8n-workflow';

import { EVENT_OPTIONS, EVENT_TYPES } from './events';

const setupText = { displayOptions: { show: { registration: ['setupText'] } } };

export const DEFAULT_SETUP_MESSAGE = 'n8n is now receiving IO Phone events for this number. No reply needed.';
export const CLEAR_MESSAGE = 'n8n has stopped receiving IO Phone events for this number. No reply needed.';

export const properties: INodeProperties[] = [
	{
		displayName: 'From Number',
		name: 'fromNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+15551112222',
		description:
			'The IO Phone number whose events start this workflow, in international format. Use the test number +19999999999 to try the trigger without any SMS.',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		options: EVENT_OPTIONS,
		default: [...EVENT_TYPES],
		description: 'Which IO Phone events start the workflow. Other events are acknowledged and ignored.',
	},
	{
		displayName: 'Registration',
		name: 'registration',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Send a Setup Text',
				value: 'setupText',
				description:
					'On activation, send one text from From Number with this webhook as its callback URL. Costs one text per activation (and one per deactivation when clearing); none per n8n restart.',
			},
			{
				name: 'Manual',
				value: 'manual',
				description: 'Send nothing; you pass the webhook URL to IO Phone yourself',
			},
		],
		default: 'setupText',
		description:
			'IO Phone has no webhook API: it stores the callback URL of the most recent text sent from a number. Choose how this trigger gets its URL stored.',
	},
	{
		displayName: 'Setup Recipient',
		name: 'setupRecipient',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+16142579242',
		description: 'Who receives the setup text, in international format (for example your own mobile)',
		...setupText,
	},
	{
		displayName: 'Setup Message',
		name: 'setupMessage',
		type: 'string',
		typeOptions: { rows: 2 },
		default: DEFAULT_SETUP_MESSAGE,
		description: 'The setup text',
		...setupText,
	},
	{
		displayName: 'Clear On Deactivate',
		name: 'clearOnDeactivate',
		type: 'boolean',
		default: true,
		description:
			'Whether to clear the callback URL stored for From Number when the workflow is deactivated. This sends one more text to the Setup Recipient.',
		...setupText,
	},
	{
		displayName: 'Verify Callback Token',
		name: 'verifyToken',
		type: 'boolean',
		default: true,
		description:
			'Whether the registered URL carries a secret token, so requests without it are refused (401) and start nothing',
	},
	{
		displayName: 'Ignore Duplicate Events',
		name: 'ignoreDuplicates',
		type: 'boolean',
		default: true,
		description:
			'Whether to drop an event whose ID and type already started this workflow (providers retry callbacks). The last 1,000 events are remembered. Duplicates are answered 200 so IO Phone stops retrying.',
	},
	{
		displayName: 'Callback Token',
		name: 'manualToken',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		description: 'A secret that you append to the webhook URL as ?token=…',
		displayOptions: { show: { registration: ['manual'], verifyToken: [true] } },
	},
	{
		displayName:
			'Register this trigger yourself: send a text from From Number with Callback URL set to this node\'s Production URL (Webhook URLs above), followed by ?token= and your Callback Token when Verify Callback Token is on. The IO Phone node\'s Callback URL option does that.',
		name: 'manualNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { registration: ['manual'] } },
	},
];
