import { NodeOperationError } from 'n8n-workflow';
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import * as message from './message';
import type { Operation } from './operation';

/** Every resource's operations by value: a new resource joins here, a new operation in its resource's index.ts. */
const resources: Record<string, Record<string, Operation>> = { message: message.operations };

function operationFor(resource: string, operation: string): Operation | undefined {
	const operations = Object.hasOwn(resources, resource) ? resources[resource] : {};
	return Object.hasOwn(operations, operation) ? operations[operation] : undefined;
}

/** Runs the operation the node is set to. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const selected = operationFor(resource, operation);
	if (!selected) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	return [await selected.execute.call(this)];
}
