/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * n8n 2.41.1 in queue mode on loopback (the recipe: CONTRIBUTING.md, "Queue mode"): a throwaway Postgres
 * and Redis, one main, `workers` workers and `webhooks` webhook processes sharing one user folder
 * (the packed package installed once) and one encryption key, and a round-robin proxy in front of
 * the webhook processes that N8N_WEBHOOK_URL points at. Every wait is bounded; dispose() stops
 * everything, and each process has a watchdog should the test process die first.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { DEFAULT_OWNER } from '../n8n/local-n8n';
import { N8nApi } from '../n8n/n8n-api';
import { ensureN8nInstalled, installPackage, packProject, type N8nRuntime } from '../n8n/n8n-install';
import { N8nProcess } from '../n8n/n8n-process';
import { freePorts } from '../n8n/ports';
import { waitFor } from '../n8n/wait';
import { RoundRobinProxy } from './proxy';
import { Postgres, Redis } from './services';

export type Role = 'main' | 'worker' | 'webhook';

export interface QueueClusterOptions {
	workers?: number;
	webhooks?: number;
	/** Added to every process's environment (e.g. EXECUTIONS_DATA_SAVE_ON_PROGRESS). */
	extraEnv?: NodeJS.ProcessEnv;
	/** `n8n worker --concurrency` (n8n warns below 5). */
	workerConcurrency?: number;
	say?: (message: string) => void;
}

/** Bounds for a busy 2-core machine (cold start measured at 9–13 s on an idle one). */
const READY_TIMEOUT_MS = 180_000;
/** IOPHONE_E2E_KEEP=1 keeps the temp folder (each process's log) after the run. */
const KEEP = process.env.IOPHONE_E2E_KEEP === '1';

interface Member {
	role: Role;
	index: number;
	process: N8nProcess;
	/** Worker health-check port (QUEUE_HEALTH_CHECK_PORT). */
	healthPort?: number;
}

export class QueueCluster {
	readonly api: N8nApi;
	members: Member[] = [];
	/** Output of processes that were stopped (restarts, kills), per role and index. */
	private readonly pastOutput = new Map<string, string>();

	private constructor(
		readonly runtime: N8nRuntime,
		readonly root: string,
		readonly userFolder: string,
		readonly encryptionKey: string,
		readonly postgres: Postgres,
		readonly redis: Redis,
		readonly proxy: RoundRobinProxy,
		private readonly ports: { main: number; webhooks: number[]; workers: number[] },
		private readonly options: QueueClusterOptions,
	) {
		this.api = new N8nApi(`http://127.0.0.1:${ports.main}`, runtime.major, runtime.version);
	}

	static async create(options: QueueClusterOptions = {}): Promise<QueueCluster> {
		const say = options.say ?? (() => undefined);
		const workers = options.workers ?? 2;
		const webhooks = options.webhooks ?? 2;
		const runtime = await ensureN8nInstalled();
		const root = await mkdtemp(path.join(os.tmpdir(), 'iophone-queue-'));
		let postgres: Postgres | undefined;
		let redis: Redis | undefined;
		let proxy: RoundRobinProxy | undefined;
		let cluster: QueueCluster | undefined;
		try {
			const userFolder = path.join(root, 'user');
			say('Packing the project and installing it into the shared user folder…');
			await installPackage(runtime, userFolder, await packProject(path.join(root, 'pack')));
			say('Starting Postgres and Redis…');
			[postgres, redis] = await Promise.all([Postgres.start(), Redis.start()]);
			const [main, ...rest] = await freePorts(1 + webhooks + workers);
			const ports = { main, webhooks: rest.slice(0, webhooks), workers: rest.slice(webhooks) };
			proxy = await RoundRobinProxy.start(ports.webhooks.map((p) => `http://127.0.0.1:${p}`));
			cluster = new QueueCluster(runtime, root, userFolder, randomBytes(24).toString('hex'), postgres, redis, proxy, ports, options);
			say(`Starting n8n ${runtime.version}: main, ${workers} workers, ${webhooks} webhook processes…`);
			await cluster.startAll();
			await cluster.api.setupOwner(DEFAULT_OWNER);
			await cluster.api.createApiKey();
			return cluster;
		} catch (error) {
			if (cluster) await cluster.dispose();
			else {
				await proxy?.close();
				await Promise.all([postgres?.dispose(), redis?.dispose()]);
				await rm(root, { recursive: true, force: true });
			}
			throw error;
		}
	}

