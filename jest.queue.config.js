/**
 * Queue-mode suite: the packed package in n8n 2.41.1 queue mode (Postgres, Redis, main, 2 workers,
 * 2 webhook processes behind a round-robin proxy), see test/queue/ (suites) and tools/queue/ (the cluster). Not part of `npm test`.
 * Run with `npm run test:queue` (builds first).
 */
module.exports = {
	...require('./jest.config'),
	rootDir: __dirname,
	roots: ['<rootDir>/test/queue'],
	testMatch: ['**/test/queue/**/*.queue.ts'],
	maxWorkers: 1,
	testTimeout: 300000,
	slowTestThreshold: 300,
};
