/**
 * The keyword table, property-based: a keyword in any case, with any spaces, punctuation and emoji
 * around it, is that keyword; a keyword with anything else (more letters, more words) is none.
 */
import fc from 'fast-check';

import { KEYWORD_WORDS, keywordOf } from '../../nodes/shared/keywords';
import type { Keyword } from '../../nodes/shared/keywords';

const EXPECTED: Array<[string, Keyword]> = [
	...['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'].map((w) => [w, 'optOut'] as [string, Keyword]),
	...['START', 'UNSTOP'].map((w) => [w, 'optIn'] as [string, Keyword]),
	...['HELP', 'INFO'].map((w) => [w, 'help'] as [string, Keyword]),
];

/** A keyword's words as people may write them: one word, or OPT OUT / STOP ALL split any way. */
const written = fc.constantFrom(
	...EXPECTED.map(([word, keyword]) => ({ word, keyword })),
	{ word: 'OPT OUT', keyword: 'optOut' as Keyword },
	{ word: 'OPT-OUT', keyword: 'optOut' as Keyword },
	{ word: 'opt_out', keyword: 'optOut' as Keyword },
	{ word: 'Opt  Out', keyword: 'optOut' as Keyword },
	{ word: 'STOP ALL', keyword: 'optOut' as Keyword },
	{ word: 'stop-all', keyword: 'optOut' as Keyword },
);

/** Upper, lower or mixed case, letter by letter. */
const anyCase = (word: string) =>
	fc.array(fc.boolean(), { minLength: word.length, maxLength: word.length }).map((upper) =>
		[...word].map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase())).join(''),
	);

const SURROUNDING = [' ', '  ', '\t', '\n', '\u00a0', '\u200b', '\u3000', '.', '!', '!!', '?', ',', '"', "'", '«', '»', '(', ')', '*', '-', '…', '🙏', '❤️', '👍🏽', '🇺🇸', '😡', '✋', '#', '~'];
const around = fc.array(fc.constantFrom(...SURROUNDING), { maxLength: 4 }).map((parts) => parts.join(''));

test('the table holds exactly the keywords CTIA and the FCC name', () => {
	const table = Object.entries(KEYWORD_WORDS).flatMap(([keyword, words]) => words.map((w) => [w.replace(' ', ''), keyword]));
	expect(table.sort()).toEqual([...EXPECTED].sort());
});

test('a keyword in any case, with spaces, punctuation and emoji around it, is that keyword', () => {
	fc.assert(
		fc.property(
			written.chain(({ word, keyword }) => fc.tuple(around, anyCase(word), around, fc.constant(keyword))),
			([before, word, after, keyword]) => keywordOf(`${before}${word}${after}`) === keyword,
		),
		{ numRuns: 2000 },
	);
});

test('a keyword with more letters before or after it is no keyword', () => {
	fc.assert(
		fc.property(
			written,
			fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'), minLength: 1, maxLength: 4 }),
			fc.boolean(),
			({ word }, extra, atStart) => {
				const text = atStart ? `${extra}${word}` : `${word}${extra}`;
				// Only where the letters do not themselves make another keyword (STOP + ALL, UN + STOP…).
				fc.pre(!EXPECTED.some(([w]) => w === text.toUpperCase().replace(/[\s\-_]/g, '')));
				return keywordOf(text) === null;
			},
		),
		{ numRuns: 2000 },
	);
});

test('a keyword inside a sentence is no keyword', () => {
	const words = fc.array(fc.constantFrom('by', 'the', 'store', 'now', 'please', 'me', 'with', 'my', 'order', 'it', 'texting'), { minLength: 1, maxLength: 4 });
	fc.assert(
		fc.property(written, words, words, fc.boolean(), ({ word }, before, after, both) => {
			const text = [...(both ? before : []), word, ...after].join(' ');
			return keywordOf(text) === null;
		}),
		{ numRuns: 1000 },
	);
});

test.each([
	'stop by the store tomorrow',
	'stopp',
	'help me with my order',
	'START NOW please',
	'opt',
	'outstop',
	'STOPS',
	'STOPPED',
	'UNSTOPPABLE',
	'INFORMATION',
	'stop it',
	'S T O P',
	'OPT ALL',
	'STOP OUT',
	'',
	'   ',
	'🙏',
	'СТОР', // Cyrillic letters that look like STOP
	'ınfo', // dotless i, which upper-cases to I
	'2STOP',
	'STOP2',
])('%p is no keyword', (text) => {
	expect(keywordOf(text)).toBeNull();
});

test.each([
	['ＳＴＯＰ', 'optOut'], // full-width letters fold to ASCII
	['S\u200bTOP', 'optOut'], // a zero-width space inside is invisible
	['Stop.', 'optOut'],
	['"Unsubscribe"', 'optOut'],
	['Opt-Out', 'optOut'],
	['Start!', 'optIn'],
	['help?', 'help'],
	['Info 🤔', 'help'],
])('%p is %s', (text, keyword) => {
	expect(keywordOf(text)).toBe(keyword);
});

test.each([null, undefined, 42, { text: 'STOP' }, ['STOP']])('a text that is not a string (%p) is no keyword', (text) => {
	expect(keywordOf(text)).toBeNull();
});
