/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * The request/response objects n8n hands to a node's `webhook()` — Express objects in
 * n8n — built on plain node:http, with the parts n8n and nodes use:
 *
 * request: `method`, `headers`, `url`, `originalUrl`, `path`, `query` (parsed query
 *   string), `params`, `contentType` / `encoding` (from the Content-Type header, as n8n's
 *   `rawBodyReader` sets them), `readRawBody()` / `rawBody` (the raw bytes; IO Phone
 *   sends no Content-Encoding), `body` (set by `parseBody`).
 * response: Node's ServerResponse plus Express's `status`, `json`, `send`, `set`, `type`.
 *
 * `parseBody` mirrors n8n's (packages/cli/src/middlewares/body-parser.ts): JSON,
 * `text/plain`, `application/x-www-form-urlencoded` (XML bodies stay raw: xml2js is not
 * installed). A body that does not parse is answered 422 "Failed to parse request body".
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';

import { jsonParse } from 'n8n-workflow';

/** n8n's default `N8N_PAYLOAD_SIZE_MAX` (MiB). */
const PAYLOAD_SIZE_MAX = 16 * 1024 * 1024;

/** An error that n8n answers with its own status code (n8n's `ResponseError`). */
export class HttpResponseError extends Error {
	constructor(
		message: string,
		readonly httpStatusCode: number,
		readonly errorCode: number = httpStatusCode,
		readonly hint?: string,
	) {
		super(message);
		this.name = 'ResponseError';
	}
}

export type WebhookRequest = IncomingMessage & {
	originalUrl: string;
	path: string;
	query: Record<string, string | string[]>;
	params: Record<string, string>;
	contentType?: string;
	encoding: BufferEncoding;
	rawBody?: Buffer;
	body?: unknown;
	readRawBody(): Promise<void>;
};

export type WebhookResponse = ServerResponse & {
	status(code: number): WebhookResponse;
	json(body: unknown): WebhookResponse;
	send(body?: unknown): WebhookResponse;
	set(field: string | Record<string, string>, value?: string | string[]): WebhookResponse;
	type(contentType: string): WebhookResponse;
};

function parseQuery(search: string): Record<string, string | string[]> {
	const query: Record<string, string | string[]> = {};
	for (const [key, value] of Object.entries(parseQueryString(search.replace(/^\?/, '')))) {
		if (value !== undefined) query[key] = value;
	}
	return query;
}

export function toWebhookRequest(raw: IncomingMessage): WebhookRequest {
	const req = raw as WebhookRequest;
	const url = new URL(raw.url ?? '/', 'http://localhost');
	req.originalUrl = raw.url ?? '/';
	req.path = decodeURIComponent(url.pathname);
	req.query = parseQuery(url.search);
	req.params = {};

	const [type, ...params] = (raw.headers['content-type'] ?? '').split(';');
	req.contentType = type.trim().toLowerCase() || undefined;
	const charset = params
		.map((p) => p.trim())
		.find((p) => p.toLowerCase().startsWith('charset='))
		?.split('=')[1]
		?.trim()
		.toLowerCase();
	req.encoding = (Buffer.isEncoding(charset ?? '') ? charset : 'utf-8') as BufferEncoding;

	req.readRawBody = async () => {
		if (req.rawBody) return;
		const chunks: Buffer[] = [];
		let size = 0;
		for await (const chunk of raw) {
			const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
			size += buffer.length;
			if (size > PAYLOAD_SIZE_MAX) throw new HttpResponseError('request entity too large', 413);
			chunks.push(buffer);
		}
		req.rawBody = Buffer.concat(chunks);
	};
	return req;
}

/** n8n's `parseBody`. */
export async function parseBody(req: WebhookRequest): Promise<void> {
	if (req.contentType?.startsWith('multipart/')) return;
	await req.readRawBody();
	const { rawBody, contentType, encoding } = req;
	if (!rawBody?.length) return;
	try {
		if (contentType === 'application/json') {
			req.body = jsonParse(rawBody.toString(encoding));
		} else if (contentType === 'application/x-www-form-urlencoded') {
			req.body = parseQueryString(rawBody.toString(encoding), undefined, undefined, { maxKeys: 1000 });
		} else if (contentType === 'text/plain') {
			req.body = rawBody.toString(encoding);
		}
	} catch (error) {
		throw new HttpResponseError('Failed to parse request body', 422, 422, (error as Error).message);
	}
}

const CONTENT_TYPES: Record<string, string> = {
	json: 'application/json',
	html: 'text/html',
	text: 'text/plain',
	xml: 'application/xml',
	bin: 'application/octet-stream',
};

export function toWebhookResponse(raw: ServerResponse): WebhookResponse {
	const res = raw as WebhookResponse;
	const setHeaders = (field: string | Record<string, string>, value?: string | string[]) => {
		if (typeof field === 'object') {
			for (const [name, v] of Object.entries(field)) res.setHeader(name, v);
		} else if (value !== undefined) {
			res.setHeader(field, value);
		}
		return res;
	};
	res.status = (code: number) => {
		res.statusCode = code;
		return res;
	};
	res.set = setHeaders;
	res.type = (contentType: string) => {
		res.setHeader('Content-Type', contentType.includes('/') ? contentType : (CONTENT_TYPES[contentType] ?? contentType));
		return res;
	};
	res.json = (body: unknown) => {
		if (!res.hasHeader('Content-Type')) res.setHeader('Content-Type', 'application/json; charset=utf-8');
		const text = body === undefined ? '' : JSON.stringify(body);
		res.end(text);
		return res;
	};
	res.send = (body?: unknown) => {
		if (body === undefined || body === null) {
			res.end();
		} else if (Buffer.isBuffer(body)) {
			if (!res.hasHeader('Content-Type')) res.setHeader('Content-Type', 'application/octet-stream');
			res.end(body);
		} else if (typeof body === 'string') {
			if (!res.hasHeader('Content-Type')) res.setHeader('Content-Type', 'text/html; charset=utf-8');
			res.end(body);
		} else if (typeof body === 'object') {
			return res.json(body);
		} else {
			res.end(String(body));
		}
		return res;
	};
	return res;
}

/** n8n's `ResponseHelper.sendErrorResponse`: `{ code, message, hint? }` with the error's status. */
export function sendErrorResponse(res: WebhookResponse, error: Error): void {
	if (res.headersSent) {
		if (!res.writableEnded) res.end();
		return;
	}
	const responseError = error instanceof HttpResponseError ? error : undefined;
	const body: { code: number; message: string; hint?: string } = {
		code: responseError?.errorCode ?? 0,
		message: error.message ?? 'Unknown error',
	};
	if (responseError?.hint) body.hint = responseError.hint;
	res.status(responseError?.httpStatusCode ?? 500).json(body);
}
