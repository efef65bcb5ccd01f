/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * The harness finds node types as n8n does, so an engine test cannot pass on a node n8n would not
 * load: a type outside the package is refused with n8n's own error, and a listed file that is not
 * built says so instead of a bare "not found".
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { getDefaultPackage, loadPackage } from '../../tools/harness';

test("a node type outside the package is refused with n8n's error", () => {
	expect(() => getDefaultPackage().nodeTypes.getByName('n8n-nodes-base.noOp')).toThrow(/Unrecognized node type/);
});

test('a listed file that is not built is reported, and asking for its type says to build', () => {
	const directory = mkdtempSync(path.join(tmpdir(), 'harness-unbuilt-'));
	try {
		const listed = 'dist/nodes/Unbuilt/Unbuilt.node.js';
		const manifest = { name: 'n8n-nodes-unbuilt', version: '0.0.0', n8n: { n8nNodesApiVersion: 1, nodes: [listed], credentials: [] } };
		writeFileSync(path.join(directory, 'package.json'), JSON.stringify(manifest));
		const pkg = loadPackage({}, { directory });
		expect(pkg.missingFiles).toEqual([listed]);
		expect(() => pkg.nodeTypes.getByName('n8n-nodes-unbuilt.unbuilt')).toThrow(/not built yet: .*npm run build/);
	} finally {
		rmSync(directory, { recursive: true, force: true });
	}
});
