import type { IDataObject } from 'n8n-workflow';

import { CREDENTIAL_TEST_RECIPIENT, TEST_NUMBER } from '../shared/constants';
import { normalizeNumber } from '../shared/phone';

type EventType = 'message-received' | 'message-delivered' | 'message-failed';

/** The Events options, one per IO Phone event type. */
export const EVENT_OPTIONS: Array<{ name: string; value: EventType; description: string }> = [
	{ name: 'Message Received', value: 'message-received', description: 'Someone texted the From Number' },
	{ name: 'Message Delivered', value: 'message-delivered', description: 'A text from the From Number reached the carrier' },
	{ name: 'Message Failed', value: 'message-failed', description: 'A text from the From Number could not be delivered' },
];

export const EVENT_TYPES: EventType[] = EVENT_OPTIONS.map((option) => option.value);

function isEventType(value: unknown): value is EventType {
	return (EVENT_TYPES as unknown[]).includes(value);
}

/**
 * A webhook body IO Phone could have sent: a JSON object with a known `type` and an `id` (a number or
 * non-empty text). Without an id the duplicate guard would take every id-less event for the first one.
 */
export function parseEvent(body: unknown): IDataObject | undefined {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
	const { type, id } = body as IDataObject;
	const hasId = (typeof id === 'number' && Number.isFinite(id)) || (typeof id === 'string' && id.trim() !== '');
	return isEventType(type) && hasId ? (body as IDataObject) : undefined;
}

/** What a test listen's item from the test number says about itself. */
const TEST_NUMBER_SAMPLE =
	"Simulated by IO Phone's test number, which only produces delivery events: the sample whatever Events says";

/**
 * The conversation a received text belongs to: our number and theirs, both E.164, joined by a
 * colon (`+15551112222:+12025550123`). The same for every text between the two numbers, and
 * different for the same person texting another of our numbers.
 */
function sessionIdOf(ourNumber: string, theirNumber: string): string {
	return `${ourNumber}:${theirNumber}`;
}

/**
 * The item a workflow gets: IO Phone's payload as sent (timestamps untouched), plus, for an
 * incoming text, who to answer and from which number, ready to map into a reply. A test number
 * sample says so, because Events may not even list its type. As a chat channel (`ourNumber`
 * given), every item says which of the trigger's numbers it concerns, and a received text
 * carries what n8n's AI Agent (`chatInput`) and memory nodes (`sessionId`) read by default.
 */
export function toItem(event: IDataObject, { testNumberSample = false, ourNumber }: { testNumberSample?: boolean; ourNumber?: string } = {}): IDataObject {
	const item: IDataObject = testNumberSample ? { ...event, testNumberSample: TEST_NUMBER_SAMPLE } : { ...event };
	if (ourNumber !== undefined) item.ourNumber = ourNumber;
	if (event.type !== 'message-received') return item;
	const reply = { replyTo: event.from, replyFrom: event.to };
	if (ourNumber === undefined) return { ...item, ...reply };
	const chat = { chatInput: String(event.text ?? ''), sessionId: sessionIdOf(ourNumber, normalizeNumber(String(event.from ?? ''))) };
	return { ...item, ...reply, ...chat };
}

/**
 * n8n's credential test texts from the test number (nodes/shared/credential-test.ts), and IO Phone
 * posts that send's delivery to whatever callback URL the test number holds, maybe a published
 * trigger's. It is told apart by the one recipient the credential test texts, so opening a
 * credential never starts a workflow.
 */
export function isCredentialTestEvent(event: IDataObject): boolean {
	return event.from === TEST_NUMBER && event.to === CREDENTIAL_TEST_RECIPIENT;
}
