/** A number, or text that reads as one ("5", " 2.5 "); undefined for anything else, NaN included. */
export function numberFrom(value: unknown): number | undefined {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	return typeof number === 'number' && !Number.isNaN(number) ? number : undefined;
}

/** How an unexpected value is named in an error: 5, "text", a list, an object, null, true (a boolean). */
export function describeValue(value: unknown): string {
	if (typeof value === 'number') return String(value);
	if (typeof value === 'string') return JSON.stringify(value);
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'boolean') return `${value} (a boolean)`;
	if (typeof value === 'object') return 'an object';
	return `a ${typeof value}`;
}
