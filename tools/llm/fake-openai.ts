/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * A scripted OpenAI-compatible chat model on loopback, for n8n's OpenAI Chat Model node
 * (`lmChatOpenAi` with Use Responses API off: LangChain's ChatOpenAI → `POST /v1/chat/completions`).
 * A test decides each answer (a tool call or a text) from the request, and reads every request
 * afterwards to check what the model was told. Streaming (`stream: true`) is answered as SSE.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One message of a chat-completions request, as OpenAI defines it (only the fields used here). */
export interface ChatMessage {
	role: 'system' | 'developer' | 'user' | 'assistant' | 'tool';
	content?: string | Array<{ type: string; text?: string }> | null;
	tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
	tool_call_id?: string;
	name?: string;
}

/** A function tool offered in a request. */
export interface ChatTool {
	type: 'function';
	function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

export interface ChatRequest {
	model: string;
	messages: ChatMessage[];
	tools?: ChatTool[];
	stream?: boolean;
	stream_options?: { include_usage?: boolean };
	[key: string]: unknown;
}

/** What the model answers: text, or calls of tools by name with their arguments. */
export type ChatReply = { text: string } | { toolCalls: Array<{ name: string; arguments: Record<string, unknown> }> };

/** Decides the answer to a chat request; `index` counts chat requests from 0. */
export type ChatScript = (request: ChatRequest, index: number) => ChatReply;

export interface RecordedLlmRequest {
	method: string;
	path: string;
	/** Parsed JSON body, or undefined. */
	body: unknown;
	/** Whether `Authorization: Bearer <apiKey>` matched the key given at start (the key itself is not kept). */
	authorized: boolean;
	receivedAt: Date;
}

/** Text of a message's content, whether a string or content parts. */
export function messageText(message: ChatMessage): string {
	if (typeof message.content === 'string') return message.content;
	if (Array.isArray(message.content)) return message.content.map((part) => part.text ?? '').join('');
	return '';
}

/** The tool results (role `tool`) in a request, in order. */
export function toolResults(request: ChatRequest): ChatMessage[] {
	return request.messages.filter((m) => m.role === 'tool');
}

/** A turn of the conversation a request carries (system messages left out), as role and text. */
export interface Turn {
	role: 'user' | 'assistant';
	text: string;
}

/** The conversation in a request: every user and assistant message, in order, the newest last. */
export function conversationOf(request: ChatRequest): Turn[] {
	return request.messages
		.filter((m): m is ChatMessage & { role: Turn['role'] } => m.role === 'user' || m.role === 'assistant')
		.map((m) => ({ role: m.role, text: messageText(m) }));
}

/** What the user said last: the text the model is asked to answer. */
export function lastUserText(request: ChatRequest): string {
	const turns = conversationOf(request).filter((t) => t.role === 'user');
	return turns[turns.length - 1]?.text ?? '';
}

/**
 * The usual agent script: call `toolName` with `args` while the request holds no tool result,
 * then answer with `finalText(last tool result's text)`.
 */
export function callToolThenAnswer(
	toolName: string,
	args: Record<string, unknown>,
	finalText: (toolResult: string) => string,
): ChatScript {
	return (request) => {
		const results = toolResults(request);
		if (results.length === 0) return { toolCalls: [{ name: toolName, arguments: args }] };
		return { text: finalText(messageText(results[results.length - 1])) };
	};
}

/**
 * A chat assistant's script: answers each user text with `answer(text)`, and refuses (throws, so the
 * server answers 500) a request whose conversation is not the one `expected` holds for its last text;
 * why goes into `refusals`, for the failure message.
 */
export function conversationCheckingScript(
	expected: Map<string, Turn[]>,
	refusals: string[],
	answer: (said: string) => string,
): ChatScript {
	return (request) => {
		const said = lastUserText(request);
		const wanted = expected.get(said);
		const got = conversationOf(request);
		if (wanted && JSON.stringify(got) !== JSON.stringify(wanted)) {
			refusals.push(`for "${said}": expected ${JSON.stringify(wanted)}, got ${JSON.stringify(got)}`);
			throw new Error(`the conversation sent with "${said}" is not the expected one`);
		}
		return { text: answer(said) };
	};
}

export class FakeOpenAi {
	readonly requests: RecordedLlmRequest[] = [];
	/** Chat requests answered, in order. */
	readonly chatRequests: ChatRequest[] = [];
	private calls = 0;

	private constructor(
		private readonly server: http.Server,
		private readonly apiKey: string,
		public script: ChatScript,
	) {}

	/** Starts on 127.0.0.1 (a free port unless given). */
	static async start(options: { apiKey: string; script: ChatScript; port?: number }): Promise<FakeOpenAi> {
		const server = http.createServer();
		const fake = new FakeOpenAi(server, options.apiKey, options.script);
		server.on('request', (req, res) => void fake.handle(req, res));
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
		});
		return fake;
	}

	get port(): number {
		return (this.server.address() as AddressInfo).port;
	}

	/** What the OpenAI credential's Base URL field takes: `http://127.0.0.1:<port>/v1`. */
	get baseUrl(): string {
		return `http://127.0.0.1:${this.port}/v1`;
	}

	/** Forgets recorded requests and restarts the chat-request count. */
	reset(script?: ChatScript): void {
		this.requests.length = 0;
		this.chatRequests.length = 0;
		this.calls = 0;
		if (script) this.script = script;
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const raw = await readBody(req);
		let body: unknown;
		try {
			body = raw ? JSON.parse(raw) : undefined;
		} catch {
			body = undefined;
		}
		const path = (req.url ?? '/').split('?')[0];
		const authorized = req.headers.authorization === `Bearer ${this.apiKey}`;
		this.requests.push({ method: req.method ?? '', path, body, authorized, receivedAt: new Date() });

		if (!authorized) return sendJson(res, 401, errorBody('Incorrect API key provided.', 'invalid_api_key'));
		if (req.method === 'GET' && path === '/v1/models') {
			return sendJson(res, 200, { object: 'list', data: [{ id: 'fake-model', object: 'model', created: 0, owned_by: 'test' }] });
		}
		if (req.method === 'POST' && path === '/v1/chat/completions') {
			const request = body as ChatRequest | undefined;
			if (!request || !Array.isArray(request.messages)) return sendJson(res, 400, errorBody('messages is required', 'invalid_request'));
			this.chatRequests.push(request);
			let reply: ChatReply;
			try {
				reply = this.script(request, this.calls++);
			} catch (error) {
				return sendJson(res, 500, errorBody(`script failed: ${(error as Error).message}`, 'server_error'));
			}
			return request.stream ? sendStream(res, request, reply) : sendJson(res, 200, completion(request, reply));
		}
		sendJson(res, 404, errorBody(`No route ${req.method} ${path}`, 'not_found'));
	}
}

