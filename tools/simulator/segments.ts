/**
 * SMS segments as a carrier counts them, written from the standards rather than from the node, so a
 * test can catch the two disagreeing: the alphabet is 3GPP TS 23.038 §6.2.1 (GSM 7-bit default
 * alphabet and its extension table), the sizes come from TS 23.040 (140 octets of user data, less
 * a 6-octet concatenation header per part of a longer message).
 */

/** TS 23.038 §6.2.1 default alphabet, laid out as the standard's table: row n is code points 16n…16n+15. ESC (0x1B) is a space here; it only starts an extension pair. */
const BASIC_TABLE = [
	'@£$¥èéùìòÇ\nØø\rÅå',
	'Δ_ΦΓΛΩΠΨΣΘΞ ÆæßÉ',
	' !"#¤%&\'()*+,-./',
	'0123456789:;<=>?',
	'¡ABCDEFGHIJKLMNO',
	'PQRSTUVWXYZÄÖÑÜ§',
	'¿abcdefghijklmno',
	'pqrstuvwxyzäöñüà',
];

/** TS 23.038 §6.2.1.1 extension table: each is sent as ESC + its code, two septets. */
const EXTENSION_CHARACTERS = '\f^{}\\[~]|€';

const BASIC = new Set(BASIC_TABLE.join(''));
const EXTENSION = new Set(EXTENSION_CHARACTERS);

/** A message alone in one SMS, and one part of a concatenated message (its header takes the rest). */
const GSM7_LIMITS = { single: 160, perPart: 153 } as const;
const UCS2_LIMITS = { single: 70, perPart: 67 } as const;

type SmsEncoding = 'GSM-7' | 'UCS-2';

/** Septets a character takes in GSM-7, or undefined when GSM-7 cannot carry it. */
function septets(character: string): 1 | 2 | undefined {
	if (BASIC.has(character)) return 1;
	if (EXTENSION.has(character)) return 2;
	return undefined;
}

/** GSM-7 when every character is in the default alphabet or its extension table, UCS-2 otherwise. */
export function encodingOf(text: string): SmsEncoding {
	for (const character of text) if (septets(character) === undefined) return 'UCS-2';
	return 'GSM-7';
}

/** The size of each character in the message's encoding: septets in GSM-7, UTF-16 code units in UCS-2. */
function characterSizes(text: string, encoding: SmsEncoding): number[] {
	// Iterating a string yields code points, so a surrogate pair arrives whole (size 2).
	return [...text].map((character) => (encoding === 'GSM-7' ? septets(character)! : character.length));
}

/** Parts filled greedily; a character that does not fit whole (escape pair, surrogate pair) opens the next part. */
function partsOf(sizes: number[], perPart: number): number {
	let parts = 1;
	let used = 0;
	for (const size of sizes) {
		if (used + size > perPart) {
			parts++;
			used = 0;
		}
		used += size;
	}
	return parts;
}

/** How many SMS a carrier sends for this text; an empty text is none (IO Phone refuses it, and a failed send reports 0). */
export function segmentCount(text: string): number {
	if (text === '') return 0;
	const encoding = encodingOf(text);
	const limits = encoding === 'GSM-7' ? GSM7_LIMITS : UCS2_LIMITS;
	const sizes = characterSizes(text, encoding);
	const total = sizes.reduce((sum, size) => sum + size, 0);
	return total <= limits.single ? 1 : partsOf(sizes, limits.perPart);
}
