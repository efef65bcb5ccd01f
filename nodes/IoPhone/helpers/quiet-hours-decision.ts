import { locateNumber } from '../../shared/number-time-zones';

/**
 * Guard Rails → Quiet Hours, the decision alone: whether a number may be texted at a given instant,
 * and if not, from when. Pure (the clock is a parameter), so tests fix the time.
 *
 * Every window edge is a whole local hour, and every time zone's offset from UTC is a multiple of
 * 15 minutes (daylight-saving changes happen on whole local hours too), so whether a number may be
 * texted changes only at UTC quarter hours: one decision holds for a whole quarter hour, and the
 * next opening is found by stepping through quarter hours.
 */

const QUARTER_HOUR_MS = 15 * 60_000;
/** How far ahead an opening is looked for: a week, plus a day for the longest daylight-saving shift. */
const SEARCH_QUARTERS = (8 * 24 * 60 * 60_000) / QUARTER_HOUR_MS;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Hours of the local day [start, end), e.g. 8 and 21 for 8:00–21:00. */
export interface HourWindow {
	start: number;
	end: number;
}

interface StateRule extends HourWindow {
	name: string;
	sunday?: HourWindow;
}

/** States whose own rules are stricter than the federal 8:00–21:00 (issue 20; docs/compliance.md). */
export const STATE_RULES: Readonly<Record<string, StateRule>> = {
	CT: { name: 'Connecticut', start: 9, end: 20 },
	FL: { name: 'Florida', start: 8, end: 20 },
	MD: { name: 'Maryland', start: 8, end: 20 },
	MS: { name: 'Mississippi', start: 8, end: 20 },
	NJ: { name: 'New Jersey', start: 8, end: 20 },
	OK: { name: 'Oklahoma', start: 8, end: 20 },
	TX: { name: 'Texas', start: 9, end: 21, sunday: { start: 12, end: 21 } },
};

export interface QuietHoursRule {
	/** The window the user set, in the recipient's local hours. */
	window: HourWindow;
	/** Whether a US area code's state narrows the window (STATE_RULES). */
	stateRules: boolean;
	/** The zone of a number the map can't place. */
	fallbackZone: string;
}

export interface QuietHoursDecision {
	open: boolean;
	/** When the number may next be texted; only when it may not now, and undefined if not within a week. */
	sendAfter?: Date;
	/** The zones the decision was made in (the window must be open in all of them). */
	zones: string[];
	/** Whether those are the Fallback Time Zone, the number's own being unknown. */
	fallback: boolean;
	/** Names of the states whose rules narrowed the window. */
	states: string[];
	/** The window of each weekday (0 = Sunday) after the state rules. */
	windows: HourWindow[];
}

/** Whether `digits` (E.164 without +) may be texted at `now`, and if not, from when. */
export function decideQuietHours(digits: string, rule: QuietHoursRule, now: number): QuietHoursDecision {
	const location = locateNumber(digits);
	const known = location.zones.length > 0 && placesNumber(location.zones, now);
	const zones = known ? location.zones : [rule.fallbackZone];
	const week = weekWindows(rule.window, rule.stateRules ? location.states : []);
	// One decision holds for a quarter hour (see above), so a bulk run decides once per place and quarter.
	const key = `${known ? zonesKey(zones) : rule.fallbackZone}|${week.key}|${Math.floor(now / QUARTER_HOUR_MS)}`;
	let timing = decisions.get(key);
	if (!timing) {
		timing = openAt(zones, week.windows, now) ? { open: true } : { open: false, sendAfter: nextOpening(zones, week.windows, now) };
		remember(decisions, key, timing);
	}
	return { ...timing, zones, fallback: !known, states: week.states, windows: week.windows };
}

interface Week {
	/** The window of each weekday, 0 = Sunday. */
	windows: HourWindow[];
	/** Names of the states whose rules narrowed it. */
	states: string[];
	key: string;
}

const weeks = new Map<string, Week>();

/** The windows of the week for the user's window and the states the number may be in, made once per combination. */
function weekWindows(window: HourWindow, numberStates: string[]): Week {
	const lookup = `${window.start}-${window.end}|${numberStates.join(',')}`;
	let week = weeks.get(lookup);
	if (!week) {
		const states = numberStates.filter((state) => Object.hasOwn(STATE_RULES, state));
		const windows = WEEKDAYS.map((_, weekday) => weekdayWindow(window, states, weekday));
		week = { windows, states: states.map((state) => STATE_RULES[state].name), key: windows.map((w) => `${w.start}-${w.end}`).join(',') };
		remember(weeks, lookup, week);
	}
	return week;
}

/** The zones' lists come from the table, one array per prefix, so their key is made once per array. */
const zoneKeys = new WeakMap<string[], string>();
function zonesKey(zones: string[]): string {
	let key = zoneKeys.get(zones);
	if (key === undefined) {
		key = zones.join(',');
		zoneKeys.set(zones, key);
	}
	return key;
}

