/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * A loopback HTTP proxy in front of the IO Phone simulator that holds every request for a
 * random time before forwarding it, so answers come back in a different order than the
 * requests went out, and that records how many requests were in flight at once.
 *
 * With `barrier(n)`, the first requests are held until n are in flight at the same time (or
 * 2 s pass), so a client that really sends n at once reaches n whatever the machine's speed.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { random } from './workload';

export class JitterProxy {
	/** 'http://127.0.0.1:<port>/api6', to use as the credential's Base URL. */
	readonly baseUrl: string;
	inFlight = 0;
	maxInFlight = 0;
	/** Request numbers (arrival order) in the order their answers were sent. */
	completionOrder: number[] = [];
	private arrivals = 0;
	private barrierSize = 0;
	private held: Array<() => void> = [];
	private barrierTimer: NodeJS.Timeout | undefined;

	private constructor(
		private readonly server: http.Server,
		target: string,
		maxDelayMs: number,
		seed: number,
	) {
		const { port } = server.address() as AddressInfo;
		this.baseUrl = `http://127.0.0.1:${port}/api6`;
		const next = random(seed);
		const upstream = new URL(target);
		server.on('request', (req, res) => {
			const arrival = this.arrivals++;
			this.inFlight++;
			this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => this.afterBarrier(() => {
				setTimeout(() => {
					const forward = http.request(
						{ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
						(answer) => {
							const body: Buffer[] = [];
							answer.on('data', (chunk: Buffer) => body.push(chunk));
							answer.on('end', () => {
								this.inFlight--;
								this.completionOrder.push(arrival);
								res.writeHead(answer.statusCode ?? 502, answer.headers);
								res.end(Buffer.concat(body));
							});
						},
					);
					forward.on('error', () => {
						this.inFlight--;
						res.destroy();
					});
					forward.end(Buffer.concat(chunks));
				}, Math.floor(next() * maxDelayMs));
			}));
		});
	}

	/** Holds the first requests until `size` are in flight (at most 2 s), for the next run. */
	barrier(size: number): void {
		this.barrierSize = size;
	}

	private afterBarrier(go: () => void): void {
		if (this.barrierSize === 0) return go();
		this.held.push(go);
		this.barrierTimer ??= setTimeout(() => this.release(), 2000);
		if (this.held.length >= this.barrierSize) this.release();
	}

	private release(): void {
		clearTimeout(this.barrierTimer);
		this.barrierTimer = undefined;
		this.barrierSize = 0;
		const held = this.held;
		this.held = [];
		for (const go of held) go();
	}

	/** Proxies to `target` (the simulator's base URL), holding each request 0…maxDelayMs. */
	static async start(target: string, { maxDelayMs = 25, seed = 42 } = {}): Promise<JitterProxy> {
		const server = http.createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		return new JitterProxy(server, target, maxDelayMs, seed);
	}

	reset(): void {
		this.release();
		this.inFlight = 0;
		this.maxInFlight = 0;
		this.completionOrder = [];
		this.arrivals = 0;
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}
