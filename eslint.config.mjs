// `n8n-node lint` (npm run lint) runs ESLint with this file: n8n's community-node configuration
// from @n8n/node-cli, unchanged (its @n8n/eslint-plugin-community-nodes rules plus the
// eslint-plugin-n8n-nodes-base rulesets for nodes/, credentials/ and package.json, the same ones
// `npm run scan` applies through n8n's scanner).
import { config } from '@n8n/node-cli/eslint';
import { globalIgnores } from 'eslint/config';

export default [
	// n8n's rules are about code that runs inside n8n: nodes/, credentials/ and package.json.
	// Tests, the simulator and the dev/e2e/build scripts never ship (package.json "files" is dist/
	// only) and legitimately use what those rules forbid in a node (process, setTimeout, console,
	// node:http servers), so they are not linted with them. tsc type-checks them (npm run lint).
	globalIgnores(['test/**', 'tools/**', 'scripts/**', 'examples/**', 'coverage/**', '.cache/**', '.ci/**']),
	...config,
];
