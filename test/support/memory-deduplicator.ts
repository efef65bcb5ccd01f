/**
 * A store for n8n-core's DataDeduplicationService (`DataDeduplicationService.init(store)`), behind
 * the de-duplication helpers Skip Texts Already Sent uses. In n8n the record is in its database
 * (the cli's DeduplicationHelper on the processed_data table), which the harness does not have;
 * this keeps entries in memory as n8n's does (md5 of each value, the oldest dropped beyond maxEntries).
 */
import { createHash } from 'node:crypto';
import type { DeduplicationItemTypes, DeduplicationScope, ICheckProcessedContextData, ICheckProcessedOptions, IDataDeduplicator } from 'n8n-workflow';

/** Entries per workflow and context ('' or `n:<node id>`), as n8n's DeduplicationHelper keeps them. */
export class MemoryDeduplicator implements IDataDeduplicator {
	readonly records = new Map<string, string[]>();
	/** Called before each call that writes, with the record as it is (what n8n's database would hold if n8n died before this write). */
	beforeWrite?: (record: readonly string[]) => void;

	async checkProcessedAndRecord(items: DeduplicationItemTypes[], scope: DeduplicationScope, context: ICheckProcessedContextData, options: ICheckProcessedOptions) {
		const record = this.record(scope, context);
		this.beforeWrite?.(record);
		const known = new Set(record);
		const result = { new: [] as DeduplicationItemTypes[], processed: [] as DeduplicationItemTypes[] };
		for (const item of items) {
			const hash = md5(item);
			if (known.has(hash)) result.processed.push(item);
			else {
				result.new.push(item);
				record.push(hash);
			}
		}
		if (options.maxEntries) record.splice(0, Math.max(0, record.length - options.maxEntries));
		return result;
	}

	async removeProcessed(items: DeduplicationItemTypes[], scope: DeduplicationScope, context: ICheckProcessedContextData) {
		const record = this.record(scope, context);
		this.beforeWrite?.(record);
		for (const hash of items.map(md5)) {
			const at = record.indexOf(hash);
			if (at !== -1) record.splice(at, 1);
		}
	}

	async clearAllProcessedItems(scope: DeduplicationScope, context: ICheckProcessedContextData) {
		this.records.delete(key(scope, context));
	}

	async getProcessedDataCount(scope: DeduplicationScope, context: ICheckProcessedContextData) {
		return this.record(scope, context).length;
	}

	/** Where the record of a node lives: `recordKey('workflowId', 'nodeId')`. */
	static recordKey(workflowId: string, nodeId: string): string {
		return `${workflowId}|n:${nodeId}`;
	}

	private record(scope: DeduplicationScope, context: ICheckProcessedContextData): string[] {
		const name = key(scope, context);
		if (!this.records.has(name)) this.records.set(name, []);
		return this.records.get(name)!;
	}
}

const md5 = (value: DeduplicationItemTypes) => createHash('md5').update(String(value)).digest('base64');
const key = (scope: DeduplicationScope, context: ICheckProcessedContextData) =>
	scope === 'node' ? MemoryDeduplicator.recordKey(String(context.workflow.id), context.node!.id) : `${context.workflow.id}|`;
