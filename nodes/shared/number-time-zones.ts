import { AREA_CODE_STATES, PREFIX_ZONES, ZONES } from './phone-time-zones';

/** Where a phone number is, as far as its digits tell: its time zones and, for US numbers, its states. */
export interface NumberLocation {
	/** IANA time zones; empty when the map knows none for the number. */
	zones: string[];
	/** USPS codes of the states its area code serves (US numbers only). */
	states: string[];
}

let prefixZones: Map<string, string[]> | undefined;
let areaCodeStates: Map<string, string[]> | undefined;
let longestPrefix = 0;

/** The generated tables are text until the first lookup, so loading the node parses nothing. */
function tables() {
	if (!prefixZones || !areaCodeStates) {
		prefixZones = new Map();
		for (const entry of PREFIX_ZONES.split(/\s+/)) {
			if (!entry) continue;
			const [prefix, indexes] = entry.split(':');
			prefixZones.set(prefix, indexes.split(',').map((index) => ZONES[Number(index)]));
			longestPrefix = Math.max(longestPrefix, prefix.length);
		}
		areaCodeStates = new Map();
		for (const entry of AREA_CODE_STATES.split(/\s+/)) {
			if (!entry) continue;
			const [areaCode, states] = entry.split(':');
			areaCodeStates.set(areaCode, states.split(','));
		}
	}
	return { prefixZones, areaCodeStates };
}

/**
 * Where the number whose E.164 digits (no +) are `digits` is: the zones of the longest prefix in
 * Google libphonenumber's time-zone map that starts it, and for +1 numbers the states of its area code.
 */
export function locateNumber(digits: string): NumberLocation {
	const { prefixZones: zonesByPrefix, areaCodeStates: statesByAreaCode } = tables();
	let zones: string[] = [];
	for (let length = Math.min(longestPrefix, digits.length); length > 0; length--) {
		const found = zonesByPrefix.get(digits.slice(0, length));
		if (found) {
			zones = found;
			break;
		}
	}
	const states = digits.length === 11 && digits.startsWith('1') ? (statesByAreaCode.get(digits.slice(1, 4)) ?? []) : [];
	return { zones, states };
}
