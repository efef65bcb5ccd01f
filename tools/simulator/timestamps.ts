/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/** Timestamps in the API's formats, from a nanosecond clock anchored to the wall clock. */

const originNs = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();

export function nowNs(): bigint {
	return originNs + process.hrtime.bigint();
}

/** ISO 8601 UTC with `digits` fractional digits, e.g. '2023-09-14T15:59:38.406172698Z'. */
export function isoTime(ns: bigint, digits: 6 | 9): string {
	const seconds = new Date(Number(ns / 1_000_000n)).toISOString().slice(0, 19);
	const fraction = (ns % 1_000_000_000n).toString().padStart(9, '0').slice(0, digits);
	return `${seconds}.${fraction}Z`;
}

export function unixSeconds(ns: bigint): number {
	return Number(ns / 1_000_000_000n);
}
