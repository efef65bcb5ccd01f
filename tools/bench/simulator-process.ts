/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * The IO Phone simulator in a child process of its own, for the benchmark: the node (or the
 * raw HTTP baseline) and the server do not share an event loop or a heap, as with a real
 * API, and the simulator's request log does not count towards the node's memory.
 *
 * The child keeps counting accepted sends but drops its logs every 500 ms, so a long run does
 * not grow its heap. Messages: `{ type: 'delay', ms }`, `{ type: 'count' }` (answers
 * `{ type: 'count', sent, requests }` since the last count and resets the counters), `{ type: 'close' }`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import { IoPhoneSimulator } from '../simulator';

type Command = { type: 'delay'; ms: number } | { type: 'count' } | { type: 'close' };
type Reply =
	| { type: 'ready'; baseUrl: string; apiKey: string }
	| { type: 'count'; sent: number; requests: number }
	| { type: 'ok' };

export interface Counts {
	sent: number;
	requests: number;
}

/** Handle in the benchmark process on the simulator child. */
export class SimulatorProcess {
	private constructor(
		private readonly child: ChildProcess,
		readonly baseUrl: string,
		readonly apiKey: string,
	) {}

	static async start(responseDelayMs: number): Promise<SimulatorProcess> {
		const child = fork(path.join(__dirname, '..', 'run-ts.js'), [__filename, '--child', String(responseDelayMs)], {
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
			execArgv: [],
		});
		const ready = await nextMessage(child);
		if (ready.type !== 'ready') throw new Error(`Simulator process: unexpected ${JSON.stringify(ready)}`);
		return new SimulatorProcess(child, ready.baseUrl, ready.apiKey);
	}

	async setDelay(ms: number): Promise<void> {
		await this.ask({ type: 'delay', ms });
	}

	/** Accepted sends and requests received since the previous call. */
	async takeCounts(): Promise<Counts> {
		const reply = await this.ask({ type: 'count' });
		if (reply.type !== 'count') throw new Error('Simulator process: bad count reply');
		return { sent: reply.sent, requests: reply.requests };
	}

	async close(): Promise<void> {
		if (this.child.exitCode !== null) return;
		const exited = new Promise((resolve) => this.child.once('exit', resolve));
		this.child.send({ type: 'close' } satisfies Command);
		await exited;
	}

	private async ask(command: Command): Promise<Reply> {
		const reply = nextMessage(this.child);
		this.child.send(command);
		return await reply;
	}
}

function nextMessage(child: ChildProcess): Promise<Reply> {
	return new Promise((resolve, reject) => {
		const onMessage = (message: Reply) => {
			child.off('exit', onExit);
			resolve(message);
		};
		const onExit = (code: number | null) => {
			child.off('message', onMessage);
			reject(new Error(`Simulator process exited (${code})`));
		};
		child.once('message', onMessage);
		child.once('exit', onExit);
	});
}

async function child(responseDelayMs: number): Promise<void> {
	const sim = await IoPhoneSimulator.start({ responseDelayMs });
	let sent = 0;
	let requests = 0;
	const drain = () => {
		sent += sim.sent.length;
		requests += sim.requests.length;
		sim.sent = [];
		sim.requests = [];
	};
	const timer = setInterval(drain, 500);
	const send = (reply: Reply) => process.send?.(reply);
	process.on('message', async (command: Command) => {
		if (command.type === 'delay') {
			sim.setResponseDelay(command.ms);
			send({ type: 'ok' });
		} else if (command.type === 'count') {
			drain();
			send({ type: 'count', sent, requests });
			sent = requests = 0;
		} else if (command.type === 'close') {
			clearInterval(timer);
			await sim.close();
			process.disconnect();
		}
	});
	process.on('disconnect', () => {
		clearInterval(timer);
		void sim.close();
	});
	send({ type: 'ready', baseUrl: sim.baseUrl, apiKey: sim.apiKey });
}

if (process.argv[1] === __filename && process.argv[2] === '--child') void child(Number(process.argv[3] ?? 0));
