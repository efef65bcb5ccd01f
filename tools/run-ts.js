/**
 * `node tools/run-ts.js file.ts [args]`: runs a TypeScript file of this repository, the one way
 * TypeScript runs outside jest (npm run dev, bench, bench:n8n, bench:queue). A require hook
 * transpiles each `.ts` file of the repository on load with TypeScript's `transpileModule`, as
 * ts-jest does with isolatedModules, so `__dirname` stays where the source is. No type checking
 * here: `npm run lint` type-checks tools/ and scripts/.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const ROOT = path.resolve(__dirname, '..');
const NODE_MODULES = path.join(ROOT, 'node_modules') + path.sep;
const compilerOptions = {
	module: ts.ModuleKind.CommonJS,
	target: ts.ScriptTarget.ES2022,
	esModuleInterop: true,
	resolveJsonModule: true,
	isolatedModules: true,
};

require.extensions['.ts'] = function compileTs(module, filename) {
	if (filename.startsWith(NODE_MODULES) || !filename.startsWith(ROOT)) throw new Error(`run-ts.js only loads this repository's .ts files: ${filename}`);
	const source = fs.readFileSync(filename, 'utf8');
	const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
	module._compile(outputText, filename);
};

// The script sees `node file.ts args…` (process.argv[1] is its own path), as if node ran it directly.
const file = path.resolve(process.argv[2]);
process.argv.splice(1, 2, file);
require(file);
