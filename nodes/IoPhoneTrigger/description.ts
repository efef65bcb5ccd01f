import type { INodeProperties } from 'n8n-workflow';

import { TEST_NUMBER } from '../shared/constants';
import { DOCS } from '../shared/docs-links';
import { keywordWordsText } from '../shared/keywords';
import type { Keyword } from '../shared/keywords';
import { EVENT_OPTIONS, EVENT_TYPES } from './events';
import { RECENT_EVENTS_WINDOW } from './recent-events';
import { DEFAULT_MAX_EXECUTIONS_PER_SENDER } from './sender-limit';

const setupText = { displayOptions: { show: { registration: ['setupText'] } } };

/**
 * From Number is the test number however it is written (with or without its country code, spaces,
 * dashes or brackets): its digits in order, anything else between them. n8n's editor evaluates
 * this where a field depends on it; an n8n without `_cnd` conditions never matches it.
 */
const [countryCode, ...nationalDigits] = TEST_NUMBER.replace(/\D/g, '');
const TEST_NUMBER_WRITTEN = {
	_cnd: { regex: `^\\D*(${countryCode}\\D*)?${nationalDigits.join('\\D*')}\\D*$` },
};

const TEST_NUMBER_NOTICE =
	'The test number only produces delivery events: Execute step shows its simulated delivery (Message Delivered) as the sample, whatever Events says. Published, the workflow runs only for the events selected here.';

/** The README section the editor's Docs link opens. */
export const DOCUMENTATION_URL = DOCS.trigger;

/** The shortest Callback Token accepted in Manual registration (long enough that guessing it is hopeless). */
export const MIN_MANUAL_TOKEN_LENGTH = 22;

export const DEFAULT_SETUP_MESSAGE = 'n8n is now receiving IO Phone events for this number. No reply needed.';
export const CLEAR_MESSAGE = 'n8n has stopped receiving IO Phone events for this number. No reply needed.';
// A test listen cannot tell whether the workflow is published (it works on a blank copy of the
// workflow's static data), so this says what is true either way.
export const RESTORE_MESSAGE =
	"n8n has stopped listening for a test event; IO Phone events for this number go to the workflow's Production URL again, which runs the workflow while it is published. No reply needed.";

/** The first version whose received texts carry `keyword` and whose keyword answers exist (on by default). */
export const KEYWORDS_SINCE = 1.2;
const fromKeywordsVersion = { '@version': [{ _cnd: { gte: KEYWORDS_SINCE } }] };

/**
 * The first version that is a chat channel: received texts carry `chatInput` and `sessionId` (what
 * n8n's AI Agent and memory nodes read by default) and every item `ourNumber`; it takes several
 * From Numbers, ignores texts from them, and limits executions per sender.
 */
export const CHAT_CHANNEL_SINCE = 1.3;
const fromChatChannelVersion = { '@version': [{ _cnd: { gte: CHAT_CHANNEL_SINCE } }] };
const beforeChatChannelVersion = { '@version': [{ _cnd: { lt: CHAT_CHANNEL_SINCE } }] };

/**
 * The automatic answer to each keyword: the switch, the text and its default. The defaults are
 * short, GSM-7 (one segment each) and carry no marketing, as CTIA asks of these answers. HELP's
 * default says only what holds for every sender (a placeholder would go out as written); the
 * field asks for the business's name and contact.
 */
export const KEYWORD_ANSWERS: Record<Keyword, { toggle: string; text: string; label: string; defaultText: string; why: string }> = {
	optOut: {
		toggle: 'answerOptOut',
		text: 'optOutAnswer',
		label: 'Opt-Out',
		defaultText: 'You are unsubscribed and will get no more texts from this number. Reply START to resubscribe.',
		why: 'Carriers expect exactly one confirmation, with no marketing in it',
	},
	optIn: {
		toggle: 'answerOptIn',
		text: 'optInAnswer',
		label: 'Opt-In',
		defaultText: 'You are subscribed. Msg&data rates may apply. Reply HELP for help, STOP to unsubscribe.',
		why: 'Carriers expect a confirmation that names how to stop again',
	},
	help: {
		toggle: 'answerHelp',
		text: 'helpAnswer',
		label: 'Help',
		defaultText: 'Reply STOP to unsubscribe, START to resubscribe. Msg&data rates may apply.',
		why: 'Carriers expect your business name and how to reach you (phone, email or website): add them to the text',
	},
};

function keywordAnswerFields(keyword: Keyword): INodeProperties[] {
	const answer = KEYWORD_ANSWERS[keyword];
	const { defaultText } = answer;
	const words = keywordWordsText(keyword);
	return [
		{
			displayName: `Answer ${answer.label} Texts`,
			name: answer.toggle,
			type: 'boolean',
			default: true,
			description: `Whether to answer a text that is only ${words} (any case, punctuation and emoji around it ignored) once, from the number it was sent to. The workflow still runs; its item says what was sent in keywordAnswer.`,
			displayOptions: { show: fromKeywordsVersion },
		},
		{
			displayName: `${answer.label} Answer`,
			name: answer.text,
			type: 'string',
			typeOptions: { rows: 2 },
			required: true,
			default: defaultText,
			description: `The answer to ${words}. ${answer.why}.`,
			displayOptions: { show: { ...fromKeywordsVersion, [answer.toggle]: [true] } },
		},
	];
}

