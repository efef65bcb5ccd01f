import type { IDataObject } from 'n8n-workflow';

/** Body of POST /text, as the IO Phone contract names its fields. */
export interface SendTextBody extends IDataObject {
	toNumber: string;
	text: string;
	fromNumber?: string;
	callbackUrl?: string;
	country?: string;
}

/** IO Phone's answer to an accepted send. */
export interface SentText extends IDataObject {
	id: number;
	time: string;
	segmentCount: number;
	direction: string;
	to: string;
	from: string;
	text: string;
	status: number;
}
