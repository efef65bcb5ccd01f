/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/** Public types of the IO Phone simulator (the API contract: docs/iophone-api.md). */
import type { IncomingHttpHeaders } from 'node:http';

export interface SimulatorOptions {
	/** Accepted API key. Default 'test-api-key'. */
	apiKey?: string;
	/** E.164 numbers the account owns; the first is the default sender. Default ['+15551112222', '+15553334444']. */
	accountNumbers?: string[];
	/** Delay (ms) before answering POST /text. Default 0. */
	responseDelayMs?: number;
}

/** One HTTP request received by the simulator, any path. */
export interface RecordedRequest {
	method: string;
	/** Path without the query string, e.g. '/api6/text'. */
	path: string;
	/** Query parameters (last value wins), including apiKey. */
	query: Record<string, string>;
	headers: IncomingHttpHeaders;
	/** '' until the body has been read (and for `resetBeforeRead`, where it never is). */
	rawBody: string;
	/** Parsed JSON body, or undefined when absent / not JSON. */
	body: unknown;
	receivedAt: Date;
}

/** The answer to an accepted POST /text (HTTP 200). */
export interface SentMessage {
	id: number;
	/** ISO 8601 UTC, 6 fractional digits. */
	time: string;
	segmentCount: number;
	direction: 'out';
	to: string;
	from: string;
	text: string;
	status: 202;
	/** Unix seconds. */
	request_time: number;
}

export interface DeliveredWebhook {
	id: number;
	time: string;
	type: 'message-delivered';
	description: string;
	segmentCount: number;
	direction: 'out';
	to: string;
	from: string;
}

export interface ReceivedWebhook {
	id: number;
	time: string;
	type: 'message-received';
	description: string;
	segmentCount: number;
	direction: 'in';
	to: string;
	from: string;
	text: string;
}

export interface FailedWebhook {
	id: number;
	time: string;
	type: 'message-failed';
	description: string;
	segmentCount: number;
	direction: 'out';
	to: string;
	from: string;
	errorCode: number;
}

export type WebhookPayload = DeliveredWebhook | ReceivedWebhook | FailedWebhook;

/** One webhook POST the simulator made (recorded once it completed or failed). */
export interface WebhookDelivery {
	url: string;
	payload: unknown;
	/** HTTP status of the receiver's answer; null on network error / timeout. */
	status: number | null;
	/** Receiver's response body as text ('' on error). */
	responseBody: string;
	/** Set on network error, timeout or abort. */
	error?: string;
}

/**
 * Every fault may be limited to the next `times` POST /text requests (default: until cleared), and
 * may let the first `after` requests through untouched (default 0), such as the first part of a split text.
 */
interface FaultBase {
	times?: number;
	after?: number;
}

/** Answers with this HTTP status; default body is JSON { status, message }. Not accepted. */
export interface StatusFault extends FaultBase {
	kind: 'status';
	status: number;
	/** A string is sent as-is (text/plain unless `headers` say otherwise); an object as JSON. */
	body?: string | object;
	headers?: Record<string, string>;
}

/** 429 with JSON { status: 429, message: 'Too many requests' }, Retry-After when given. Not accepted. */
export interface RateLimitFault extends FaultBase {
	kind: 'rateLimit';
	retryAfterSeconds?: number;
}

/** Handles the request normally (the message IS accepted) but answers `delayMs` late. */
export interface SlowFault extends FaultBase {
	kind: 'slow';
	delayMs: number;
}

/** Destroys the socket before reading the body. Not accepted. */
export interface ResetBeforeReadFault extends FaultBase {
	kind: 'resetBeforeRead';
}

/** Reads and handles the request (the message IS accepted), then destroys the socket without answering. */
export interface ResetAfterReadFault extends FaultBase {
	kind: 'resetAfterRead';
}

/** HTTP 200 with a plain-text (non-JSON) body. Not accepted. */
export interface NonJsonFault extends FaultBase {
	kind: 'nonJson';
}

/** An HTML error page as a proxy would send it, default status 502. Not accepted. */
export interface HtmlFault extends FaultBase {
	kind: 'html';
	status?: number;
}

/** HTTP 200 whose JSON body carries an error status (>= 400) and message. Not accepted. */
export interface StatusInBodyFault extends FaultBase {
	kind: 'statusInBody';
	status: number;
	message?: string;
}

export type Fault =
	| StatusFault
	| RateLimitFault
	| SlowFault
	| ResetBeforeReadFault
	| ResetAfterReadFault
	| NonJsonFault
	| HtmlFault
	| StatusInBodyFault;
