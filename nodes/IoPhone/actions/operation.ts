import type { IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

/** What an operation module (actions/<resource>/<name>.operation.ts) exports. */
export interface Operation {
	/** Its entry in the resource's Operation dropdown. */
	option: INodePropertyOptions;
	/** Its fields, shown only for this resource and operation. */
	description: INodeProperties[];
	/** One output item per input item, paired to it. */
	execute(this: IExecuteFunctions): Promise<INodeExecutionData[]>;
}
