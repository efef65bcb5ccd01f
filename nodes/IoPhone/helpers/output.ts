import type { IDataObject } from 'n8n-workflow';

import type { SentText } from '../../shared/transport';
import type { SegmentEstimate } from './segments';

/** The fields of IO Phone's answer to an accepted send, in the contract's order. */
const ANSWER_FIELDS = ['id', 'time', 'segmentCount', 'direction', 'to', 'from', 'text', 'status', 'request_time'];

/**
 * An output item's JSON: IO Phone's answer, then `encoding` and `estimatedSegments`.
 * n8n keeps every output item until the run ends, so its size counts in a bulk send. When the
 * answer has exactly the documented fields, one object literal holds them all in the object
 * itself, which is smaller than adding two fields to the parsed answer, Object.assign or
 * `{ ...answer }` (docs/performance.md has the figures). Any other answer is copied as it is.
 */
export function sentJson(answer: SentText, { encoding, segments }: SegmentEstimate): IDataObject {
	if (!hasDocumentedFields(answer)) return Object.assign({}, answer, { encoding, estimatedSegments: segments });
	const { id, time, segmentCount, direction, to, from, text, status, request_time } = answer;
	return { id, time, segmentCount, direction, to, from, text, status, request_time, encoding, estimatedSegments: segments };
}

function hasDocumentedFields(answer: IDataObject): boolean {
	let count = 0;
	for (const key in answer) {
		if (!ANSWER_FIELDS.includes(key)) return false;
		count++;
	}
	return count === ANSWER_FIELDS.length;
}
