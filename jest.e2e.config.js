/**
 * End-to-end suite: the packed package in a real n8n (see test/e2e/). Not part of `npm test`.
 * Run with `npm run test:e2e` (builds first). The first run installs n8n into ~/.cache (~6 min).
 */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	rootDir: __dirname,
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/test/e2e/**/*.e2e.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.tools.json', diagnostics: false }],
	},
	maxWorkers: 1,
	testTimeout: 120000,
	slowTestThreshold: 120,
};
