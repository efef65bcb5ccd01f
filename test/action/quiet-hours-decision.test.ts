/**
 * Guard Rails → Quiet Hours, the decision at fixed clock times: numbers in each US time zone, each
 * state's stricter hours, a number in two zones, one the map can't place, daylight-saving days.
 * The clock is a parameter, so nothing here waits. The run through n8n's engine is in quiet-hours.test.ts.
 */
import fc from 'fast-check';

import { decideQuietHours, localTime } from '../../nodes/IoPhone/helpers/quiet-hours-decision';
import type { QuietHoursRule } from '../../nodes/IoPhone/helpers/quiet-hours-decision';

const RULE: QuietHoursRule = { window: { start: 8, end: 21 }, stateRules: true, fallbackZone: 'America/New_York' };
const digits = (e164: string) => e164.replace(/\D/g, '');
const decide = (e164: string, at: string, rule: Partial<QuietHoursRule> = {}) => decideQuietHours(digits(e164), { ...RULE, ...rule }, Date.parse(at));

/** UTC instant of a local wall-clock time at a fixed UTC offset (hours): "2026-01-14", "07:59", -5. */
function at(day: string, time: string, offset: number): string {
	const [h, m] = time.split(':').map(Number);
	const ms = Date.parse(`${day}T00:00:00Z`) + (h * 60 + m - offset * 60) * 60_000;
	return new Date(ms).toISOString();
}

/** One number per US time zone, with its UTC offset in January (standard time) and July (daylight time where kept). */
const US_ZONES = [
	{ zone: 'Eastern', number: '+16142579242', winter: -5, summer: -4 },
	{ zone: 'Central', number: '+13122579242', winter: -6, summer: -5 },
	{ zone: 'Mountain', number: '+13032579242', winter: -7, summer: -6 },
	{ zone: 'Arizona (no daylight time)', number: '+16022579242', winter: -7, summer: -7 },
	{ zone: 'Pacific', number: '+14152579242', winter: -8, summer: -7 },
	{ zone: 'Alaska', number: '+19072579242', winter: -9, summer: -8 },
	{ zone: 'Hawaii (no daylight time)', number: '+18082579242', winter: -10, summer: -10 },
];

// Wednesdays: 2026-01-14 and 2026-07-15.
describe.each(US_ZONES)('$zone ($number), default window 8:00–21:00', ({ number, winter, summer }) => {
	test.each([
		['January', '2026-01-14', '2026-01-15', winter],
		['July', '2026-07-15', '2026-07-16', summer],
	])('in %s: closed at 7:59 until 8:00, open 8:00–20:59, closed at 21:00 until 8:00 next day', (_month, day, nextDay, offset) => {
		const early = decide(number, at(day, '07:59', offset));
		expect(early.open).toBe(false);
		expect(early.sendAfter?.toISOString()).toBe(at(day, '08:00', offset));
		expect(decide(number, at(day, '08:00', offset)).open).toBe(true);
		expect(decide(number, at(day, '20:59', offset)).open).toBe(true);
		const late = decide(number, at(day, '21:00', offset));
		expect(late.open).toBe(false);
		expect(late.sendAfter?.toISOString()).toBe(at(nextDay, '08:00', offset));
	});
});

