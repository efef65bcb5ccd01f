/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/** IoPhoneSimulator: a real HTTP server on 127.0.0.1 that follows the IO Phone API contract. */
import { setMaxListeners } from 'node:events';
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { cannedReply, errorReply, FaultSlot, jsonReply, type Reply } from './faults';
import { normaliseNumber, TEST_NUMBER } from './phone-numbers';
import { segmentCount } from './segments';
import { validateSendText } from './send-text';
import { isoTime, nowNs, unixSeconds } from './timestamps';
import type { Fault, RecordedRequest, SentMessage, SimulatorOptions, WebhookDelivery } from './types';
import { deliveredPayload, failedPayload, postWebhook, receivedPayload, type PostOptions } from './webhooks';

export const DEFAULT_API_KEY = 'test-api-key';
export const DEFAULT_ACCOUNT_NUMBERS: readonly string[] = ['+15551112222', '+15553334444'];
export const FIRST_MESSAGE_ID = 1753065;
export const SEND_TEXT_PATH = '/api6/text';
const MAX_BODY_BYTES = 1024 * 1024;

export class IoPhoneSimulator {
	/** 'http://127.0.0.1:<port>/api6' */
	readonly baseUrl: string;
	/** The account's API key (see rotateApiKey). */
	apiKey: string;
	/** The account's numbers, E.164; the first is the default sender. */
	readonly accountNumbers: readonly string[];

	/** Every HTTP request received, in arrival order. */
	requests: RecordedRequest[] = [];
	/** Accepted sends (the response objects), in order. */
	sent: SentMessage[] = [];
	/** Every webhook POST made, in completion order. */
	webhooks: WebhookDelivery[] = [];

	private readonly callbackUrls = new Map<string, string>();
	private readonly fault = new FaultSlot();
	private readonly defaultDelayMs: number;
	private responseDelayMs: number;
	private nextId = FIRST_MESSAGE_ID;
	/** Bumped by reset(), so webhooks started before it are not recorded after it. */
	private generation = 0;
	private closing: Promise<void> | undefined;
	private readonly sockets = new Set<Socket>();
	private readonly sleeps = new Map<NodeJS.Timeout, () => void>();
	private readonly inFlightWebhooks = new Set<Promise<WebhookDelivery>>();
	/** Aborts every webhook still in flight at close; one listener per post, so no listener limit. */
	private readonly webhookAbort = (() => {
		const controller = new AbortController();
		setMaxListeners(0, controller.signal);
		return controller;
	})();
	private readonly waiters = new Set<() => void>();

