#!/usr/bin/env node
/**
 * Builds dist/ with esbuild so the published package has no runtime `dependencies`
 * (n8n verifies only such packages) while the nodes keep using libphonenumber-js:
 *
 *   dist/nodes/IoPhone/IoPhone.node.js                 one file per entry listed in package.json's
 *   dist/nodes/IoPhoneTrigger/IoPhoneTrigger.node.js   `n8n` section, each with the project code it
 *   dist/credentials/IoPhoneApi.credentials.js         uses; n8n-workflow stays external (peer)
 *   dist/vendor/libphonenumber-js.js                   the libphonenumber-js/min functions the phone
 *                                                      helper calls, with the library's metadata
 *
 * The phone helper (nodes/shared/phone.ts) requires libphonenumber-js inside a
 * function, on the first number it formats. The bundles keep that: their
 * `require('libphonenumber-js/min')` is rewritten to the separate vendor file, so n8n loading
 * the nodes does not parse the phone library; the first send (or trigger activation) does.
 *
 * Icons and codex files are copied by `gulp build:icons` (see gulpfile.js).
 * Type checking is not esbuild's job: `npm run build` runs `tsc --noEmit` first.
 *
 * Usage: node scripts/bundle.mjs
 */
import { build } from 'esbuild';
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.join(ROOT, 'dist');
const PHONE_LIBRARY = 'libphonenumber-js/min';
const VENDOR_FILE = path.join(DIST, 'vendor', 'libphonenumber-js.js');
const PHONE_LIBRARY_DIR = path.join(ROOT, 'node_modules', 'libphonenumber-js');
const PHONE_HELPER = path.join(ROOT, 'nodes', 'shared', 'phone.ts');

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const entries = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];

/** dist/nodes/IoPhone/IoPhone.node.js → { in: nodes/IoPhone/IoPhone.node.ts, out: nodes/IoPhone/IoPhone.node } */
const entryPoints = entries.map((file) => {
	const relative = file.replace(/^dist\//, '').replace(/\.js$/, '');
	const source = path.join(ROOT, `${relative}.ts`);
	if (!existsSync(source)) throw new Error(`package.json n8n entry ${file} has no source ${relative}.ts`);
	return { in: source, out: relative };
});

const common = {
	bundle: true,
	platform: 'node',
	format: 'cjs',
	target: 'node20',
	// Readable output: the code users install (and n8n's reviewers read) stays close to the source.
	minify: false,
	legalComments: 'inline',
	logLevel: 'warning',
	// n8n provides n8n-workflow (peer dependency); a second copy would break `instanceof` checks.
	external: ['n8n-workflow'],
};

/** Every `require('libphonenumber-js/min')` of the project code goes to the vendor file, lazily. */
const phoneLibraryToVendorFile = {
	name: 'phone-library-to-vendor-file',
	setup(esbuild) {
		esbuild.onResolve({ filter: /^libphonenumber-js(\/.*)?$/ }, (args) => {
			if (args.path !== PHONE_LIBRARY) {
				return { errors: [{ text: `Only ${PHONE_LIBRARY} is bundled; ${args.path} was imported by ${args.importer}` }] };
			}
			// The helper is shared by node entries in different folders of the same depth
			// (dist/nodes/<Node>/), so one relative path serves them all; checkVendorRequires verifies it.
			const nodeDir = path.dirname(path.join(DIST, entryPoints[0].out));
			const relative = path.relative(nodeDir, VENDOR_FILE).split(path.sep).join('/');
			return { path: relative, external: true };
		});
	},
};

rmSync(DIST, { recursive: true, force: true });

await build({
	...common,
	entryPoints,
	outdir: DIST,
	plugins: [phoneLibraryToVendorFile],
	metafile: true,
});

await build({
	...common,
	// Only what the phone helper calls, so the vendor file carries no unused parts of the library.
	stdin: {
		contents: `export { ${phoneLibraryExports().join(', ')} } from '${PHONE_LIBRARY}';`,
		resolveDir: ROOT,
		sourcefile: 'vendor-libphonenumber-js.js',
	},
	outfile: VENDOR_FILE,
	external: [],
	banner: { js: vendorBanner() },
});
// Both licences travel with the bundled code: MIT (libphonenumber-js) and Apache-2.0 (the metadata,
// from Google's libphonenumber).
for (const licence of ['LICENSE', 'LICENSE.Apache']) {
	copyFileSync(path.join(PHONE_LIBRARY_DIR, licence), path.join(path.dirname(VENDOR_FILE), `libphonenumber-js.${licence}`));
}

checkVendorRequires();

/**
 * The library functions nodes/shared/phone.ts calls, read from its `lib().<name>` calls.
 * Any other use of `lib()` (destructuring, passing it on) fails the build rather than shipping a
 * vendor file that lacks a function.
 */
function phoneLibraryExports() {
	const source = readFileSync(PHONE_HELPER, 'utf8');
	const names = [...new Set([...source.matchAll(/\blib\(\)\.(\w+)/g)].map(([, name]) => name))];
	const uses = [...source.matchAll(/\blib\(\)/g)].length - [...source.matchAll(/function lib\(\)/g)].length;
	const calls = [...source.matchAll(/\blib\(\)\.\w+/g)].length;
	if (names.length === 0 || uses !== calls) {
		throw new Error(`${PHONE_HELPER}: every use of lib() must be lib().<function>, so the vendor file can export exactly those`);
	}
	return names.sort();
}

function vendorBanner() {
	const { version, homepage } = JSON.parse(readFileSync(path.join(PHONE_LIBRARY_DIR, 'package.json'), 'utf8'));
	return [
		`/*! libphonenumber-js ${version} (${homepage}), bundled by scripts/bundle.mjs.`,
		' *  MIT License, Copyright (c) 2016 @catamphetamine: see libphonenumber-js.LICENSE.',
		' *  Metadata from Google libphonenumber, Apache License 2.0: see libphonenumber-js.LICENSE.Apache. */',
	].join('\n');
}

/** Each bundle's require of the vendor file must resolve from where the bundle is. */
function checkVendorRequires() {
	for (const { out } of entryPoints) {
		const file = path.join(DIST, `${out}.js`);
		const code = readFileSync(file, 'utf8');
		if (/require\(["']libphonenumber-js/.test(code)) throw new Error(`${file} still requires libphonenumber-js`);
		for (const [, request] of code.matchAll(/require\(["'](\.[^"']*vendor[^"']*)["']\)/g)) {
			const target = path.resolve(path.dirname(file), request);
			if (target !== VENDOR_FILE) throw new Error(`${file} requires ${request}, which is not ${VENDOR_FILE}`);
		}
	}
}
