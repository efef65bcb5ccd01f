/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * Everything needed before n8n starts: the cached Node 24 + n8n install, the packed project,
 * and the package installed into a user folder the way n8n's community-package installer does it.
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository root: the nearest folder above this file with the project's package.json. */
function findProjectRoot(from: string): string {
	for (let dir = from; ; dir = path.dirname(dir)) {
		const manifest = path.join(dir, 'package.json');
		if (existsSync(manifest) && /"name":\s*"n8n-nodes-iophone"/.test(readFileSync(manifest, 'utf8'))) return dir;
		if (path.dirname(dir) === dir) throw new Error(`No n8n-nodes-iophone package.json above ${from}`);
	}
}

export const PROJECT_ROOT = findProjectRoot(__dirname);
export const N8N_VERSION = process.env.N8N_VERSION ?? '2.41.1';
const INSTALL_SCRIPT = path.join(PROJECT_ROOT, 'scripts', 'e2e', 'install-n8n.sh');

export interface N8nRuntime {
	version: string;
	/** 1 or 2: the REST/public API and environment differ a little. */
	major: number;
	/** The Node that runs this n8n: Node 24 for n8n 2.x, the machine's Node 20 for 1.x. */
	nodeBin: string;
	/** Folder of that Node (for npm_config_nodedir). */
	nodeHome: string;
	/** n8n's bin/n8n script. */
	n8nBin: string;
}

/** Environment for npm and n8n: the runtime's Node first on PATH, node-gyp pointed at its headers. */
export function runtimeEnv(runtime: N8nRuntime, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const inherited = { ...process.env };
	// Jest sets NODE_ENV=test, and n8n 2.41.1 then exits with code 1 without a word.
	delete inherited.NODE_ENV;
	for (const name of Object.keys(inherited)) if (name.startsWith('JEST_')) delete inherited[name];
	return {
		...inherited,
		PATH: `${path.dirname(runtime.nodeBin)}${path.delimiter}${process.env.PATH ?? ''}`,
		npm_config_nodedir: runtime.nodeHome,
		...extra,
	};
}

/**
 * Runs scripts/e2e/install-n8n.sh (idempotent: installs only the first time, then reuses the cache)
 * and returns the paths it prints on stdout. Its progress (stderr) reaches this process's stderr as
 * it happens: straight to a terminal, where the script keeps one status line updated, or line by
 * line through a pipe (CI, jest), keeping the last lines for the error if it fails.
 */
export async function ensureN8nInstalled(timeoutMs = 15 * 60_000): Promise<N8nRuntime> {
	const stdout = await runInstallScript(timeoutMs);
	const value = (name: string) => {
		const match = new RegExp(`^${name}=(.+)$`, 'm').exec(stdout);
		if (!match) throw new Error(`install-n8n.sh printed no ${name}=…:\n${stdout}`);
		return match[1].trim();
	};
	const nodeBin = /^NODE_BIN=/m.test(stdout) ? value('NODE_BIN') : value('NODE24_BIN');
	const n8nBin = value('N8N_BIN');
	for (const file of [nodeBin, n8nBin]) if (!existsSync(file)) throw new Error(`Missing after install: ${file}`);
	return {
		version: N8N_VERSION,
		major: Number(N8N_VERSION.split('.')[0]),
		nodeBin,
		nodeHome: path.resolve(path.dirname(nodeBin), '..'),
		n8nBin,
	};
}

/** The script's stdout; rejects with its exit and last stderr lines when it fails or runs out of time. */
function runInstallScript(timeoutMs: number): Promise<string> {
	const onTerminal = Boolean(process.stderr.isTTY);
	const child = spawn('bash', [INSTALL_SCRIPT], {
		env: { ...process.env, N8N_VERSION },
		stdio: ['ignore', 'pipe', onTerminal ? 'inherit' : 'pipe'],
	});
	let stdout = '';
	let stderrTail = '';
	child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
	child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
		process.stderr.write(chunk);
		stderrTail = (stderrTail + chunk).split('\n').slice(-40).join('\n');
	});
	const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
	return new Promise((resolve, reject) => {
		child.on('error', reject);
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			if (code === 0) return resolve(stdout);
			const why = signal === 'SIGKILL' ? `ran out of ${timeoutMs / 60_000} min` : `exited with ${code ?? signal}`;
			const output = onTerminal ? ' (its output is above)' : `:\n${stderrTail}`;
			reject(new Error(`scripts/e2e/install-n8n.sh ${why}${output}`));
		});
	});
}

/** `npm pack` of the built project into `destDir`; returns the tarball's absolute path. */
export async function packProject(destDir: string): Promise<string> {
	const built = path.join(PROJECT_ROOT, 'dist', 'nodes', 'IoPhone', 'IoPhone.node.js');
	if (!existsSync(built)) throw new Error(`${built} is missing: run "npm run build" first`);
	await mkdir(destDir, { recursive: true });
	const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', destDir], {
		cwd: PROJECT_ROOT,
		timeout: 120_000,
		maxBuffer: 16 * 1024 * 1024,
	});
	const [{ filename }] = JSON.parse(stdout) as Array<{ filename: string }>;
	return path.join(destDir, path.basename(filename));
}

/**
 * How the tarball gets into `<userFolder>/.n8n/nodes`:
 * - 'installer' (default) repeats what n8n 2.41.1's CommunityPackagesService.downloadPackage does:
 *   unpack into nodes/node_modules/<name>, drop dev/peer/optional dependencies from its package.json,
 *   `npm install --install-strategy=shallow --ignore-scripts=true …` inside it, record it in nodes/package.json.
 * - 'npm': `npm install --legacy-peer-deps <tarball>` in nodes/ (the manual install of n8n's docs).
 */
export type InstallMode = 'installer' | 'npm';

export async function installPackage(
	runtime: N8nRuntime,
	userFolder: string,
	tarball: string,
	mode: InstallMode = (process.env.IOPHONE_E2E_INSTALL_MODE as InstallMode) || 'installer',
): Promise<string> {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	await mkdir(nodesDir, { recursive: true });
	const nodesPackageJson = path.join(nodesDir, 'package.json');
	if (!existsSync(nodesPackageJson)) {
		await writeFile(nodesPackageJson, JSON.stringify({ name: 'installed-nodes', private: true, dependencies: {} }, null, 2));
	}
	const npm = (args: string[], cwd: string) =>
		run('npm', args, { cwd, env: runtimeEnv(runtime), timeout: 300_000, maxBuffer: 16 * 1024 * 1024 });

	if (mode === 'npm') {
		await npm(['install', '--no-audit', '--no-fund', '--legacy-peer-deps', tarball], nodesDir);
	} else {
		const { name } = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { name: string };
		const packageDir = path.join(nodesDir, 'node_modules', name);
		await mkdir(packageDir, { recursive: true });
		await run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1'], { timeout: 60_000 });
		const manifestPath = path.join(packageDir, 'package.json');
		const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(
			await readFile(manifestPath, 'utf8'),
		) as Record<string, unknown>;
		void devDependencies, void peerDependencies, void optionalDependencies;
		await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
		await npm(
			['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
			packageDir,
		);
		const nodesManifest = JSON.parse(await readFile(nodesPackageJson, 'utf8')) as { dependencies?: Record<string, string> };
		nodesManifest.dependencies = { ...nodesManifest.dependencies, [name]: String(manifest.version) };
		await writeFile(nodesPackageJson, JSON.stringify(nodesManifest, null, 2));
	}
	return nodesDir;
}
