import type { INodeProperties } from 'n8n-workflow';

import { EVENT_OPTIONS, EVENT_TYPES } from './events';

const setupText = { displayOptions: { show: { registration: ['setupText'] } } };

/** The README section the editor's Docs link opens. */
export const DOCUMENTATION_URL = 'https://github.com/n8n-nodes-iophone/n8n-nodes-iophone#io-phone-trigger-node';

/** The shortest Callback Token accepted in Manual registration: 22 base64 characters carry 132 bits. */
export const MIN_MANUAL_TOKEN_LENGTH = 22;

export const DEFAULT_SETUP_MESSAGE = 'n8n is now receiving IO Phone events for this number. No reply needed.';
export const CLEAR_MESSAGE = 'n8n has stopped receiving IO Phone events for this number. No reply needed.';
export const RESTORE_MESSAGE =
	'n8n has stopped listening for a test event; IO Phone events for this number go to the published workflow again. No reply needed.';

/** What the editor's trigger panel says while the node waits for a test event, and around it. */
export const TRIGGER_PANEL = {
	header: '',
	executionsHelp: {
		inactive:
			"<b>While building your workflow</b>, click 'Execute step', then make an event happen (text From Number). The event shows up in this editor. With Send a Setup Text, listening costs <b>2 texts</b> from From Number: one that moves its events to the test URL, one when listening ends that points them back at the Production URL. The test number +19999999999 costs nothing and gives a sample at once.<br /><br /><b>Once you're happy with your workflow</b>, publish it: one setup text registers the Production URL, and every event then runs the workflow. Those executions show up in the <a data-key='executions'>executions list</a>, not in the editor.",
		active:
			"<b>While building your workflow</b>, click 'Execute step', then make an event happen (text From Number). IO Phone keeps one callback URL per number, so while the editor listens, this number's events come here instead of to the published workflow. When listening ends (first event, Stop, or after 2 minutes), one more text points them back at the Production URL: <b>2 texts</b> per test. The test number +19999999999 costs nothing.<br /><br /><b>Your workflow also runs automatically</b>, since it is published. Those executions show up in the <a data-key='executions'>executions list</a>, not in the editor.",
	},
	activationHint:
		'Once you have finished building your workflow, publish it: one setup text registers the Production URL and every IO Phone event runs it, without this button.',
};

export const properties: INodeProperties[] = [
	{
		displayName: 'From Number',
		name: 'fromNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+15551112222',
		description:
			'The IO Phone number whose events start this workflow, in international format. Use the test number +19999999999 to try the trigger without any SMS: Execute step then shows its simulated delivery event at once.',
	},
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		options: EVENT_OPTIONS,
		default: [...EVENT_TYPES],
		description:
			'Which IO Phone events start the workflow. Other events are acknowledged and ignored. While you test with the test number +19999999999, its simulated delivery event is shown as the sample whatever is selected here.',
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
					'On publishing, send one text from From Number with this webhook as its callback URL. Costs one text per publish (and one per unpublish when clearing), none per n8n restart, and two per test listen (Execute step).',
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
		displayName:
			'Execute step (listening for a test event) sends 2 texts from From Number: one that moves its events to the test URL, and one when listening ends that points them back at the Production URL, so a published workflow keeps receiving. Events that arrive while the editor listens go to the editor only. The test number +19999999999 costs nothing.',
		name: 'testListenNotice',
		type: 'notice',
		default: '',
		...setupText,
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
			'Whether to clear the callback URL stored for From Number when the workflow is unpublished (deactivated). This sends one more text to the Setup Recipient. The end of a test listen never clears: it points the number back at the Production URL.',
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
		displayName: 'Callback Token',
		name: 'manualToken',
		type: 'string',
		typeOptions: { password: true },
		required: true,
		default: '',
		description: `A secret of at least ${MIN_MANUAL_TOKEN_LENGTH} characters that you append to the webhook URL as ?token=…. For a strong one, run <code>openssl rand -hex 16</code> (32 characters, URL-safe).`,
		displayOptions: { show: { registration: ['manual'], verifyToken: [true] } },
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
		displayName:
			'Register this trigger yourself: send a text from From Number with Callback URL set to this node\'s Production URL (Webhook URLs above), followed by ?token= and your Callback Token when Verify Callback Token is on. The IO Phone node\'s Callback URL option does that. To listen for a test event, register the test URL the same way, and the Production URL again afterwards.',
		name: 'manualNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { registration: ['manual'] } },
	},
];
