/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * A control endpoint for the IO Phone simulator, so other processes (scripts/dev/fake-text.js,
 * curl) can make it act like IO Phone: an incoming text, a delivery receipt, a failure.
 * Wraps tools/simulator without changing it. Loopback only.
 *
 *   POST /receive {from, to?, text}              → message-received to the URL stored for `to`
 *   POST /deliver {id}                           → message-delivered for a sent message
 *   POST /fail    {id, errorCode?, description?} → message-failed for a sent message
 *   GET  /sent | /webhooks | /callbacks          → what the simulator saw / stores
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { TEST_NUMBER, type IoPhoneSimulator } from '../../tools/simulator';

export interface SimControl {
	url: string;
	close(): Promise<void>;
}

export async function startSimControl(sim: IoPhoneSimulator, port = 0): Promise<SimControl> {
	const server = http.createServer((req, res) => {
		handle(sim, req)
			.then(({ status, body }) => send(res, status, body))
			.catch((error: Error) => send(res, 400, { error: error.message }));
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => resolve());
	});
	const { port: bound } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${bound}`,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

async function handle(sim: IoPhoneSimulator, req: http.IncomingMessage): Promise<{ status: number; body: unknown }> {
	const route = `${req.method} ${new URL(req.url ?? '/', 'http://x').pathname}`;
	const body = req.method === 'POST' ? await readJson(req) : {};
	switch (route) {
		case 'POST /receive': {
			const { from, text, to = sim.accountNumbers[0] } = body as { from?: string; to?: string; text?: string };
			if (!from || typeof text !== 'string') throw new Error('Expected {"from": "+1…", "text": "…", "to"?: "+1…"}');
			const delivery = await sim.receive({ from, to, text });
			return delivery
				? { status: 200, body: { delivered: true, url: delivery.url, status: delivery.status, response: delivery.responseBody, payload: delivery.payload } }
				: { status: 409, body: { delivered: false, error: `No callback URL is stored for ${to}: is a workflow with an IO Phone Trigger for ${to} published?` } };
		}
		case 'POST /deliver':
		case 'POST /fail': {
			const { id, errorCode, description } = body as { id?: number; errorCode?: number; description?: string };
			const delivery = route === 'POST /deliver' ? await sim.deliver(Number(id)) : await sim.fail(Number(id), { errorCode, description });
			return delivery
				? { status: 200, body: { delivered: true, status: delivery.status, payload: delivery.payload } }
				: { status: 409, body: { delivered: false, error: 'No callback URL is stored for the sending number' } };
		}
		case 'GET /sent':
			return { status: 200, body: sim.sent };
		case 'GET /webhooks':
			return { status: 200, body: sim.webhooks };
		case 'GET /callbacks':
			return {
				status: 200,
				body: Object.fromEntries([...sim.accountNumbers, TEST_NUMBER].map((n) => [n, sim.callbackUrlFor(n) ?? null])),
			};
		default:
			return { status: 404, body: { error: `Unknown control route ${route}` } };
	}
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
	const chunks: Buffer[] = [];
	for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
	const raw = Buffer.concat(chunks).toString('utf8');
	return raw ? JSON.parse(raw) : {};
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body, null, 2);
	res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
	res.end(text);
}