	static async start(options: SimulatorOptions = {}): Promise<IoPhoneSimulator> {
		const server = http.createServer();
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => {
				server.off('error', reject);
				resolve();
			});
		});
		return new IoPhoneSimulator(server, options);
	}

	private constructor(
		private readonly server: http.Server,
		options: SimulatorOptions,
	) {
		const { port } = server.address() as AddressInfo;
		this.baseUrl = `http://127.0.0.1:${port}/api6`;
		this.apiKey = options.apiKey ?? DEFAULT_API_KEY;
		this.accountNumbers = (options.accountNumbers ?? DEFAULT_ACCOUNT_NUMBERS).map(normaliseNumber);
		if (this.accountNumbers.length === 0) throw new Error('accountNumbers must not be empty');
		this.defaultDelayMs = this.responseDelayMs = options.responseDelayMs ?? 0;

		server.on('connection', (socket: Socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
			this.handle(req, res).catch(() => res.destroy());
		});
		server.on('clientError', (_error: Error, socket: Socket) => {
			if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
			else socket.destroy();
		});
	}

	/** The callback URL stored for `fromNumber` (any format libphonenumber parses as US or E.164). */
	callbackUrlFor(fromNumber: string): string | undefined {
		return this.callbackUrls.get(normaliseNumber(fromNumber));
	}

	/** Applies to the following POST /text requests until cleared, or to the next `fault.times`. */
	setFault(fault: Fault | null): void {
		this.fault.set(fault);
	}

	setResponseDelay(ms: number): void {
		this.responseDelayMs = ms;
	}

	/** Posts message-delivered for a sent message to the URL stored for its `from`; null if none. */
	async deliver(messageId: number): Promise<WebhookDelivery | null> {
		const message = this.findSent(messageId);
		const url = this.callbackUrls.get(message.from);
		return url ? this.postWebhook(url, deliveredPayload(message)) : null;
	}

	/** Posts message-failed (default errorCode 4720, 'invalid-destination-address'); null if no URL stored. */
	async fail(messageId: number, opts: { errorCode?: number; description?: string } = {}): Promise<WebhookDelivery | null> {
		const message = this.findSent(messageId);
		const url = this.callbackUrls.get(message.from);
		const payload = failedPayload(message, opts.errorCode ?? 4720, opts.description ?? 'invalid-destination-address');
		return url ? this.postWebhook(url, payload) : null;
	}

	/** An inbound text to account number `to`: posts message-received (new id) to the URL stored for `to`. */
	async receive(msg: { from: string; to: string; text: string }): Promise<WebhookDelivery | null> {
		const to = normaliseNumber(msg.to);
		const payload = receivedPayload(this.nextId++, { from: normaliseNumber(msg.from), to, text: msg.text });
		const url = this.callbackUrls.get(to);
		return url ? this.postWebhook(url, payload) : null;
	}

	/** Low-level webhook POST (JSON, 5 s timeout); recorded in `webhooks`. Never rejects. */
	postWebhook(url: string, payload: unknown, opts: Pick<PostOptions, 'headers' | 'rawBody'> = {}): Promise<WebhookDelivery> {
		const generation = this.generation;
		const delivery: Promise<WebhookDelivery> = (
			this.closing
				? Promise.resolve({ url, payload, status: null, responseBody: '', error: 'Simulator closed' })
				: postWebhook(url, payload, { ...opts, signal: this.webhookAbort.signal })
		).then((result) => {
			this.inFlightWebhooks.delete(delivery);
			if (generation === this.generation) {
				this.webhooks.push(result);
				for (const check of [...this.waiters]) check();
			}
			return result;
		});
		this.inFlightWebhooks.add(delivery);
		return delivery;
	}

	/** Resolves with all webhooks once at least `count` have been made; rejects after `timeoutMs`. */
	waitForWebhooks(count: number, timeoutMs = 5000): Promise<WebhookDelivery[]> {
		if (this.webhooks.length >= count) return Promise.resolve([...this.webhooks]);
		return new Promise((resolve, reject) => {
			const check = () => {
				if (this.webhooks.length < count) return;
				this.waiters.delete(check);
				clearTimeout(timer);
				resolve([...this.webhooks]);
			};
			const timer = setTimeout(() => {
				this.waiters.delete(check);
				reject(new Error(`Expected ${count} webhook(s) within ${timeoutMs} ms, got ${this.webhooks.length}`));
			}, timeoutMs);
			this.waiters.add(check);
		});
	}

	/** IO Phone issues the account a new API key; the old one is refused from now on (reset() keeps it). */
	rotateApiKey(newKey: string): void {
		this.apiKey = newKey;
	}

	/** Back to the state after start(): clears logs, stored callback URLs, fault and delay. Ids keep increasing. */
	reset(): void {
		this.generation++;
		this.requests = [];
		this.sent = [];
		this.webhooks = [];
		this.callbackUrls.clear();
		this.fault.set(null);
		this.responseDelayMs = this.defaultDelayMs;
	}

	/** Closes the server, destroys keep-alive sockets, aborts pending delays and in-flight webhooks. Idempotent. */
	close(): Promise<void> {
		this.closing ??= (async () => {
			this.webhookAbort.abort();
			for (const wake of [...this.sleeps.values()]) wake();
			const serverClosed = new Promise<void>((resolve) => this.server.close(() => resolve()));
			for (const socket of this.sockets) socket.destroy();
			await Promise.all([serverClosed, ...this.inFlightWebhooks]);
		})();
		return this.closing;
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const record: RecordedRequest = {
			method: req.method ?? '',
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			headers: req.headers,
			rawBody: '',
			body: undefined,
			receivedAt: new Date(),
		};
		this.requests.push(record);
		const isSendText = req.method === 'POST' && url.pathname === SEND_TEXT_PATH;
		const fault = isSendText ? this.fault.take() : undefined;

		if (fault?.kind === 'resetBeforeRead') return void req.socket.destroy();

		const { raw, tooLarge } = await readBody(req);
		record.rawBody = raw;
		record.body = parseJson(raw);

		if (!isSendText) return this.answer(res, errorReply(404, `Not found: ${record.method} ${record.path}`));
		if (tooLarge) return this.answer(res, errorReply(413, 'Request body too large'));

		let reply = fault && cannedReply(fault);
		let accepted: SentMessage | undefined;
		if (!reply) ({ reply, accepted } = this.sendText(record.query.apiKey, record.body));

		if (fault?.kind === 'resetAfterRead') req.socket.destroy();
		else {
			await this.sleep(this.responseDelayMs + (fault?.kind === 'slow' ? fault.delayMs : 0));
			await this.answer(res, reply);
		}

		// The test number simulates the send and then reports delivery, if a URL is stored.
		const testUrl = accepted?.from === TEST_NUMBER ? this.callbackUrls.get(TEST_NUMBER) : undefined;
		if (accepted && testUrl) void this.postWebhook(testUrl, deliveredPayload(accepted));
	}

	/** Validates a POST /text and, when accepted, records it and updates the callback store. */
	private sendText(apiKey: string | undefined, body: unknown): { reply: Reply; accepted?: SentMessage } {
		if (apiKey !== this.apiKey) return { reply: errorReply(403, 'Invalid API key') };
		const result = validateSendText(body, this.accountNumbers);
		if (!result.ok) return { reply: errorReply(result.status, result.message) };

		const { to, from, text, callbackUrl } = result.request;
		if (callbackUrl === '') this.callbackUrls.delete(from);
		else if (callbackUrl !== undefined) this.callbackUrls.set(from, callbackUrl);

		const ns = nowNs();
		const message: SentMessage = {
			id: this.nextId++,
			time: isoTime(ns, 6),
			segmentCount: segmentCount(text),
			direction: 'out',
			to,
			from,
			text,
			status: 202,
			request_time: unixSeconds(ns),
		};
		this.sent.push(message);
		return { reply: jsonReply(200, message), accepted: message };
	}

	/** Writes the reply (unless the client is gone) and resolves once the response is finished or closed. */
	private answer(res: http.ServerResponse, reply: Reply): Promise<void> {
		if (res.destroyed || res.writableEnded || this.closing) return Promise.resolve();
		return new Promise((resolve) => {
			res.once('finish', resolve);
			res.once('close', resolve);
			res.on('error', () => resolve());
			res.writeHead(reply.status, { ...reply.headers, 'content-length': Buffer.byteLength(reply.body) });
			res.end(reply.body);
		});
	}

	/** A delay that close() cuts short. */
	private sleep(ms: number): Promise<void> {
		if (!(ms > 0) || this.closing) return Promise.resolve();
		return new Promise((resolve) => {
			const wake = () => {
				clearTimeout(timer);
				this.sleeps.delete(timer);
				resolve();
			};
			const timer = setTimeout(wake, ms);
			this.sleeps.set(timer, wake);
		});
	}

	private findSent(messageId: number): SentMessage {
		const message = this.sent.find((m) => m.id === messageId);
		if (!message) throw new Error(`No sent message with id ${messageId}`);
		return message;
	}
}

async function readBody(req: http.IncomingMessage): Promise<{ raw: string; tooLarge: boolean }> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size <= MAX_BODY_BYTES) chunks.push(chunk);
	}
	return { raw: Buffer.concat(chunks).toString('utf8'), tooLarge: size > MAX_BODY_BYTES };
}

function parseJson(raw: string): unknown {
	if (raw === '') return undefined;
	try {
		return JSON.parse(raw);
	} catch {
		return undefined;
	}
}
