/**
 * The simulator's segment counter against counts worked out by hand from 3GPP TS 23.038 / 23.040:
 * GSM-7 160 septets alone, 153 per part, extension characters two septets never split; otherwise
 * UCS-2, 70 UTF-16 units alone, 67 per part, a surrogate pair never split.
 */
import { encodingOf, segmentCount } from '../../tools/simulator';

const a = (n: number) => 'a'.repeat(n);
const zhe = (n: number) => 'ж'.repeat(n);

describe('GSM-7: 160 septets alone, 153 per part', () => {
	test.each([
		['a short text', 'ok', 1],
		['160 characters', a(160), 1],
		['161 characters', a(161), 2],
		['153 × 2 characters', a(306), 2],
		['153 × 2 + 1 characters', a(307), 3],
		['153 × 3 characters', a(459), 3],
		['153 × 3 + 1 characters', a(460), 4],
		['2048 characters (13 full parts and 59 septets)', a(2048), 14],
	])('%s', (_label, text, segments) => {
		expect(encodingOf(text)).toBe('GSM-7');
		expect(segmentCount(text)).toBe(segments);
	});

	test('the default alphabet’s letters and signs outside ASCII are one septet each', () => {
		for (const character of '@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà\n\r') {
			expect([character, encodingOf(character)]).toEqual([character, 'GSM-7']);
			expect([character, segmentCount(character.repeat(160))]).toEqual([character, 1]);
			expect([character, segmentCount(character.repeat(161))]).toEqual([character, 2]);
		}
	});

	test('characters the default alphabet lacks, even close ones (ç, ê, á, `, tab, a combining accent), make the text UCS-2', () => {
		for (const character of ['ç', 'ê', 'á', 'í', 'ó', 'ú', '`', '\t', 'e\u0301']) {
			expect([character, encodingOf(`Hello ${character}`)]).toEqual([character, 'UCS-2']);
		}
	});
});

describe('GSM-7 extension table: escape + character, two septets, never split', () => {
	test.each([...'\f^{}\\[~]|€'])('%j counts two septets', (character) => {
		expect(encodingOf(character)).toBe('GSM-7');
		expect(segmentCount(character.repeat(80))).toBe(1);
		expect(segmentCount(character.repeat(80) + 'a')).toBe(2);
	});

	test.each([
		['all nine brackets and signs × 10 (160 septets)', '{}[]~\\|^'.repeat(10), 1],
		['… and one more character', '{}[]~\\|^'.repeat(10) + 'a', 2],
		['an escape pair ending exactly at septet 153 stays in part 1', `${a(151)}€${a(153)}`, 2],
		['an escape pair that would straddle septets 153/154 moves whole to part 2', `${a(152)}€${a(152)}`, 3],
		['159 septets then an escape pair (161)', `${a(159)}€`, 2],
		['1024 euro signs (2048 septets, 76 pairs per part)', '€'.repeat(1024), 14],
	])('%s', (_label, text, segments) => {
		expect(segmentCount(text)).toBe(segments);
	});
});

describe('UCS-2: 70 UTF-16 units alone, 67 per part', () => {
	test.each([
		['one ê', 'ê', 1],
		['one emoji', '😀', 1],
		['70 units', zhe(70), 1],
		['71 units', zhe(71), 2],
		['67 × 2 units', zhe(134), 2],
		['67 × 2 + 1 units', zhe(135), 3],
		['an emoji is two units: 68 + 2 = 70', `${a(68)}😀`, 1],
		['69 + 2 = 71 units', `${a(69)}😀`, 2],
		['35 emoji (70 units)', '😀'.repeat(35), 1],
		['36 emoji: 33 per part, a pair never split', '😀'.repeat(36), 2],
		['a surrogate pair ending exactly at unit 67 stays in part 1', `${zhe(65)}😀${zhe(67)}`, 2],
		['a surrogate pair that would straddle units 67/68 moves whole to part 2', `${zhe(66)}😀${zhe(66)}`, 3],
		['2048 units (30 full parts and 38 units)', zhe(2048), 31],
	])('%s', (_label, text, segments) => {
		expect(encodingOf(text)).toBe('UCS-2');
		expect(segmentCount(text)).toBe(segments);
	});

	test('one character outside GSM-7 makes the whole text UCS-2, GSM-7 characters then count one unit each', () => {
		expect(segmentCount(a(160))).toBe(1);
		expect(segmentCount(`${a(159)}ç`)).toBe(3); // 160 units: 67 + 67 + 26
		expect(segmentCount(`${'€'.repeat(69)}ж`)).toBe(1); // € is one UTF-16 unit in UCS-2
		expect(segmentCount(`${'€'.repeat(70)}ж`)).toBe(2);
	});
});

test('an empty text is no SMS at all', () => {
	expect(segmentCount('')).toBe(0);
});
