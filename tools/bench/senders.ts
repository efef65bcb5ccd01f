/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * The two ways of sending the same texts that the benchmark compares: the IO Phone node run
 * in n8n's engine (the project's harness: n8n-core's WorkflowExecute, credentials stored
 * encrypted and resolved as n8n does), and raw HTTP with axios, no n8n at all.
 */
import axios from 'axios';
import http from 'node:http';
import path from 'node:path';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { loadPackage, PACKAGE_ROOT, runNode } from '../harness';
import type { ExtraTypes, LoadedPackage, RunNodeResult } from '../harness';
import type { SimulatorProcess } from './simulator-process';
import { NODE_TYPE, textFor } from '../simulator/workload';

export interface Timed<T> {
	ms: number;
	value: T;
}

export async function timed<T>(fn: () => Promise<T>): Promise<Timed<T>> {
	const start = performance.now();
	const value = await fn();
	return { ms: performance.now() - start, value };
}

/**
 * The built package the benchmark runs: this repository's package.json and dist/, or the
 * folder in BENCH_PACKAGE_DIR (a copy of another build's package.json and dist/, to compare).
 */
export const PACKAGE_DIR = path.resolve(process.env.BENCH_PACKAGE_DIR || PACKAGE_ROOT);

let packageUnderTest: LoadedPackage | undefined;

/** The package under test, loaded once (with `extra` node types on the first call, if given). */
export function benchPackage(extra?: ExtraTypes): LoadedPackage {
	packageUnderTest ??= loadPackage(extra, { directory: PACKAGE_DIR });
	if (packageUnderTest.missingFiles.length) {
		throw new Error(`Not built: ${packageUnderTest.missingFiles.join(', ')} in ${PACKAGE_DIR} (run npm run build)`);
	}
	return packageUnderTest;
}

/** Runs the send node over `items` in n8n's engine; throws if the node failed. */
export async function sendWithNode(
	sim: SimulatorProcess,
	items: INodeExecutionData[],
	parameters: INodeParameters,
): Promise<INodeExecutionData[]> {
	return (await runSendNode(sim, items, parameters)).items;
}

/** The whole run (output items and n8n's run data); throws if the node failed. */
export async function runSendNode(
	sim: Pick<SimulatorProcess, 'baseUrl' | 'apiKey'>,
	items: INodeExecutionData[],
	parameters: INodeParameters,
): Promise<RunNodeResult> {
	const credentials = { ioPhoneApi: { apiKey: sim.apiKey, baseUrl: sim.baseUrl } };
	return await runOrThrow({ pkg: benchPackage(), type: NODE_TYPE, parameters, items, credentials });
}

async function runOrThrow(options: Parameters<typeof runNode>[0]): Promise<RunNodeResult> {
	const result = await runNode(options);
	if (result.error) throw new Error(`${options.type} failed: ${result.error.message}`);
	return result;
}

export interface RawOptions {
	concurrency: number;
	/** A new connection per request (a fresh http.Agent), as n8n's request helper makes one per request. */
	newConnectionPerRequest?: boolean;
}

/**
 * POST /text for every item with axios (Node's default keep-alive agent unless asked
 * otherwise), `concurrency` at a time, answers kept in input order: the least any client
 * has to do to send these texts.
 */
export async function sendRaw(
	sim: SimulatorProcess,
	items: INodeExecutionData[],
	{ concurrency, newConnectionPerRequest = false }: RawOptions,
): Promise<IDataObject[]> {
	const url = `${sim.baseUrl}/text`;
	const results = new Array<IDataObject>(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const i = next++;
			const contact = items[i].json;
			const response = await axios.post<IDataObject>(
				url,
				{ toNumber: contact.phone, text: textFor(contact) },
				{
					params: { apiKey: sim.apiKey },
					...(newConnectionPerRequest ? { httpAgent: new http.Agent() } : {}),
				},
			);
			results[i] = response.data;
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
	return results;
}

/** Checks that output i is the text sent to item i's number, for every i. */
export function assertInOrder(items: INodeExecutionData[], outputs: Array<IDataObject | INodeExecutionData>, e164: (i: number) => string) {
	if (outputs.length !== items.length) throw new Error(`Expected ${items.length} outputs, got ${outputs.length}`);
	for (let i = 0; i < outputs.length; i++) {
		const output = outputs[i] as IDataObject & { json?: IDataObject };
		const json = output.json ?? output;
		if (json.to !== e164(i) || typeof json.id !== 'number') {
			throw new Error(`Output ${i} is not the text to item ${i}: ${JSON.stringify(json).slice(0, 200)}`);
		}
	}
}
