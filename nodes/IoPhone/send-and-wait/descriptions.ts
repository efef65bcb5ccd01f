import { SEND_AND_WAIT_OPERATION, updateDisplayOptions } from 'n8n-workflow';
import type { INodeProperties } from 'n8n-workflow';

import { DOCS } from '../../shared/docs-links';
import { guardRailsDescription } from '../descriptions/guard-rails';
import { byDisplayName, timeoutOption } from '../descriptions/options';
import { outgoingTextFields } from '../descriptions/outgoing-text';
import { FORM_FIELD_TYPES } from './form-fields';
import { JSON_FORM_EXAMPLE } from './form-json';
import { ONE_LINK_SINCE } from './links';


/** The words of the links and buttons; their defaults are what the text and its pages use when the user sets none. */
const approveLabel: INodeProperties = {
	displayName: 'Approve Button Label',
	name: 'approveLabel',
	type: 'string',
	default: 'Approve',
	description: 'The word before the approve link, and the button on its page. Keep it in the GSM alphabet (no emoji).',
};

const disapproveLabel: INodeProperties = {
	displayName: 'Decline Button Label',
	name: 'disapproveLabel',
	type: 'string',
	default: 'Decline',
	displayOptions: { show: { approvalType: ['double'] } },
	description: 'The word before the decline link, and the button on its page. Keep it in the GSM alphabet (no emoji).',
};

const messageButtonLabel: INodeProperties = {
	displayName: 'Message Button Label',
	name: 'messageButtonLabel',
	type: 'string',
	default: 'Respond',
	description: 'The word before the link in the text. Keep it in the GSM alphabet (no emoji).',
};

const responseFormButtonLabel: INodeProperties = {
	displayName: 'Response Form Button Label',
	name: 'responseFormButtonLabel',
	type: 'string',
	default: 'Submit',
};

export const DEFAULT_LABELS = {
	approve: approveLabel.default as string,
	decline: disapproveLabel.default as string,
	submit: responseFormButtonLabel.default as string,
};

/**
 * Approval Options → Links in the Text, for Approve and Decline, from version 1.1 (where one link is
 * the default). Version 1 does not show it and always sends a link per button, so saved workflows
 * send what they sent. (One declaration per version with its own default is not reliable inside a
 * fixed collection: n8n's editor fills a newly added one with every value's default, shown or not.)
 */
const linksInText: INodeProperties = {
	displayName: 'Links in the Text',
	name: 'linksInText',
	type: 'options',
	default: 'onePage',
	options: [
		{
			name: 'One Link per Button',
			value: 'perButton',
			description: 'An Approve link and a Decline link, each to a page with its one button (as version 1 of this node sends)',
		},
		{
			name: 'One Link to Both Buttons',
			value: 'onePage',
			description: 'One link, whose page has both buttons: usually one SMS segment less, as each link is about 150 characters',
		},
	],
	displayOptions: { show: { approvalType: ['double'], '@version': [{ _cnd: { gte: ONE_LINK_SINCE } }] } },
};

const docsLink = (url: string, text: string) => `<a href="${url}" target="_blank">${text}</a>`;

/**
 * The editor's Docs link is the node type's, shared by Send, Send and Wait and the AI Agent review
 * tool n8n derives from this node; these notices link each to its own section. `@tool` is true in
 * the node types n8n derives for AI agents (their names end in "Tool").
 */
const docsNotices: INodeProperties[] = [
	{
		displayName: `How the answer links work, and what they cost in texts: ${docsLink(DOCS.sendAndWait, 'Send and Wait for Response')}`,
		name: 'sendAndWaitNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { '@tool': [false] } },
	},
	{
		displayName: `How an AI Agent's tool calls are reviewed by text: ${docsLink(DOCS.humanReview, 'AI Agent human review')}`,
		name: 'humanReviewNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { '@tool': [true] } },
	},
];

