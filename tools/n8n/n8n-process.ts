/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/** Starts and stops a real n8n server (its own process group) on free loopback ports. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';

import type { N8nRuntime } from './n8n-install';
import { runtimeEnv } from './n8n-install';
import { freePorts, isListening } from './ports';
import { waitFor } from './wait';

export interface N8nStartOptions {
	runtime: N8nRuntime;
	/** N8N_USER_FOLDER: n8n keeps its database, config and nodes/ in `<userFolder>/.n8n`. */
	userFolder: string;
	/** Keep the same key across restarts of one user folder. */
	encryptionKey: string;
	/** Chosen free at run time when omitted. */
	port?: number;
	brokerPort?: number;
	logLevel?: 'error' | 'warn' | 'info' | 'debug';
	/** Appends n8n's stdout and stderr to this file. */
	logFile?: string;
	/** Also echo n8n's output to this process's stdout. */
	echo?: boolean;
	extraEnv?: NodeJS.ProcessEnv;
	/** Removed (after n8n is killed) if this process dies without calling stop(). */
	cleanupDirOnOrphan?: string;
	/** n8n's command and its arguments; default `['start']` (queue mode: `['worker', …]`, `['webhook']`). */
	command?: string[];
}

/**
 * A tiny detached watchdog per n8n: if the process that started n8n dies without stopping it
 * (Ctrl-C on jest, a crash, SIGKILL), it stops n8n's process group and removes `cleanupDir`.
 * It exits by itself as soon as n8n's group is gone.
 */
const REAPER = `
const [parent, group, dir] = [Number(process.argv[1]), Number(process.argv[2]), process.argv[3]];
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
const signal = (sig) => { try { process.kill(-group, sig); } catch {} };
let orphaned = false;
const cleanUp = () => {
  signal('SIGKILL');
  if (dir) require('fs').rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  process.exit(0);
};
setInterval(() => {
  if (!alive(-group)) return orphaned ? cleanUp() : process.exit(0);
  if (orphaned || alive(parent)) return;
  orphaned = true;
  signal('SIGTERM');
  setTimeout(cleanUp, 5000);
}, 500);
`;

export function startReaper(group: number, cleanupDir?: string): void {
	const reaper = spawn(process.execPath, ['-e', REAPER, String(process.pid), String(group), cleanupDir ?? ''], {
		detached: true,
		stdio: 'ignore',
	});
	reaper.unref();
}

export class N8nProcess {
	/** Everything n8n wrote to stdout and stderr. */
	output = '';
	/** Date.now() when the process was spawned. */
	readonly startedAt = Date.now();
	readonly baseUrl: string;
	private exitCode: number | null | undefined;
	private readonly exited: Promise<void>;
	private readonly log?: WriteStream;

	private constructor(
		private readonly child: ChildProcess,
		readonly port: number,
		readonly brokerPort: number,
		options: N8nStartOptions,
	) {
		this.baseUrl = `http://127.0.0.1:${port}`;
		if (options.logFile) this.log = createWriteStream(options.logFile, { flags: 'a' });
		const collect = (chunk: Buffer) => {
			const text = chunk.toString('utf8');
			this.output += text;
			this.log?.write(text);
			if (options.echo) process.stdout.write(text);
		};
		child.once('error', (error) => collect(Buffer.from(`Could not start n8n: ${error.message}\n`)));
		child.stdout?.on('data', collect);
		child.stderr?.on('data', collect);
		this.exited = new Promise((resolve) => {
			child.once('close', (code, signal) => {
				this.exitCode = code ?? (signal ? -1 : null);
				this.log?.end();
				resolve();
			});
		});
	}