function readBody(req: http.IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
	res.end(text);
}

function errorBody(message: string, code: string) {
	return { error: { message, type: code, param: null, code } };
}

const USAGE = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 };

function assistantMessage(reply: ChatReply) {
	if ('text' in reply) return { message: { role: 'assistant', content: reply.text }, finish_reason: 'stop' };
	return {
		message: {
			role: 'assistant',
			content: null,
			tool_calls: reply.toolCalls.map((call) => ({
				id: `call_${randomUUID().replace(/-/g, '').slice(0, 24)}`,
				type: 'function',
				function: { name: call.name, arguments: JSON.stringify(call.arguments) },
			})),
		},
		finish_reason: 'tool_calls',
	};
}

function completion(request: ChatRequest, reply: ChatReply) {
	const { message, finish_reason } = assistantMessage(reply);
	return {
		id: `chatcmpl-${randomUUID()}`,
		object: 'chat.completion',
		created: Math.floor(Date.now() / 1000),
		model: request.model,
		choices: [{ index: 0, message, logprobs: null, finish_reason }],
		usage: USAGE,
	};
}

/** The same answer as server-sent `chat.completion.chunk` events, then `[DONE]`. */
function sendStream(res: http.ServerResponse, request: ChatRequest, reply: ChatReply): void {
	const id = `chatcmpl-${randomUUID()}`;
	const created = Math.floor(Date.now() / 1000);
	const chunk = (delta: Record<string, unknown>, finishReason: string | null) => ({
		id,
		object: 'chat.completion.chunk',
		created,
		model: request.model,
		choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
	});
	const { message, finish_reason } = assistantMessage(reply);
	const events: unknown[] = [chunk({ role: 'assistant', content: message.content === null ? null : '' }, null)];
	if (message.content) events.push(chunk({ content: message.content }, null));
	message.tool_calls?.forEach((call, index) => events.push(chunk({ tool_calls: [{ index, ...call }] }, null)));
	events.push(chunk({}, finish_reason));
	if (request.stream_options?.include_usage) events.push({ id, object: 'chat.completion.chunk', created, model: request.model, choices: [], usage: USAGE });
	res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
	for (const event of events) res.write(`data: ${JSON.stringify(event)}\n\n`);
	res.end('data: [DONE]\n\n');
}
