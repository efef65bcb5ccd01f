/**
 * The texting keywords US carriers (CTIA) and the FCC's consent-revocation rule give a meaning: a
 * text that is only one of these words asks to stop, to start again, or for help.
 */
export type Keyword = 'optOut' | 'optIn' | 'help';

/** Each keyword's words as people read them; compared in upper case with the two words joined. */
export const KEYWORD_WORDS: Record<Keyword, readonly string[]> = {
	optOut: ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPT OUT'],
	optIn: ['START', 'UNSTOP'],
	help: ['HELP', 'INFO'],
};

const KEYWORD_OF_WORD = new Map(
	(Object.entries(KEYWORD_WORDS) as Array<[Keyword, readonly string[]]>).flatMap(([keyword, words]) =>
		words.map((word) => [word.replace(' ', ''), keyword] as const),
	),
);

/** Invisible format characters (zero-width space and joiner, byte order mark…), dropped anywhere. */
const FORMAT_CHARACTERS = /\p{Cf}/gu;
/**
 * What may surround the word: spaces, punctuation, symbols (emoji among them) and the marks that
 * ride on emoji (variation selectors, keycaps). Counting "STOP!" or "stop 🙏" matters more than
 * the odd false positive: a missed opt-out is the costly mistake.
 */
const SURROUNDINGS = /^[\p{Z}\s\p{P}\p{S}\p{M}]+|[\p{Z}\s\p{P}\p{S}\p{M}]+$/gu;
/** The two-word keywords, however the words are joined: OPT OUT, OPT-OUT, OPTOUT, STOP ALL. */
const OPT_OUT = /^OPT[\s\-_.]*OUT$/;
const STOP_ALL = /^STOP[\s\-_.]*ALL$/;

/**
 * The keyword a whole text is, or null. Any case; surrounding spaces, punctuation and emoji are
 * ignored, nothing else: "stop by the store" or "STOPP" is no keyword. Letters must be plain
 * ASCII after Unicode compatibility folding (full-width ＳＴＯＰ counts, Cyrillic СТОР does not).
 */
export function keywordOf(text: unknown): Keyword | null {
	if (typeof text !== 'string') return null;
	const word = text.normalize('NFKC').replace(FORMAT_CHARACTERS, '').replace(SURROUNDINGS, '');
	// eslint-disable-next-line no-control-regex -- the ASCII range, not control characters
	if (!/^[\x00-\x7F]+$/.test(word)) return null;
	const joined = word.toUpperCase().replace(OPT_OUT, 'OPTOUT').replace(STOP_ALL, 'STOPALL');
	return KEYWORD_OF_WORD.get(joined) ?? null;
}

/** A keyword's words for a sentence: "HELP or INFO". */
export function keywordWordsText(keyword: Keyword): string {
	const words = KEYWORD_WORDS[keyword];
	return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}
