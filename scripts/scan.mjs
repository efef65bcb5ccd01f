#!/usr/bin/env node
/**
 * Runs n8n's community-package scanner (@n8n/scan-community-package, the analysis n8n runs
 * before verifying a package) offline, on this repository and on the tarball `npm pack` makes.
 *
 * `npx @n8n/scan-community-package <name>` downloads the published package and the GitHub
 * source its npm provenance points at, then lints both with the same ESLint setup
 * (`analyzePackage`, exported by the scanner):
 *   - the source: `SOURCE_FILE_PATTERNS` (package.json and {nodes,credentials}/**), here the
 *     working tree, which is what a release commit would hold;
 *   - the package: every `.js` file plus package.json, here the extracted local tarball.
 * What cannot run offline is the provenance check (the package must be published from GitHub
 * Actions with `npm publish --provenance`); this script says so instead of pretending.
 *
 * Then one check of the project's own on the same extracted package: it has no `dependencies`, and
 * every file of its `n8n` section loads (and the bundled phone library works) with nothing installed
 * but n8n-workflow, the peer dependency n8n provides.
 *
 * Usage: node scripts/scan.mjs [path/to/package.tgz]   (default: `npm pack` of the current dist/)
 * Exit code 1 when either leg fails.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(path.join(tmpdir(), 'iophone-scan-'));
// The scanner makes its own download folder with `tmp` when imported; keep it inside ours.
process.env.TMPDIR = work;

let exitCode = 1;
try {
	const tarball = process.argv[2] ? path.resolve(process.argv[2]) : pack();
	const packageDir = path.join(work, 'package');
	mkdirSync(packageDir);
	execFileSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
	const { name, version } = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	const label = `${name}@${version}`;

	const { analyzePackage, SOURCE_FILE_PATTERNS } = await import('@n8n/scan-community-package/scanner/scanner.mjs');
	const { version: scannerVersion } = JSON.parse(
		readFileSync(path.join(ROOT, 'node_modules/@n8n/scan-community-package/package.json'), 'utf8'),
	);
	console.log(`@n8n/scan-community-package ${scannerVersion}, offline: ${label} from ${tarball.startsWith(work) ? 'a fresh `npm pack`' : tarball}`);
	console.log('- provenance: not checked offline (publish from GitHub Actions with `npm publish --provenance`)');

	// Same two legs and file patterns as the scanner's analyzePackageByName.
	const source = await analyzePackage(ROOT, SOURCE_FILE_PATTERNS);
	report('source (package.json, nodes/, credentials/)', source);
	const dist = await analyzePackage(packageDir, ['**/*.js', 'package.json']);
	report('packed tarball (**/*.js, package.json)', dist);

	const selfContained = checkSelfContained(packageDir);
	report('self-contained (loads with only n8n-workflow installed)', selfContained);

	if (source.passed && dist.passed && selfContained.passed) {
		console.log(`✅ Package ${label} has passed all security checks (offline)`);
		exitCode = 0;
	} else {
		console.log(`❌ Package ${label} has failed security checks (offline)`);
	}
} finally {
	rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);

function pack() {
	const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {
		cwd: ROOT,
		encoding: 'utf8',
	});
	const [{ filename }] = JSON.parse(out);
	return path.join(work, filename);
}

/** Loads the extracted package in a child process whose only node_modules entry is n8n-workflow. */
function checkSelfContained(packageDir) {
	const pkg = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	const dependencies = Object.keys(pkg.dependencies ?? {});
	if (dependencies.length > 0) return { passed: false, message: `runtime dependencies: ${dependencies.join(', ')}` };

	// Lazy requires (inside functions) do not run on load: read every bare require of the shipped code.
	const external = new Set();
	for (const file of listJs(path.join(packageDir, 'dist'))) {
		for (const [, request] of readFileSync(file, 'utf8').matchAll(/\brequire\(["']([^"'./][^"']*)["']\)/g)) {
			const name = request.replace(/^node:/, '').split('/')[0];
			if (name !== 'n8n-workflow' && !builtinModules.includes(name)) external.add(`${request} (${path.relative(packageDir, file)})`);
		}
	}
	if (external.size > 0) return { passed: false, message: `requires packages it does not ship: ${[...external].join(', ')}` };

	// <work>/package/… resolves bare imports from <work>/node_modules, which holds n8n-workflow only.
	mkdirSync(path.join(work, 'node_modules'));
	symlinkSync(path.join(ROOT, 'node_modules', 'n8n-workflow'), path.join(work, 'node_modules', 'n8n-workflow'), 'dir');
	const files = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	const script = `
		const path = require('node:path');
		const loaded = [];
		for (const file of ${JSON.stringify(files)}) {
			const exports = require(path.join(${JSON.stringify(packageDir)}, file));
			const className = path.basename(file).split('.')[0];
			const instance = new exports[className]();
			loaded.push(instance.description?.name ?? instance.name);
		}
		const phone = require(path.join(${JSON.stringify(packageDir)}, 'dist/vendor/libphonenumber-js.js'));
		if (!phone.parsePhoneNumberFromString('+16142579242').isValid()) throw new Error('bundled libphonenumber-js does not validate');
		process.stdout.write(loaded.join(', '));
	`;
	try {
		const loaded = execFileSync(process.execPath, ['-e', script], { cwd: work, encoding: 'utf8', env: { ...process.env, NODE_PATH: '' } });
		return { passed: true, message: `loaded ${loaded}` };
	} catch (error) {
		return { passed: false, message: String(error.stderr || error.message).trim().split('\n').slice(0, 5).join('\n') };
	}
}

function listJs(dir) {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return listJs(full);
		return entry.name.endsWith('.js') ? [full] : [];
	});
}

function report(leg, result) {
	console.log(`- ${leg}: ${result.passed ? 'passed' : `FAILED: ${result.message}`}${result.message && result.passed ? ` (${result.message})` : ''}`);
	if (result.details) console.log(result.details);
}
