/**
 * What a bulk send carries, for the benchmark and test/action/ordering.test.ts: contact records
 * as a CRM or a spreadsheet node hands them to n8n, each with a mobile number of one of 20
 * countries, and the node set up the way a bulk reminder workflow is: To Number and Text mapped
 * from the item with expressions.
 */
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import examples from 'libphonenumber-js/examples.mobile.json';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

export const NODE_TYPE = 'n8n-nodes-iophone.ioPhone';

export const COUNTRIES: CountryCode[] = [
	'US', 'CA', 'GB', 'DE', 'FR', 'ES', 'IT', 'NL', 'SE', 'PL',
	'IN', 'BR', 'MX', 'AU', 'JP', 'ZA', 'NG', 'AE', 'SG', 'PH',
];

const FIRST_NAMES = ['Ana', 'Ben', 'Chloé', 'Dmitri', 'Emeka', 'Fatima', 'Giulia', 'Hiro', 'Isabel', 'Jonas'];
const LAST_NAMES = ['García', 'Smith', 'Müller', 'Dubois', 'Rossi', 'Okafor', 'Kowalski', 'Tanaka', 'Silva', 'Nguyen'];

/** A deterministic pseudo-random sequence (mulberry32), so every run sends the same data. */
export function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export interface NumberSample {
	/** As written in the data: E.164, international with spaces, or national. */
	written: string;
	/** The country to read it in (what the node's Country option would be set to). */
	country: CountryCode;
	e164: string;
}

/**
 * Valid mobile numbers of the 20 countries (libphonenumber-js's example number with its last
 * three digits varied), in three ways of writing them: E.164, international format with
 * spaces, and national format (which needs the country).
 */
export function numberSamples(count: number, seed = 1): NumberSample[] {
	const next = random(seed);
	const samples: NumberSample[] = [];
	const table = examples as Record<string, string>;
	for (let attempt = 0; samples.length < count && attempt < count * 20; attempt++) {
		const country = COUNTRIES[samples.length % COUNTRIES.length];
		const example = table[country];
		const digits = example.slice(0, -3) + String(Math.floor(next() * 1000)).padStart(3, '0');
		const parsed = parsePhoneNumberFromString(digits, country);
		if (!parsed?.isValid()) continue;
		const style = samples.length % 3;
		const written =
			style === 0 ? parsed.number : style === 1 ? parsed.formatInternational() : parsed.formatNational();
		samples.push({ written, country, e164: parsed.number });
	}
	if (samples.length < count) throw new Error('Could not generate enough valid numbers');
	return samples;
}

export interface Contact extends IDataObject {
	id: number;
	firstName: string;
	lastName: string;
	email: string;
	/** International format (E.164 or with spaces), as most contact lists keep them. */
	phone: string;
	country: string;
	appointment: string;
}

/**
 * `count` contact items, parsed from JSON as n8n gets them from an HTTP Request, a database
 * or a spreadsheet node: every item has its own objects and strings. Phone numbers are
 * international, so no Country is needed.
 */
export function contactItems(count: number, seed = 7): INodeExecutionData[] {
	const next = random(seed);
	const numbers = numberSamples(Math.min(count, 5000), seed);
	const contacts: Contact[] = new Array(count);
	for (let i = 0; i < count; i++) {
		const sample = numbers[i % numbers.length];
		const firstName = FIRST_NAMES[Math.floor(next() * FIRST_NAMES.length)];
		const lastName = LAST_NAMES[Math.floor(next() * LAST_NAMES.length)];
		const day = 1 + Math.floor(next() * 28);
		const hour = 8 + Math.floor(next() * 10);
		contacts[i] = {
			id: 100000 + i,
			firstName,
			lastName,
			email: `${firstName}.${lastName}.${i}@example.com`.toLowerCase(),
			// National-format samples are written internationally here; see numberSamples for all three.
			phone: sample.written.startsWith('+') ? sample.written : sample.e164,
			country: sample.country,
			appointment: `2026-03-${String(day).padStart(2, '0')}T${String(hour).padStart(2, '0')}:30:00Z`,
		};
	}
	return (JSON.parse(JSON.stringify(contacts)) as Contact[]).map((json) => ({ json }));
}

/** The text the node's Text expression produces for a contact, for the raw HTTP baseline. */
export function textFor(contact: IDataObject): string {
	return `Hi ${contact.firstName}, this is a reminder of your appointment on ${contact.appointment}. Reply STOP to opt out.`;
}

/** Send node parameters: To Number and Text mapped from the item, as a bulk-reminder workflow has them. */
export function sendParameters(concurrency?: number): INodeParameters {
	return {
		resource: 'message',
		operation: 'send',
		toNumber: '={{ $json.phone }}',
		text: '=Hi {{ $json.firstName }}, this is a reminder of your appointment on {{ $json.appointment }}. Reply STOP to opt out.',
		options: concurrency === undefined ? {} : { concurrency },
	};
}