/** What the editor's trigger panel says while the node waits for a test event, and around it. */
export const TRIGGER_PANEL = {
	header: '',
	executionsHelp: {
		inactive:
			`<b>While building your workflow</b>, click 'Execute step', then make an event happen (text From Number). The event shows up in this editor. With Send a Setup Text, listening costs <b>2 texts</b> from From Number: one that moves its events to the test URL, one when listening ends that points them back at the Production URL. The test number ${TEST_NUMBER} costs nothing and gives a sample at once.<br /><br /><b>Once you're happy with your workflow</b>, publish it: one setup text registers the Production URL, and every event then runs the workflow. Those executions show up in the <a data-key='executions'>executions list</a>, not in the editor.`,
		active:
			`<b>While building your workflow</b>, click 'Execute step', then make an event happen (text From Number). IO Phone keeps one callback URL per number, so while the editor listens, this number's events come here instead of to the published workflow. When listening ends (first event, Stop, or after 2 minutes), one more text points them back at the Production URL: <b>2 texts</b> per test. The test number ${TEST_NUMBER} costs nothing.<br /><br /><b>Your workflow also runs automatically</b>, since it is published. Those executions show up in the <a data-key='executions'>executions list</a>, not in the editor.`,
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
			`The IO Phone number whose events start this workflow, in international format. Use the test number ${TEST_NUMBER} to try the trigger without any SMS: Execute step then shows its simulated delivery event at once.`,
		displayOptions: { show: beforeChatChannelVersion },
	},
	{
		displayName: 'From Numbers',
		name: 'fromNumbers',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+15551112222, +15553334444',
		description:
			`One or more of your IO Phone numbers whose events start this workflow, in international format, separated by commas. Each number is registered on its own; items say which one an event concerns in ourNumber. Texts from one of these numbers start nothing, so they never answer each other. Use the test number ${TEST_NUMBER} to try the trigger without any SMS.`,
		displayOptions: { show: fromChatChannelVersion },
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
		displayName: TEST_NUMBER_NOTICE,
		name: 'testNumberNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { fromNumber: [TEST_NUMBER_WRITTEN] } },
	},
	{
		displayName: TEST_NUMBER_NOTICE,
		// The same notice for From Numbers (a field shows a notice only for its own parameter).
		name: 'testNumbersNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { fromNumbers: [TEST_NUMBER_WRITTEN] } },
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
					'On publishing, send one text from each From Number with this webhook as its callback URL. Costs one text per number per publish (and one per unpublish when clearing), none per n8n restart, and two per number per test listen (Execute step).',
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
			`Execute step (listening for a test event) sends 2 texts from each From Number: one that moves its events to the test URL, and one when listening ends that points them back at the Production URL, so a published workflow keeps receiving. Events that arrive while the editor listens go to the editor only. The test number ${TEST_NUMBER} costs nothing.`,
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
		// Nobody receives a text from the test number: the trigger picks the recipient itself.
		displayOptions: { ...setupText.displayOptions, hide: { fromNumber: [TEST_NUMBER_WRITTEN], fromNumbers: [TEST_NUMBER_WRITTEN] } },
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
			'Whether to clear the callback URL stored for each From Number when the workflow is unpublished (deactivated). This sends one more text per number to the Setup Recipient. The end of a test listen never clears: it points the number back at the Production URL.',
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
			`Whether to drop an event whose ID and type already started this workflow (providers retry callbacks). The last ${RECENT_EVENTS_WINDOW.toLocaleString('en-US')} events are remembered. Duplicates are answered 200 so IO Phone stops retrying.`,
	},
	{
		displayName: 'Max Executions per Sender',
		name: 'maxExecutionsPerSender',
		type: 'number',
		typeOptions: { minValue: 0, numberPrecision: 0 },
		default: DEFAULT_MAX_EXECUTIONS_PER_SENDER,
		description:
			"The most received texts from one number that start this workflow in any minute. Further texts from that number start nothing until the minute is over (n8n's log counts them): this ends a reply loop with another automated number. 0 means no limit. Counted per n8n process: in queue mode each webhook process allows this many.",
		displayOptions: { show: fromChatChannelVersion },
	},
	{
		displayName:
			"Received texts say in keyword whether they are an opt-out (STOP…), an opt-in (START…) or a help request (HELP, INFO). The answers below go out before the workflow runs, also while testing (a STOP is real either way), so their texts can use expressions like {{ $now }} but not the text's fields. Keep your opt-out list in the workflow, for example with n8n's Data Table node.",
		name: 'keywordsNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: fromKeywordsVersion },
	},
	...(['optOut', 'optIn', 'help'] as const).flatMap(keywordAnswerFields),
	{
		displayName:
			'Register this trigger yourself: send a text from each From Number with Callback URL set to this node\'s Production URL (Webhook URLs above), followed by ?token= and your Callback Token when Verify Callback Token is on. The IO Phone node\'s Callback URL option does that. To listen for a test event, register the test URL the same way, and the Production URL again afterwards.',
		name: 'manualNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { registration: ['manual'] } },
	},
];
