/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * One local n8n with this package installed: temp folder, pack + install, start, owner and API key.
 * Used by the e2e suite and by `npm run dev`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { N8nApi, type Owner } from './n8n-api';
import { ensureN8nInstalled, installPackage, packProject, type N8nRuntime } from './n8n-install';
import { N8nProcess, type N8nStartOptions } from './n8n-process';

export const DEFAULT_OWNER: Owner = {
	email: 'owner@iophone.test',
	firstName: 'Local',
	lastName: 'Owner',
	password: 'IoPhone-e2e-1',
};

export interface LocalN8nOptions {
	/** Editor/webhook port; a free one when omitted. */
	port?: number;
	logLevel?: N8nStartOptions['logLevel'];
	echo?: boolean;
	owner?: Owner;
	/** Keep the temp folder after dispose() (also when IOPHONE_E2E_KEEP=1). */
	keep?: boolean;
	/** Progress messages. */
	say?: (message: string) => void;
	/** Added to n8n's environment (e.g. NODE_OPTIONS for a CPU profile). */
	extraEnv?: NodeJS.ProcessEnv;
}

export class LocalN8n {
	/** Timings in ms, for the report. */
	readonly timings: Record<string, number> = {};
	/** Output of every n8n process started for this instance, in order. */
	private previousOutput = '';

	private constructor(
		readonly runtime: N8nRuntime,
		readonly root: string,
		readonly userFolder: string,
		readonly encryptionKey: string,
		readonly owner: Owner,
		private readonly options: LocalN8nOptions,
		public n8n: N8nProcess,
		public api: N8nApi,
	) {}

	static async create(options: LocalN8nOptions = {}): Promise<LocalN8n> {
		const say = options.say ?? (() => undefined);
		let t = Date.now();
		say('Checking the cached n8n install…');
		const runtime = await ensureN8nInstalled();
		const root = await mkdtemp(path.join(os.tmpdir(), 'iophone-n8n-'));
		const keep = options.keep || process.env.IOPHONE_E2E_KEEP === '1';
		const userFolder = path.join(root, 'user');
		const encryptionKey = randomBytes(24).toString('hex');
		const owner = options.owner ?? DEFAULT_OWNER;
		let n8n: N8nProcess | undefined;
		try {
			say('Packing the project and installing it into n8n’s nodes folder…');
			const tarball = await packProject(path.join(root, 'pack'));
			await installPackage(runtime, userFolder, tarball);
			const installMs = Date.now() - t;
			say(`Starting n8n ${runtime.version}…`);
			t = Date.now();
			n8n = await N8nProcess.start({
				runtime,
				userFolder,
				encryptionKey,
				port: options.port,
				logLevel: options.logLevel,
				echo: options.echo,
				logFile: path.join(root, 'n8n.log'),
				cleanupDirOnOrphan: keep ? undefined : root,
				extraEnv: options.extraEnv,
			});
			const readyMs = await n8n.waitUntilReady();
			const api = new N8nApi(n8n.baseUrl, runtime.major, runtime.version);
			await api.setupOwner(owner);
			await api.createApiKey();
			const local = new LocalN8n(runtime, root, userFolder, encryptionKey, owner, options, n8n, api);
			local.timings.packAndInstallMs = installMs;
			local.timings.coldStartToRestReadyMs = readyMs;
			return local;
		} catch (error) {
			await n8n?.stop();
			if (!keep) await rm(root, { recursive: true, force: true });
			throw error;
		}
	}

	private get keep(): boolean {
		return Boolean(this.options.keep) || process.env.IOPHONE_E2E_KEEP === '1';
	}

	/** Everything every n8n process of this instance logged. */
	get output(): string {
		return this.previousOutput + this.n8n.output;
	}

	/** Stops n8n (SIGTERM to its process group); start() brings it back. */
	async stop(): Promise<void> {
		await this.n8n.stop();
	}

	/** Starts n8n again on the same ports, user folder and key, like a server restart. */
	async start(): Promise<N8nProcess> {
		if (this.n8n.isRunning) throw new Error('n8n is still running');
		this.previousOutput += this.n8n.output;
		this.n8n = await N8nProcess.start({
			runtime: this.runtime,
			userFolder: this.userFolder,
			encryptionKey: this.encryptionKey,
			port: this.n8n.port,
			brokerPort: this.n8n.brokerPort,
			logLevel: this.options.logLevel,
			echo: this.options.echo,
			logFile: path.join(this.root, 'n8n.log'),
			cleanupDirOnOrphan: this.keep ? undefined : this.root,
		});
		return this.n8n;
	}

	/** Stops n8n (process group) and removes the temp folder; IOPHONE_E2E_SHOW_LOG=1 prints n8n's log first. Safe to call more than once. */
	async dispose(): Promise<void> {
		if (process.env.IOPHONE_E2E_SHOW_LOG === '1') process.stdout.write(this.output);
		await this.n8n.stop();
		if (this.keep) return;
		await rm(this.root, { recursive: true, force: true });
	}
}
