/**
 * A require hook for the benchmark: `.ts` files under this repository are transpiled on load
 * with TypeScript's `transpileModule` (what ts-jest does with isolatedModules), so the
 * benchmark runs the test harness and simulator from their sources, and their `__dirname`
 * stays where the files are. No type checking here; `npm run lint` type-checks tools/bench.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const ROOT = path.resolve(__dirname, '..', '..');
const NODE_MODULES = path.join(ROOT, 'node_modules') + path.sep;
const compilerOptions = {
	module: ts.ModuleKind.CommonJS,
	target: ts.ScriptTarget.ES2022,
	esModuleInterop: true,
	resolveJsonModule: true,
	isolatedModules: true,
	sourceMap: false,
	inlineSourceMap: false,
};

const previous = require.extensions['.ts'];
require.extensions['.ts'] = function compileTs(module, filename) {
	if (filename.startsWith(NODE_MODULES) || !filename.startsWith(ROOT)) {
		if (previous) return previous(module, filename);
		throw new Error(`No loader for ${filename}`);
	}
	const source = fs.readFileSync(filename, 'utf8');
	const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
	module._compile(outputText, filename);
};
