/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/** Fault injection for POST /text: which fault applies next, and the canned answers of those that replace handling. */
import { STATUS_CODES } from 'node:http';
import type { Fault } from './types';

export interface Reply {
	status: number;
	headers: Record<string, string>;
	body: string;
}

const JSON_TYPE = 'application/json; charset=utf-8';

export function jsonReply(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
	return { status, headers: { 'content-type': JSON_TYPE, ...headers }, body: JSON.stringify(body) };
}

export function errorReply(status: number, message: string, headers?: Record<string, string>): Reply {
	return jsonReply(status, { status, message }, headers);
}

const reason = (status: number) => STATUS_CODES[status] ?? 'Error';

/**
 * The answer that replaces normal handling, or undefined for faults that handle the request
 * normally and only change the delivery (slow, resetBeforeRead, resetAfterRead).
 */
export function cannedReply(fault: Fault): Reply | undefined {
	switch (fault.kind) {
		case 'status': {
			const headers = lowerCaseKeys(fault.headers);
			if (fault.body === undefined) return errorReply(fault.status, reason(fault.status), headers);
			if (typeof fault.body === 'string')
				return { status: fault.status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body: fault.body };
			return jsonReply(fault.status, fault.body, headers);
		}
		case 'rateLimit':
			return errorReply(
				429,
				'Too many requests',
				fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) },
			);
		case 'nonJson':
			return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'OK' };
		case 'html': {
			const status = fault.status ?? 502;
			const title = `${status} ${reason(status)}`;
			const body = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
			return { status, headers: { 'content-type': 'text/html' }, body };
		}
		case 'statusInBody':
			return jsonReply(200, { status: fault.status, message: fault.message ?? reason(fault.status) });
		default:
			return undefined;
	}
}

/** Holds the current fault; `take()` returns it for one request, after letting `after` through, and counts down `times`. */
export class FaultSlot {
	private fault: Fault | null = null;
	private remaining = Infinity;
	private passing = 0;

	set(fault: Fault | null): void {
		if (fault?.times !== undefined && !(Number.isInteger(fault.times) && fault.times > 0))
			throw new RangeError(`Fault 'times' must be a positive integer, got ${fault.times}`);
		if (fault?.after !== undefined && !(Number.isInteger(fault.after) && fault.after >= 0))
			throw new RangeError(`Fault 'after' must be a whole number, got ${fault.after}`);
		this.fault = fault ? { ...fault } : null;
		this.remaining = fault?.times ?? Infinity;
		this.passing = fault?.after ?? 0;
	}

	take(): Fault | undefined {
		const fault = this.fault;
		if (!fault) return undefined;
		if (this.passing > 0) {
			this.passing--;
			return undefined;
		}
		if (--this.remaining <= 0) this.fault = null;
		return fault;
	}
}

function lowerCaseKeys(headers: Record<string, string> = {}): Record<string, string> {
	return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}