/** A number in each state with stricter hours, its area code's zone's offset in January. */
const STATES = [
	{ state: 'Florida', number: '+13052579242', offset: -5, start: 8, end: 20 },
	{ state: 'Oklahoma', number: '+14052579242', offset: -6, start: 8, end: 20 },
	{ state: 'Maryland', number: '+14102579242', offset: -5, start: 8, end: 20 },
	{ state: 'Mississippi', number: '+16012579242', offset: -6, start: 8, end: 20 },
	{ state: 'New Jersey', number: '+12012579242', offset: -5, start: 8, end: 20 },
	{ state: 'Connecticut', number: '+12032579242', offset: -5, start: 9, end: 20 },
	{ state: 'Texas', number: '+15122579242', offset: -6, start: 9, end: 21 },
];
const hh = (hour: number, minute = 0) => `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;

describe.each(STATES)('$state ($number): its own hours on a weekday', ({ state, number, offset, start, end }) => {
	const day = '2026-01-14';
	test(`${start}:00–${end}:00, named in the decision`, () => {
		const before = decide(number, at(day, hh(start - 1, 59), offset));
		expect(before.open).toBe(false);
		expect(before.sendAfter?.toISOString()).toBe(at(day, hh(start), offset));
		expect(before.states).toEqual([state]);
		expect(decide(number, at(day, hh(start), offset)).open).toBe(true);
		expect(decide(number, at(day, hh(end - 1, 59), offset)).open).toBe(true);
		const after = decide(number, at(day, hh(end), offset));
		expect(after.open).toBe(false);
		expect(after.sendAfter?.toISOString()).toBe(at('2026-01-15', hh(start), offset));
	});

	test('with Apply US State Rules off, the window is the one set', () => {
		expect(decide(number, at(day, hh(20, 30), offset), { stateRules: false }).open).toBe(true);
		expect(decide(number, at(day, hh(8, 30), offset), { stateRules: false }).open).toBe(true);
	});

	test("a window narrower than the state's stays as set", () => {
		const narrow = { window: { start: 10, end: 12 } };
		expect(decide(number, at(day, hh(9, 30), offset), narrow).open).toBe(false);
		expect(decide(number, at(day, hh(11, 30), offset), narrow).open).toBe(true);
		expect(decide(number, at(day, hh(12), offset), narrow).open).toBe(false);
	});
});

describe('Texas on Sundays: 12:00–21:00', () => {
	const AUSTIN = '+15122579242'; // Central, -6 in January
	const EL_PASO = '+19152579242'; // Texas too, in Mountain time, -7 in January

	test('Saturday 21:00 waits until Sunday 12:00, not 9:00', () => {
		const late = decide(AUSTIN, at('2026-01-17', '21:00', -6));
		expect(late.open).toBe(false);
		expect(late.sendAfter?.toISOString()).toBe(at('2026-01-18', '12:00', -6));
	});

	test('Sunday 11:59 is closed, 12:00 to 20:59 open, 21:00 closed until Monday 9:00', () => {
		expect(decide(AUSTIN, at('2026-01-18', '11:59', -6)).open).toBe(false);
		expect(decide(AUSTIN, at('2026-01-18', '12:00', -6)).open).toBe(true);
		expect(decide(AUSTIN, at('2026-01-18', '20:59', -6)).open).toBe(true);
		expect(decide(AUSTIN, at('2026-01-18', '21:00', -6)).sendAfter?.toISOString()).toBe(at('2026-01-19', '09:00', -6));
	});

	test("El Paso: Texas's hours in El Paso's own (Mountain) time", () => {
		const decision = decide(EL_PASO, at('2026-01-18', '11:30', -7));
		expect(decision).toMatchObject({ open: false, zones: ['America/Denver'], states: ['Texas'] });
		expect(decision.sendAfter?.toISOString()).toBe(at('2026-01-18', '12:00', -7));
	});
});

describe('a number in several time zones: the window must be open in all of them', () => {
	const IDAHO = '+12082579242'; // Boise (Mountain, -7) and Los Angeles (Pacific, -8) in January

	test('8:00 in Boise is 7:00 in Los Angeles: closed until 8:00 there', () => {
		const decision = decide(IDAHO, at('2026-01-14', '08:00', -7));
		expect(decision).toMatchObject({ open: false, zones: ['America/Boise', 'America/Los_Angeles'] });
		expect(decision.sendAfter?.toISOString()).toBe(at('2026-01-14', '08:00', -8));
	});

	test('20:59 in Los Angeles is 21:59 in Boise: closed; 20:59 in Boise: open', () => {
		expect(decide(IDAHO, at('2026-01-14', '20:59', -8)).open).toBe(false);
		expect(decide(IDAHO, at('2026-01-14', '20:59', -7)).open).toBe(true);
	});
});

describe('a number without a time zone of its own: the Fallback Time Zone', () => {
	const TOLL_FREE = '+18002530000'; // the map places it anywhere from Guam to Hawaii

	test('decides in the fallback zone', () => {
		const rule = { fallbackZone: 'Europe/Berlin' };
		const closed = decide(TOLL_FREE, at('2026-01-14', '07:30', 1), rule);
		expect(closed).toMatchObject({ open: false, zones: ['Europe/Berlin'], fallback: true });
		expect(closed.sendAfter?.toISOString()).toBe(at('2026-01-14', '08:00', 1));
		expect(decide(TOLL_FREE, at('2026-01-14', '08:00', 1), rule).open).toBe(true);
	});

	test('digits no map entry starts', () => {
		const decision = decide('+999123', at('2026-01-14', '12:00', 9), { fallbackZone: 'Asia/Tokyo' });
		expect(decision).toMatchObject({ open: true, zones: ['Asia/Tokyo'], fallback: true });
	});

	test('a number the map does place is not decided in the fallback zone', () => {
		expect(decide('+4915112345678', at('2026-01-14', '12:00', 1), { fallbackZone: 'Pacific/Honolulu' })).toMatchObject({
			open: true,
			zones: ['Europe/Berlin'],
			fallback: false,
		});
	});
});

describe('daylight-saving changeover days (US: 8 March and 1 November 2026)', () => {
	const COLUMBUS = '+16142579242';

	test('spring forward: from Saturday 21:30 EST, the window opens Sunday 8:00 EDT (12:00 UTC, not 13:00)', () => {
		const decision = decide(COLUMBUS, '2026-03-08T02:30:00Z');
		expect(decision.open).toBe(false);
		expect(decision.sendAfter?.toISOString()).toBe('2026-03-08T12:00:00.000Z');
		expect(decide(COLUMBUS, '2026-03-08T12:30:00Z').open).toBe(true); // 8:30 EDT
	});

	test('fall back: from Saturday 21:30 EDT, the window opens Sunday 8:00 EST (13:00 UTC)', () => {
		const decision = decide(COLUMBUS, '2026-11-01T01:30:00Z');
		expect(decision.sendAfter?.toISOString()).toBe('2026-11-01T13:00:00.000Z');
		expect(decide(COLUMBUS, '2026-11-01T12:30:00Z').open).toBe(false); // 7:30 EST
	});

	test('Arizona keeps its time on the same days', () => {
		expect(decide('+16022579242', '2026-03-08T15:00:00Z').open).toBe(true); // 8:00 MST
		expect(decide('+16022579242', '2026-03-08T14:59:00Z').sendAfter?.toISOString()).toBe('2026-03-08T15:00:00.000Z');
	});
});

describe('properties, over any instant of 2026–2027 and numbers across zones and states', () => {
	const NUMBERS = [...US_ZONES.map((z) => z.number), ...STATES.map((s) => s.number), '+12082579242', '+16052579242', '+4915112345678', '+61412345678', '+919876543210'];
	const instant = fc.integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') });
	const number = fc.constantFrom(...NUMBERS);
	const window = fc
		.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 1, max: 24 }))
		.filter(([start, end]) => end > start)
		.map(([start, end]) => ({ start, end }));

	test('open means inside the window in every zone; closed means outside it in one', () => {
		fc.assert(
			fc.property(number, instant, (e164, now) => {
				const decision = decideQuietHours(digits(e164), RULE, now);
				const inside = decision.zones.every((zone) => {
					const local = localTime(zone, now);
					const w = decision.windows[local.weekday];
					return local.minutes >= w.start * 60 && local.minutes < w.end * 60;
				});
				expect(decision.open).toBe(inside);
			}),
		);
	});

	test('sendAfter is later than now, open, and the first open moment: every minute before it is closed', () => {
		fc.assert(
			fc.property(number, instant, window, fc.double({ min: 0, max: 1, noNaN: true }), (e164, now, userWindow, fraction) => {
				const rule = { ...RULE, window: userWindow };
				const decision = decideQuietHours(digits(e164), rule, now);
				if (decision.open || !decision.sendAfter) return;
				const opens = decision.sendAfter.getTime();
				expect(opens).toBeGreaterThan(now);
				expect(decideQuietHours(digits(e164), rule, opens).open).toBe(true);
				const between = Math.floor(now + (opens - now) * fraction);
				if (between < opens) expect(decideQuietHours(digits(e164), rule, between).open).toBe(false);
				expect(decideQuietHours(digits(e164), rule, opens - 60_000).open).toBe(false);
			}),
		);
	});

	test('state rules only ever close what the window alone opens', () => {
		fc.assert(
			fc.property(number, instant, (e164, now) => {
				const withStates = decideQuietHours(digits(e164), RULE, now);
				const without = decideQuietHours(digits(e164), { ...RULE, stateRules: false }, now);
				if (withStates.open) expect(without.open).toBe(true);
			}),
		);
	});

	test("local time in a zone without daylight time is UTC plus the zone's fixed offset", () => {
		fc.assert(
			fc.property(instant, fc.constantFrom(['America/Phoenix', -7], ['Pacific/Honolulu', -10], ['Asia/Kolkata', 5.5]), (now, [zone, offset]) => {
				const shifted = new Date(now + Number(offset) * 3_600_000);
				expect(localTime(String(zone), now)).toEqual({ weekday: shifted.getUTCDay(), minutes: shifted.getUTCHours() * 60 + shifted.getUTCMinutes() });
			}),
		);
	});
});
