/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * The shared state of n8n's queue mode, throwaway: a Postgres cluster (Debian's postgresql 15,
 * initdb in a temp folder owned by the unprivileged `postgres` user, since Postgres refuses root)
 * and a Redis without persistence, each on a free loopback port in its own process group, stopped
 * on dispose() and by a watchdog if the test process dies first.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { startReaper } from '../n8n/n8n-process';
import { freePort, isListening } from '../n8n/ports';
import { waitFor } from '../n8n/wait';

const run = promisify(execFile);

/** Debian's newest installed PostgreSQL (15 on these machines), or IOPHONE_PG_BIN. */
export const PG_BIN = process.env.IOPHONE_PG_BIN ?? findPgBin();

function findPgBin(root = '/usr/lib/postgresql'): string {
	const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
	const newest = versions.sort((a, b) => Number(b) - Number(a))[0] ?? '15';
	return path.join(root, newest, 'bin');
}
const PG_USER = 'postgres';

/** A child in its own process group, with its output kept for error messages. */
class Service {
	output = '';
	private readonly exited: Promise<void>;
	private done = false;

	constructor(
		readonly name: string,
		private readonly child: ChildProcess,
		cleanupDir?: string,
	) {
		const collect = (chunk: Buffer) => (this.output = (this.output + chunk.toString('utf8')).slice(-20_000));
		child.stdout?.on('data', collect);
		child.stderr?.on('data', collect);
		child.once('error', (error) => collect(Buffer.from(`could not start ${name}: ${error.message}\n`)));
		this.exited = new Promise((resolve) => child.once('close', () => resolve()));
		void this.exited.then(() => (this.done = true));
		if (child.pid) startReaper(child.pid, cleanupDir);
	}

	get isRunning(): boolean {
		return !this.done;
	}

	/** The child's pid, which is also its process group's id. */
	get pid(): number | undefined {
		return this.child.pid;
	}

	/** `signal` to the group, SIGKILL after `timeoutMs`. Idempotent. */
	async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000): Promise<void> {
		if (this.done) return;
		this.kill(signal);
		const timer = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
		if (!(await Promise.race([this.exited.then(() => true), timer]))) {
			this.kill('SIGKILL');
			await Promise.race([this.exited, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
		}
	}

	private kill(signal: NodeJS.Signals): void {
		try {
			if (this.child.pid) process.kill(-this.child.pid, signal);
		} catch {
			// already gone
		}
	}
}

export class Postgres {
	private constructor(
		readonly port: number,
		readonly dir: string,
		private readonly service: Service,
	) {}

	/** The process at the root of Postgres's (runuser; the server and its backends are below it), e.g. for treeCpuMs. */
	get pid(): number | undefined {
		return this.service.pid;
	}

	/** initdb (~1 s) and start on a free port; the database `n8n` exists when this resolves. */
	static async start(): Promise<Postgres> {
		for (const tool of ['initdb', 'postgres', 'psql']) {
			if (!existsSync(path.join(PG_BIN, tool))) throw new Error(`${tool} not found in ${PG_BIN}: apt-get install postgresql`);
		}
		const dir = await mkdtemp(path.join(os.tmpdir(), 'iophone-pg-'));
		let service: Service | undefined;
		try {
			await run('chown', [PG_USER, dir]);
			await chmod(dir, 0o700);
			const data = path.join(dir, 'data');
			await run('runuser', ['-u', PG_USER, '--', path.join(PG_BIN, 'initdb'), '-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'], {
				timeout: 120_000,
			});
			const port = await freePort();
			const child = spawn(
				'runuser',
				['-u', PG_USER, '--', path.join(PG_BIN, 'postgres'), '-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200'],
				{ detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
			);
			service = new Service('postgres', child, dir);
			const pg = new Postgres(port, dir, service);
			await waitFor(async () => (service!.isRunning ? await pg.psqlOk('select 1') : fatal(`postgres exited:\n${service!.output}`)), {
				timeoutMs: 60_000,
				intervalMs: 200,
				what: `postgres on port ${port}`,
			});
			await pg.psql('create database n8n');
			return pg;
		} catch (error) {
			await service?.stop('SIGINT');
			await rm(dir, { recursive: true, force: true });
			throw error;
		}
	}

	/** Runs SQL in `database`; returns psql's unaligned, tuples-only output. */
	async psql(sql: string, database = 'postgres'): Promise<string> {
		const { stdout } = await run(path.join(PG_BIN, 'psql'), ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', '-d', database, '-v', 'ON_ERROR_STOP=1', '-At', '-c', sql], {
			timeout: 30_000,
			maxBuffer: 64 * 1024 * 1024,
		});
		return stdout.trim();
	}

	private async psqlOk(sql: string): Promise<boolean> {
		await this.psql(sql);
		return true;
	}

	/** Fast shutdown (SIGINT), then the folder is removed. */
	async dispose(): Promise<void> {
		await this.service.stop('SIGINT');
		await rm(this.dir, { recursive: true, force: true });
	}
}

export class Redis {
	private constructor(
		readonly port: number,
		private readonly service: Service,
	) {}

	static async start(): Promise<Redis> {
		const bin = process.env.IOPHONE_REDIS_BIN ?? 'redis-server';
		const port = await freePort();
		const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const service = new Service('redis', child);
		try {
			await waitFor(async () => (service.isRunning ? await isListening(port) : fatal(`redis-server exited:\n${service.output}`)), {
				timeoutMs: 30_000,
				intervalMs: 100,
				what: `redis on port ${port}`,
			});
			return new Redis(port, service);
		} catch (error) {
			await service.stop();
			throw error;
		}
	}

	async dispose(): Promise<void> {
		await this.service.stop();
	}
}

function fatal(message: string): never {
	throw Object.assign(new Error(message), { fatal: true });
}