/** Options → Limit Wait Time, as n8n's own Send and Wait nodes offer it; its default applies once the option is added. */
const limitWaitTimeOption: INodeProperties = {
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

/** Custom Form → Form Fields: the fields of the page the text's link opens. */
const formFieldsDescription: INodeProperties = {
	displayName: 'Form Fields',
	name: 'formFields',
	type: 'fixedCollection',
	placeholder: 'Add Form Field',
	default: {},
	typeOptions: { multipleValues: true, sortable: true },
	description: 'The fields of the form the link in the text opens. The answers come out under "data", by Field Label.',
	options: [
		{
			displayName: 'Values',
			name: 'values',
			values: [
				{
					displayName: 'Field Label',
					name: 'fieldLabel',
					type: 'string',
					default: '',
					placeholder: 'e.g. How many boxes?',
					required: true,
					description: 'Shown above the field, and the key of its answer in the output',
				},
				{
					displayName: 'Field Type',
					name: 'fieldType',
					type: 'options',
					default: 'text',
					options: [...FORM_FIELD_TYPES],
				},
				{
					displayName: 'Choices',
					name: 'fieldOptions',
					type: 'string',
					default: '',
					placeholder: 'e.g. Yes, No, Later',
					description: 'The choices of the list, separated by commas',
					displayOptions: { show: { fieldType: ['dropdown'] } },
				},
				{
					displayName: 'Required Field',
					name: 'requiredField',
					type: 'boolean',
					default: false,
					description: 'Whether the form can only be sent with this field filled in',
				},
			],
		},
	],
};

/** Custom Form → Define Form, as n8n's own Send and Wait nodes offer it: the fields below, or JSON (send-and-wait/form-json.ts). */
const defineFormDescription: INodeProperties[] = [
	{
		displayName: 'Define Form',
		name: 'defineForm',
		type: 'options',
		noDataExpression: true,
		default: 'fields',
		options: [
			{ name: 'Using Fields Below', value: 'fields' },
			{ name: 'Using JSON', value: 'json' },
		],
		displayOptions: { show: { responseType: ['customForm'] } },
	},
	{
		displayName: 'Form Fields',
		name: 'jsonOutput',
		type: 'json',
		typeOptions: { rows: 5 },
		default: JSON.stringify(JSON_FORM_EXAMPLE, null, 2),
		description: "A list of fields, as n8n's Form node takes them. An expression can build the list from the input item.",
		hint: 'Keys: fieldLabel, fieldType (date, dropdown, email, number, text, textarea), requiredField, placeholder, and for a dropdown fieldOptions: {"values": [{"option": "…"}]}',
		displayOptions: { show: { responseType: ['customForm'], defineForm: ['json'] } },
	},
];

/** Options of Free Text and Custom Form: the form the link opens. */
const formOptions: INodeProperties[] = [
	messageButtonLabel,
	responseFormButtonLabel,
	{
		displayName: 'Response Form Description',
		name: 'responseFormDescription',
		type: 'string',
		default: '',
		description: 'Shown above the form. Empty shows the Message.',
	},
	{
		displayName: 'Response Form Title',
		name: 'responseFormTitle',
		type: 'string',
		default: '',
		description: 'Title of the form the link opens',
	},
];

const sendOptions: INodeProperties[] = [outgoingTextFields.formatNumber, limitWaitTimeOption, outgoingTextFields.testMode, timeoutOption];

/** The fields of Message → Send and Wait for Response, by the names the operation reads. */
export const properties: INodeProperties[] = [
	...docsNotices,
	outgoingTextFields.toNumber,
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		required: true,
		default: '',
		typeOptions: { rows: 4 },
		description:
			'The question to ask. The link to answer it is added after it, about 150 characters plus your n8n address: with a message of up to about 120 characters, the text takes 2 SMS segments. Approve and Decline with a link per button add a second link: 3 segments.',
	},
	{
		displayName: 'Response Type',
		name: 'responseType',
		type: 'options',
		default: 'approval',
		options: [
			{ name: 'Approval', value: 'approval', description: 'The person approves (or declines) with a link in the text' },
			{ name: 'Free Text', value: 'freeText', description: 'The person answers in a form the link opens' },
			{ name: 'Custom Form', value: 'customForm', description: 'The person fills in a form of your fields' },
		],
	},
	...defineFormDescription,
	{ ...formFieldsDescription, displayOptions: { show: { responseType: ['customForm'], defineForm: ['fields'] } } },
	{
		displayName: 'Approval Options',
		name: 'approvalOptions',
		type: 'fixedCollection',
		placeholder: 'Add option',
		default: {},
		displayOptions: { show: { responseType: ['approval'] } },
		options: [
			{
				displayName: 'Values',
				name: 'values',
				values: [
					{
						displayName: 'Type of Approval',
						name: 'approvalType',
						type: 'options',
						default: 'single',
						options: [
							{ name: 'Approve Only', value: 'single' },
							{ name: 'Approve and Decline', value: 'double' },
						],
						description: 'Approve only, or Approve and Decline',
					},
					linksInText,
					approveLabel,
					disapproveLabel,
				],
			},
		],
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'There is no Callback URL here: IO Phone keeps one per From Number, and changing it would take events away from an IO Phone Trigger',
		options: [outgoingTextFields.country, outgoingTextFields.fromNumber],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { responseType: ['approval'] } },
		options: byDisplayName(sendOptions),
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { responseType: ['freeText', 'customForm'] } },
		options: byDisplayName([...sendOptions, ...formOptions]),
	},
	guardRailsDescription,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['message'], operation: [SEND_AND_WAIT_OPERATION] } },
	properties,
);