	get main(): N8nProcess {
		return this.member('main', 0).process;
	}

	get workers(): N8nProcess[] {
		return this.members.filter((m) => m.role === 'worker').map((m) => m.process);
	}

	get webhookProcesses(): N8nProcess[] {
		return this.members.filter((m) => m.role === 'webhook').map((m) => m.process);
	}

	/** N8N_WEBHOOK_URL: the proxy. */
	get webhookBaseUrl(): string {
		return `${this.proxy.baseUrl}/`;
	}

	member(role: Role, index: number): Member {
		const found = this.members.find((m) => m.role === role && m.index === index);
		if (!found) throw new Error(`No ${role} ${index}`);
		return found;
	}

	/** Main first (it runs the migrations), then workers and webhook processes together. */
	async startAll(): Promise<void> {
		await this.start('main', 0);
		await Promise.all([
			...this.ports.workers.map((_, i) => this.start('worker', i)),
			...this.ports.webhooks.map((_, i) => this.start('webhook', i)),
		]);
	}

	/** Starts one process on its fixed ports and waits until it is ready. */
	async start(role: Role, index: number): Promise<N8nProcess> {
		const previous = this.members.find((m) => m.role === role && m.index === index);
		if (previous?.process.isRunning) throw new Error(`${role} ${index} is still running`);
		const port = role === 'main' ? this.ports.main : role === 'webhook' ? this.ports.webhooks[index] : undefined;
		const healthPort = role === 'worker' ? this.ports.workers[index] : undefined;
		const process = await N8nProcess.start({
			runtime: this.runtime,
			userFolder: this.userFolder,
			encryptionKey: this.encryptionKey,
			port,
			brokerPort: previous?.process.brokerPort,
			logLevel: 'info',
			logFile: path.join(this.root, `${role}-${index}.log`),
			// Main's watchdog removes the folder should the test process die (every process has its own watchdog).
			cleanupDirOnOrphan: role === 'main' && !KEEP ? this.root : undefined,
			command: role === 'main' ? ['start'] : role === 'worker' ? ['worker', `--concurrency=${this.options.workerConcurrency ?? 5}`] : ['webhook'],
			extraEnv: {
				...this.sharedEnv(),
				N8N_EVENTBUS_LOGWRITER_LOGBASENAME: `n8nEventLog-${role}-${index}`,
				...(healthPort ? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(healthPort) } : {}),
			},
		});
		if (previous) {
			this.keepOutput(previous);
			this.members = this.members.filter((m) => m !== previous);
		}
		const member: Member = { role, index, process, healthPort };
		this.members.push(member);
		await this.waitUntilReady(member);
		return process;
	}

	/** Every process stopped (SIGTERM), then started again on the same ports. */
	async restartAll(): Promise<void> {
		await Promise.all(this.members.map((m) => m.process.stop()));
		await this.startAll();
	}

	/** Kills a process's whole group (n8n and its task runner) at once, as `kill -9` would. */
	kill(role: Role, index: number, signal: NodeJS.Signals = 'SIGKILL'): void {
		this.member(role, index).process.killGroup(signal);
	}

	/** Which worker ran each execution, from the workers' "Worker started execution N" log lines. */
	executionsByWorker(): Map<string, number> {
		const byExecution = new Map<string, number>();
		for (const m of this.members.filter((member) => member.role === 'worker')) {
			const output = (this.pastOutput.get(`worker-${m.index}`) ?? '') + m.process.output;
			for (const match of output.matchAll(/Worker started execution (\d+)/g)) byExecution.set(match[1], m.index);
		}
		return byExecution;
	}

	/** Everything a role's processes logged, past runs included. */
	output(role: Role, index: number): string {
		const current = this.members.find((m) => m.role === role && m.index === index);
		return (this.pastOutput.get(`${role}-${index}`) ?? '') + (current?.process.output ?? '');
	}

	/** Peak resident memory (VmHWM, kB) summed over a process's group: n8n and its task runner. */
	peakRssKb(role: Role, index: number): number {
		const pid = this.member(role, index).process.pid;
		return pid ? groupPeakRssKb(pid) : 0;
	}

	async dispose(): Promise<void> {
		try {
			await Promise.all(this.members.map((m) => m.process.stop()));
		} finally {
			await this.proxy.close();
			await Promise.all([this.postgres.dispose(), this.redis.dispose()]);
			if (!KEEP) await rm(this.root, { recursive: true, force: true });
		}
	}

	private sharedEnv(): NodeJS.ProcessEnv {
		return {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.postgres.port),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(this.redis.port),
			N8N_WEBHOOK_URL: this.webhookBaseUrl,
			WEBHOOK_URL: this.webhookBaseUrl,
			N8N_EDITOR_BASE_URL: `http://127.0.0.1:${this.ports.main}/`,
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			...this.options.extraEnv,
		};
	}

	private async waitUntilReady(member: Member): Promise<void> {
		const { process, role, healthPort } = member;
		if (role === 'main') {
			await process.waitUntilReady(READY_TIMEOUT_MS);
			return;
		}
		const url = role === 'worker' ? `http://127.0.0.1:${healthPort}/healthz/readiness` : `${process.baseUrl}/healthz/readiness`;
		await waitFor(
			async () => {
				if (!process.isRunning) throw Object.assign(new Error(`${role} ${member.index} exited:\n${process.tail()}`), { fatal: true });
				const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
				return res.ok;
			},
			{ timeoutMs: READY_TIMEOUT_MS, intervalMs: 250, what: `${role} ${member.index} (${url})` },
		).catch((error: Error) => {
			throw new Error(`${error.message}\n--- ${role} ${member.index} output (tail) ---\n${process.tail()}`);
		});
	}

	private keepOutput(member: Member): void {
		const key = `${member.role}-${member.index}`;
		this.pastOutput.set(key, (this.pastOutput.get(key) ?? '') + member.process.output);
	}

	/** A POST webhook registered on every webhook process (GET answers "…POST request"). */
	async waitForPostWebhookEverywhere(webhookPath: string, timeoutMs = 60_000): Promise<void> {
		await Promise.all(this.webhookProcesses.map((p) => p.waitForPostWebhook(webhookPath, timeoutMs)));
	}
}

