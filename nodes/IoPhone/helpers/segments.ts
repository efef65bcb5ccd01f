/**
 * How a text travels as SMS: GSM-7 when every character is in the GSM 03.38 alphabet (its
 * extension characters take two septets), UCS-2 as soon as one character is not.
 * Segments: one up to 160 septets (GSM-7) or 70 UTF-16 units (UCS-2); beyond that, concatenated
 * parts of 153 or 67, and a two-unit character (escape sequence or surrogate pair) is never split.
 */
const GSM_BASIC =
	'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
	'¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '\f^{}\\[~]|€';

const BASIC = new Set(GSM_BASIC);
const EXTENSION = new Set(GSM_EXTENSION);

export type Encoding = 'GSM-7' | 'UCS-2';

export interface SegmentEstimate {
	encoding: Encoding;
	/** Septets (GSM-7) or UTF-16 code units (UCS-2) the text takes. */
	units: number;
	segments: number;
}

export function estimateSegments(text: string): SegmentEstimate {
	const costs: number[] = [];
	let gsm = true;
	for (const char of text) {
		if (BASIC.has(char)) costs.push(1);
		else if (EXTENSION.has(char)) costs.push(2);
		else {
			gsm = false;
			break;
		}
	}
	if (!gsm) {
		costs.length = 0;
		for (const char of text) costs.push(char.length);
	}
	const [single, part] = gsm ? [160, 153] : [70, 67];
	const units = costs.reduce((sum, cost) => sum + cost, 0);
	return { encoding: gsm ? 'GSM-7' : 'UCS-2', units, segments: units <= single ? (units ? 1 : 0) : pack(costs, part) };
}

/** Parts needed when characters of the given costs are packed in order without splitting one. */
function pack(costs: number[], size: number): number {
	let parts = 1;
	let used = 0;
	for (const cost of costs) {
		if (used + cost > size) {
			parts++;
			used = 0;
		}
		used += cost;
	}
	return parts;
}
