/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * The load balancer in front of n8n's webhook processes: a round-robin reverse proxy on
 * loopback (node:http), forwarding method, path, query, headers and body as they came.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

const UPSTREAM_TIMEOUT_MS = 15 * 60_000;

export class RoundRobinProxy {
	/** Requests forwarded to each backend, by index. */
	readonly forwarded: number[];
	private next = 0;
	private readonly sockets = new Set<Socket>();
	private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

	private constructor(
		private readonly server: http.Server,
		readonly backends: string[],
	) {
		this.forwarded = backends.map(() => 0);
		server.on('connection', (socket: Socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
		server.on('request', (req, res) => this.forward(req, res));
	}

	/** `backends`: base URLs such as http://127.0.0.1:5678 (their paths are ignored). */
	static async start(backends: string[]): Promise<RoundRobinProxy> {
		const server = http.createServer();
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(0, '127.0.0.1', () => resolve());
		});
		return new RoundRobinProxy(server, backends);
	}

	get baseUrl(): string {
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
		const index = this.next++ % this.backends.length;
		this.forwarded[index]++;
		const target = new URL(req.url ?? '/', this.backends[index]);
		const upstream = http.request(
			target,
			{ method: req.method, headers: { ...req.headers, host: target.host, 'x-forwarded-for': req.socket.remoteAddress ?? '' }, agent: this.agent },
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		// Long enough for a webhook that answers when a 10,000-row run is over (a load balancer needs the same).
		upstream.setTimeout(UPSTREAM_TIMEOUT_MS, () => upstream.destroy(new Error('upstream timeout')));
		upstream.on('error', (error) => {
			if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
			res.end(`proxy: ${error.message}`);
		});
		req.pipe(upstream);
	}

	async close(): Promise<void> {
		const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
		for (const socket of this.sockets) socket.destroy();
		this.agent.destroy();
		await closed;
	}
}