/** Sum of `measure(pid, stat fields from field 3 on)` over the live processes whose process group is `pgid`. */
function sumOverGroup(pgid: number, measure: (pid: string, fields: string[]) => number): number {
	let total = 0;
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			if (Number(fields[2]) !== pgid) continue; // field 5 of stat: pgrp
			total += measure(entry, fields);
		} catch {
			// process gone meanwhile
		}
	}
	return total;
}

/** Sum of VmHWM over the processes whose process group is `pgid`. */
export function groupPeakRssKb(pgid: number): number {
	return sumOverGroup(pgid, (pid) => {
		const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return hwm ? Number(hwm[1]) : 0;
	});
}

/**
 * CPU time (user + system, ms) used so far by `rootPid` and every process below it, including children
 * they have reaped (Postgres's backends start their own process groups, so groupCpuMs misses them).
 */
export function treeCpuMs(rootPid: number): number {
	const ticksPerSecond = 100; // USER_HZ on Linux
	const parentOf = new Map<number, number>();
	const ticks = new Map<number, number>();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			parentOf.set(Number(entry), Number(fields[1])); // field 4: ppid
			ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])); // fields 14-17: utime, stime, cutime, cstime
		} catch {
			// process gone meanwhile
		}
	}
	const inTree = (pid: number): boolean => {
		for (let at: number | undefined = pid; at !== undefined && at > 1; at = parentOf.get(at)) if (at === rootPid) return true;
		return false;
	};
	let total = 0;
	for (const [pid, t] of ticks) if (inTree(pid)) total += t;
	return (total * 1000) / ticksPerSecond;
}

/** CPU time (user + system, ms) used so far by the live processes whose process group is `pgid`. */
export function groupCpuMs(pgid: number): number {
	const ticksPerSecond = 100; // USER_HZ on Linux
	return sumOverGroup(pgid, (_pid, fields) => ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond); // fields 14, 15: utime, stime
}
