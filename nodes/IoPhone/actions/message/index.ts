import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../operation';
import * as sendAndWait from './send-and-wait.operation';
import * as send from './send.operation';

/** Message's operations, in the order the Operation dropdown lists them. A new one joins here. */
export const operations = { send, sendAndWait } satisfies Record<string, Operation>;

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: Object.values(operations).map((operation) => operation.option),
		default: 'send',
	},
	...Object.values(operations).flatMap((operation) => operation.description),
];
