/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/** Webhook payloads (exactly as in the contract) and the low-level POST that delivers them. */
import http from 'node:http';
import https from 'node:https';
import { segmentCount } from './segments';
import { isoTime, nowNs } from './timestamps';
import type {
	DeliveredWebhook,
	FailedWebhook,
	ReceivedWebhook,
	SentMessage,
	WebhookDelivery,
} from './types';

export const WEBHOOK_TIMEOUT_MS = 5000;

/** Webhook times carry nanoseconds (9 fractional digits). */
const webhookTime = () => isoTime(nowNs(), 9);

export function deliveredPayload(message: SentMessage): DeliveredWebhook {
	return {
		id: message.id,
		time: webhookTime(),
		type: 'message-delivered',
		description: 'Message delivered to carrier.',
		segmentCount: message.segmentCount,
		direction: 'out',
		to: message.to,
		from: message.from,
	};
}

export function failedPayload(message: SentMessage, errorCode: number, description: string): FailedWebhook {
	return {
		id: message.id,
		time: webhookTime(),
		type: 'message-failed',
		description,
		segmentCount: 0,
		direction: 'out',
		to: message.to,
		from: message.from,
		errorCode,
	};
}

export function receivedPayload(id: number, msg: { from: string; to: string; text: string }): ReceivedWebhook {
	return {
		id,
		time: webhookTime(),
		type: 'message-received',
		description: 'Incoming message received',
		segmentCount: segmentCount(msg.text),
		direction: 'in',
		to: msg.to,
		from: msg.from,
		text: msg.text,
	};
}

export interface PostOptions {
	/** Extra or overriding request headers (names are case-insensitive). */
	headers?: Record<string, string>;
	/** Sent instead of JSON.stringify(payload), e.g. to forge malformed callbacks. */
	rawBody?: string;
	timeoutMs?: number;
	/** Aborts the request (the simulator aborts in-flight webhooks on close). */
	signal?: AbortSignal;
}

/** POSTs `payload` as JSON to `url`. Never rejects: failures are reported in the result. */
export function postWebhook(url: string, payload: unknown, options: PostOptions = {}): Promise<WebhookDelivery> {
	const body = options.rawBody ?? JSON.stringify(payload);
	const headers: Record<string, string> = {
		'content-type': 'application/json',
		'content-length': String(Buffer.byteLength(body)),
		'user-agent': 'IoPhone-Simulator',
	};
	for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;

	return new Promise((resolve) => {
		let timer: NodeJS.Timeout | undefined;
		const done = (status: number | null, responseBody: string, error?: Error) => {
			clearTimeout(timer);
			resolve({ url, payload, status, responseBody, ...(error ? { error: error.message } : {}) });
		};
		let target: URL;
		try {
			target = new URL(url);
			if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error(`Unsupported protocol ${target.protocol}`);
		} catch (error) {
			return done(null, '', error instanceof Error ? error : new Error(String(error)));
		}

		const client = target.protocol === 'https:' ? https : http;
		const req = client.request(target, { method: 'POST', headers, agent: false, signal: options.signal }, (res) => {
			const chunks: Buffer[] = [];
			res.on('data', (chunk: Buffer) => chunks.push(chunk));
			res.on('end', () => done(res.statusCode ?? null, Buffer.concat(chunks).toString('utf8')));
			res.on('error', (error) => done(null, '', error));
		});
		const timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
		timer = setTimeout(() => req.destroy(new Error(`Webhook timed out after ${timeoutMs} ms`)), timeoutMs);
		req.on('error', (error) => done(null, '', error));
		req.end(body);
	});
}
