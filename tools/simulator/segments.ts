/** SMS segment count: GSM-7 (160 per single / 153 per part) or UCS-2 (70 / 67 UTF-16 units). */

const GSM7_BASIC =
	'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
	'¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
/** Extension table characters: each takes two septets (escape + char). */
const GSM7_EXTENSION = '\f^{}\\[~]|€';

const basic = new Set(GSM7_BASIC);
const extension = new Set(GSM7_EXTENSION);

/** Septets needed in GSM-7, or null when the text needs UCS-2. */
export function gsm7Length(text: string): number | null {
	let septets = 0;
	for (const char of text) {
		if (basic.has(char)) septets += 1;
		else if (extension.has(char)) septets += 2;
		else return null;
	}
	return septets;
}

export function segmentCount(text: string): number {
	if (text.length === 0) return 0;
	const septets = gsm7Length(text);
	if (septets !== null) return septets <= 160 ? 1 : Math.ceil(septets / 153);
	const units = text.length; // UTF-16 code units
	return units <= 70 ? 1 : Math.ceil(units / 67);
}
