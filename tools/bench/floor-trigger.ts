/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * The least a community trigger can do per event in n8n: a package `n8n-nodes-benchfloor` with one
 * trigger node, `benchFloorTrigger` (versions 1 and 1.1: n8n parses the body of a version-1 start
 * node with one more expression), whose webhook description is the IO Phone Trigger's (POST,
 * path `webhook`, answered at once with no data) and whose webhook() only turns the body into the
 * IO Phone Trigger's item (no parameter, no token check, no duplicate guard, no credential).
 * Only the benchmarks install it, beside the real package, to tell n8n's per-request cost for a
 * node that is not its own Webhook node from the trigger's own.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const FLOOR_PACKAGE = 'n8n-nodes-benchfloor';
export const FLOOR_TRIGGER_TYPE = `${FLOOR_PACKAGE}.benchFloorTrigger`;

const NODE_SOURCE = `'use strict';
class BenchFloorTrigger {
	constructor() {
		this.description = {
			displayName: 'Bench Floor Trigger',
			name: 'benchFloorTrigger',
			group: ['trigger'],
			version: [1, 1.1],
			defaultVersion: 1.1,
			description: 'Starts the workflow with the posted body (benchmark floor)',
			defaults: { name: 'Bench Floor Trigger' },
			inputs: [],
			outputs: ['main'],
			webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: 'noData', path: 'webhook' }],
			properties: [],
		};
	}
	async webhook() {
		const body = this.getBodyData();
		return { workflowData: [[{ json: { ...body, replyTo: body.from, replyFrom: body.to } }]] };
	}
}
module.exports = { BenchFloorTrigger };
`;

/** Writes the package into `<userFolder>/.n8n/nodes` the way the installer leaves one (it has no dependencies). */
export async function installFloorTrigger(userFolder: string): Promise<void> {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const packageDir = path.join(nodesDir, 'node_modules', FLOOR_PACKAGE);
	await mkdir(path.join(packageDir, 'dist'), { recursive: true });
	await writeFile(path.join(packageDir, 'dist', 'BenchFloorTrigger.node.js'), NODE_SOURCE);
	await writeFile(
		path.join(packageDir, 'package.json'),
		JSON.stringify({ name: FLOOR_PACKAGE, version: '0.0.1', keywords: ['n8n-community-node-package'], n8n: { n8nNodesApiVersion: 1, nodes: ['dist/BenchFloorTrigger.node.js'] } }, null, 2),
	);
	const manifestPath = path.join(nodesDir, 'package.json');
	const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as { dependencies?: Record<string, string> };
	manifest.dependencies = { ...manifest.dependencies, [FLOOR_PACKAGE]: '0.0.1' };
	await writeFile(manifestPath, JSON.stringify(manifest, null, 2));
}