	static async start(options: N8nStartOptions): Promise<N8nProcess> {
		const [freeA, freeB] = await freePorts(2);
		const port = options.port ?? freeA;
		const brokerPort = options.brokerPort ?? (freeA === port ? freeB : freeA);
		for (const p of [port, brokerPort]) if (await isListening(p)) throw new Error(`Port ${p} is already in use`);
		const base = `http://127.0.0.1:${port}`;
		const env = runtimeEnv(options.runtime, {
			N8N_USER_FOLDER: options.userFolder,
			N8N_ENCRYPTION_KEY: options.encryptionKey,
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			N8N_EDITOR_BASE_URL: `${base}/`,
			N8N_WEBHOOK_URL: `${base}/`,
			WEBHOOK_URL: `${base}/`,
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
			N8N_LOG_LEVEL: options.logLevel ?? 'info',
			N8N_LOG_OUTPUT: 'console',
			NO_COLOR: '1',
			// n8n 1.x on Node 20 runs only with the legacy expression engine (CONTRIBUTING.md, "Running a real n8n").
			...(options.runtime.major === 1 ? { N8N_EXPRESSION_ENGINE: 'legacy' } : {}),
			...options.extraEnv,
		});
		const child = spawn(options.runtime.nodeBin, [options.runtime.n8nBin, ...(options.command ?? ['start'])], {
			cwd: options.userFolder,
			env,
			detached: true, // own process group (like setsid): stop() signals n8n and its task runner together
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		if (child.pid) startReaper(child.pid, options.cleanupDirOnOrphan);
		return new N8nProcess(child, port, brokerPort, options);
	}

	get pid(): number | undefined {
		return this.child.pid;
	}

	get isRunning(): boolean {
		return this.exitCode === undefined;
	}

	/**
	 * While starting, n8n answers every path with "n8n is starting up" and /healthz/readiness is OK
	 * before REST is: REST is ready once GET /rest/settings returns JSON with `data`.
	 */
	async waitUntilReady(timeoutMs = 90_000): Promise<number> {
		await waitFor(
			async () => {
				this.assertRunning();
				const res = await fetch(`${this.baseUrl}/rest/settings`, { signal: AbortSignal.timeout(5000) });
				if (!res.ok || !(res.headers.get('content-type') ?? '').includes('json')) return false;
				return 'data' in ((await res.json()) as object);
			},
			{ timeoutMs, intervalMs: 250, what: `n8n REST on ${this.baseUrl}` },
		).catch((error: Error) => {
			throw new Error(`${error.message}\n--- n8n output (tail) ---\n${this.tail()}`);
		});
		return Date.now() - this.startedAt;
	}

	/** Production webhook URL for a path such as `<webhookId>/webhook`. */
	webhookUrl(webhookPath: string): string {
		return `${this.baseUrl}/webhook/${webhookPath}`;
	}

	/** A POST webhook is registered when a GET answers 404 "…Did you mean to make a POST request?". */
	async isPostWebhookRegistered(webhookPath: string): Promise<boolean> {
		const res = await fetch(this.webhookUrl(webhookPath), { signal: AbortSignal.timeout(5000) });
		const body = await res.text();
		return res.status === 404 && /POST request/i.test(body);
	}

	async waitForPostWebhook(webhookPath: string, timeoutMs = 60_000): Promise<void> {
		await waitFor(
			async () => {
				this.assertRunning();
				return await this.isPostWebhookRegistered(webhookPath);
			},
			{ timeoutMs, intervalMs: 100, what: `webhook ${webhookPath} to be registered` },
		);
	}

	/** SIGTERM to the process group, SIGKILL if it is not gone within `timeoutMs`. Idempotent. */
	async stop(timeoutMs = 20_000): Promise<void> {
		if (!this.isRunning) return;
		this.killGroup('SIGTERM');
		if (!(await this.waitForExit(timeoutMs))) {
			this.killGroup('SIGKILL');
			await this.waitForExit(5000);
		}
		// The task runner shares the group; make sure nothing of it survives n8n itself.
		this.killGroup('SIGKILL');
	}

	/** Whether the process exited within `timeoutMs`. */
	private async waitForExit(timeoutMs: number): Promise<boolean> {
		let timer: NodeJS.Timeout | undefined;
		const timedOut = new Promise<boolean>((resolve) => {
			timer = setTimeout(() => resolve(false), timeoutMs);
		});
		try {
			return await Promise.race([this.exited.then(() => true), timedOut]);
		} finally {
			clearTimeout(timer);
		}
	}

	killGroup(signal: NodeJS.Signals): void {
		const { pid } = this.child;
		if (!pid) return;
		try {
			process.kill(-pid, signal);
		} catch {
			// group already gone
		}
	}

	tail(lines = 40): string {
		return this.output.split('\n').slice(-lines).join('\n');
	}

	private assertRunning(): void {
		if (!this.isRunning) throw Object.assign(new Error(`n8n exited with code ${this.exitCode}`), { fatal: true });
	}
}
