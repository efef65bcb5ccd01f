/**
 * SMS segments as IO Phone counts them. GSM 03.38 has one definition in this repository, the
 * node's (nodes/IoPhone/helpers/segments.ts): GSM-7 160 septets alone or 153 per part, UCS-2 70
 * or 67 UTF-16 units, and an escape pair (€, [, ]…) or surrogate pair never split across parts.
 */
import { estimateSegments } from '../../nodes/IoPhone/helpers/segments';

export function segmentCount(text: string): number {
	return estimateSegments(text).segments;
}