/** The weekday's window after the rules of every state the number may be in (the strictest of each edge). */
function weekdayWindow(window: HourWindow, states: string[], weekday: number): HourWindow {
	let { start, end } = window;
	for (const state of states) {
		const rule = STATE_RULES[state];
		const own = weekday === 0 && rule.sunday ? rule.sunday : rule;
		start = Math.max(start, own.start);
		end = Math.min(end, own.end);
	}
	return { start, end };
}

type Timing = { open: boolean; sendAfter?: Date };
const decisions = new Map<string, Timing>();
const placing = new Map<string, boolean>();

/** Bounded memo: a long run keeps at most a few thousand decisions. */
function remember<T>(memo: Map<string, T>, key: string, value: T) {
	if (memo.size >= 5000) memo.clear();
	memo.set(key, value);
}

/**
 * Whether the zones place the number at all. Google's map places some numbers only as somewhere in
 * a whole region: a +1 number without a known area code (such as a toll-free one) anywhere from
 * Guam to Hawaii. Zones that far apart say nothing of the person's day, so such a number counts as
 * unplaced.
 */
function placesNumber(zones: string[], now: number): boolean {
	if (zones.length === 1) return true;
	const key = zonesKey(zones);
	let places = placing.get(key);
	if (places === undefined) {
		const offsets = zones.map((zone) => utcOffsetMinutes(zone, now));
		places = Math.max(...offsets) - Math.min(...offsets) <= MAX_SPREAD_MINUTES;
		remember(placing, key, places);
	}
	return places;
}

/** Zones further apart than this place a number nowhere in particular (see placesNumber). */
const MAX_SPREAD_MINUTES = 12 * 60;

/** The zone's offset from UTC at `at`, in minutes ("GMT-05:00" → -300). */
function utcOffsetMinutes(zone: string, at: number): number {
	const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(at).find((part) => part.type === 'timeZoneName')?.value ?? '';
	const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
	return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
}

function openAt(zones: string[], windows: HourWindow[], at: number): boolean {
	return zones.every((zone) => {
		const local = localTime(zone, at);
		const window = windows[local.weekday];
		return local.minutes >= window.start * 60 && local.minutes < window.end * 60;
	});
}

/** The first quarter hour after `now` at which every zone is inside its window, within the search horizon. */
function nextOpening(zones: string[], windows: HourWindow[], now: number): Date | undefined {
	const first = Math.floor(now / QUARTER_HOUR_MS) + 1;
	for (let quarter = first; quarter < first + SEARCH_QUARTERS; quarter++) {
		const at = quarter * QUARTER_HOUR_MS;
		if (openAt(zones, windows, at)) return new Date(at);
	}
	return undefined;
}

export interface LocalTime {
	/** 0 = Sunday. */
	weekday: number;
	/** Minutes since local midnight. */
	minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock time in `zone` at `at` (ms since the epoch), by the platform's time-zone rules. */
export function localTime(zone: string, at: number): LocalTime {
	let formatter = formatters.get(zone);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', weekday: 'short', hour: '2-digit', minute: '2-digit' });
		formatters.set(zone, formatter);
	}
	let weekday = 0;
	let hour = 0;
	let minute = 0;
	for (const part of formatter.formatToParts(at)) {
		if (part.type === 'weekday') weekday = WEEKDAYS.indexOf(part.value);
		else if (part.type === 'hour') hour = Number(part.value);
		else if (part.type === 'minute') minute = Number(part.value);
	}
	return { weekday, minutes: hour * 60 + minute };
}

/** Whether the platform knows `zone` as an IANA time zone. */
export function isTimeZone(zone: string): boolean {
	if (knownZones.has(zone)) return true;
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: zone });
	} catch {
		return false;
	}
	knownZones.add(zone);
	return true;
}

/** Zones already checked: the rail's Fallback Time Zone is checked for every item. */
const knownZones = new Set<string>();

/** "Sunday 10:30" in `zone` at `at`. */
export function describeLocalTime(zone: string, at: number): string {
	const { weekday, minutes } = localTime(zone, at);
	return `${WEEKDAY_NAMES[weekday]} ${clock(minutes / 60)}`;
}

/** "8:00–21:00", and "Sundays 12:00–21:00" where Sunday differs; "never" for an empty window. */
export function describeWindows(windows: HourWindow[]): string {
	const span = (w: HourWindow) => (w.start < w.end ? `${clock(w.start)}–${clock(w.end)}` : 'never');
	const weekdays = span(windows[1]);
	const sunday = span(windows[0]);
	return sunday === weekdays ? weekdays : `${weekdays}, Sundays ${sunday}`;
}

function clock(hours: number): string {
	const whole = Math.floor(hours);
	return `${whole}:${String(Math.round((hours - whole) * 60)).padStart(2, '0')}`;
}
