#!/usr/bin/env node
/**
 * Fails unless n8n's own CLI says this package is eligible for n8n Cloud verification.
 *
 * `n8n-node cloud-support` (node_modules/@n8n/node-cli/dist/commands/cloud-support.js) reports
 * eligible when package.json has `"n8n": { "strict": true }` and eslint.config.mjs is exactly n8n's
 * default (`import { config } from '@n8n/node-cli/eslint'; export default config;`), but it always
 * exits 0: this script reads its verdict. `n8n-node lint` then checks the code (npm run lint).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The CLI colours its output.
const output = execFileSync('npx', ['--no', 'n8n-node', 'cloud-support'], { cwd: ROOT, encoding: 'utf8' })
	.replace(/\x1b\[[0-9;]*m/g, '');
const status = output.split('\n').filter((line) => /Strict mode:|ESLint config:|Status:/.test(line));
console.log(status.map((line) => line.replace(/^[│\s]*/, '')).join('\n'));
if (!/Status: eligible for n8n Cloud verification/.test(output)) {
	console.error('Not eligible for n8n Cloud: keep "strict": true in package.json\'s n8n section and eslint.config.mjs as n8n ships it.');
	process.exit(1);
}
