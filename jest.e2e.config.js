/**
 * End-to-end suite: the packed package in a real n8n (see test/e2e/). Not part of `npm test`.
 * Run with `npm run test:e2e` (builds first). The first run installs n8n into ~/.cache.
 */
/**
 * Left out on n8n 1.x: the editor test (editor.e2e.ts) drives n8n 2.x's editor, and 1.x has another UI;
 * the AI Agent review test (agent-review.e2e.ts) needs the `…HitlTool` types n8n 2.x derives, which
 * 1.123.81 has not (no tool-generation/hitl-tools, no processHitlResponses in its AI Agent); the
 * compliance test (compliance.e2e.ts) creates and reads its Data Table through the public API's
 * /data-tables endpoints, which 1.x has not (its Data Table node, version 1, cannot read the
 * examples' version 1.1 either); the AI SMS assistant test (assistant.e2e.ts) imports an example
 * built on n8n 2.x's AI Agent 3.1 and Simple Memory 1.4, which 1.123.81 does not know.
 */
const n8nMajor = Number((process.env.N8N_VERSION ?? '2.41.1').split('.')[0]);

module.exports = {
	...require('./jest.config'),
	rootDir: __dirname,
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/test/e2e/**/*.e2e.ts'],
	testPathIgnorePatterns: ['/node_modules/', ...(n8nMajor === 1 ? ['/test/e2e/editor\\.e2e\\.ts$', '/test/e2e/agent-review\\.e2e\\.ts$', '/test/e2e/compliance\\.e2e\\.ts$', '/test/e2e/assistant\\.e2e\\.ts$'] : [])],
	maxWorkers: 1,
	testTimeout: 120000,
	slowTestThreshold: 120,
};
