/** Shared checks for the reliability suite: error shape, secrets in stored runs, sends per text. */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import type { Fault, IoPhoneSimulator, RecordedRequest } from '../../tools/simulator';
import { textRequests } from './send-node';

/** The error classes the nodes may fail with; anything else (TypeError, …) is a bug. */
export const NODE_ERRORS = ['NodeOperationError', 'NodeApiError'];

/** `count` items whose `text` are all different, so sends can be counted per text. */
export function distinctItems(count: number, prefix = 'Reliability check'): INodeExecutionData[] {
	return Array.from({ length: count }, (_, i) => ({ json: { text: `${prefix} #${i}` } }));
}

/** How many times each text was accepted by the simulator. */
export function acceptedPerText(sim: IoPhoneSimulator): Map<string, number> {
	const counts = new Map<string, number>();
	for (const message of sim.sent) counts.set(message.text, (counts.get(message.text) ?? 0) + 1);
	return counts;
}

/** How many POST /text requests carried each text. */
export function requestsPerText(sim: IoPhoneSimulator): Map<string, number> {
	const counts = new Map<string, number>();
	for (const request of textRequests(sim)) {
		const text = (request.body as IDataObject | undefined)?.text;
		if (typeof text === 'string') counts.set(text, (counts.get(text) ?? 0) + 1);
	}
	return counts;
}

/** No text was accepted twice (the contract's "nothing sent twice"). */
export function expectNoTextAcceptedTwice(sim: IoPhoneSimulator) {
	const twice = [...acceptedPerText(sim)].filter(([, count]) => count > 1);
	expect(twice).toEqual([]);
}

/** N in, N out, each output paired to its own input. */
export function expectPaired(items: INodeExecutionData[], count: number) {
	expect(items).toHaveLength(count);
	expect(items.map((item) => item.pairedItem)).toEqual(Array.from({ length: count }, (_, item) => ({ item })));
}

/** An error item (Continue On Fail) that names the item and the field. */
export function expectItemError(item: INodeExecutionData, index: number, field: string, context = `item ${index}`) {
	expect({ context, error: item.json.error }).toEqual({
		context,
		error: expect.stringMatching(new RegExp(`${escape(field)}.*\\[item ${index}\\]`, 's')),
	});
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A run error of the nodes' own shape (not a TypeError wrapped by n8n), naming the item and the field. */
export function expectRunError(error: { name?: string; message: string } | undefined, index: number, field: string) {
	expect(error).toBeDefined();
	expect(NODE_ERRORS).toContain(error!.name);
	expect(error!.message).toContain(`[item ${index}]`);
	expect(error!.message).toContain(field);
}

/**
 * Everything n8n may keep or show of a value, as text: own properties of errors included
 * (message, stack, description, context, cause, messages, …), recursively, cycles cut.
 */
export function everything(value: unknown): string {
	const seen = new WeakSet<object>();
	const expand = (input: unknown, depth: number): unknown => {
		if (depth > 40) return '[deep]';
		if (typeof input === 'bigint') return String(input);
		if (typeof input !== 'object' || input === null) return input;
		if (seen.has(input)) return '[cycle]';
		seen.add(input);
		if (Buffer.isBuffer(input)) return input.toString('utf8');
		if (Array.isArray(input)) return input.map((entry) => expand(entry, depth + 1));
		const out: Record<string, unknown> = {};
		const names = new Set([...Object.getOwnPropertyNames(input), ...Object.keys(input)]);
		if (input instanceof Error) for (const name of ['name', 'message', 'stack', 'cause', 'description', 'context']) names.add(name);
		for (const name of names) {
			let entry: unknown;
			try {
				entry = (input as Record<string, unknown>)[name];
			} catch {
				continue;
			}
			if (typeof entry === 'function') continue;
			out[name] = expand(entry, depth + 1);
		}
		return out;
	};
	return JSON.stringify(expand(value, 0)) ?? '';
}

/** Wall-clock time of an async call. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
	const start = Date.now();
	const result = await fn();
	return { result, ms: Date.now() - start };
}

/**
 * Gives the n-th POST /text request from now `script[n]` (a fault, or none for null/undefined), whatever
 * the timing. It hooks the request log: the simulator records a request, then takes the current fault.
 */
export function scriptFaults(sim: IoPhoneSimulator, script: Array<Fault | null | undefined>) {
	let next = 0;
	const log: RecordedRequest[] = [];
	const push = log.push.bind(log);
	log.push = (...records: RecordedRequest[]) => {
		for (const record of records) {
			if (record.method === 'POST' && record.path === '/api6/text') {
				const fault = script[next++];
				sim.setFault(fault ? { ...fault, times: 1 } : null);
			}
			push(record);
		}
		return log.length;
	};
	sim.requests = log;
}
