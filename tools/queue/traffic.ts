/** Callbacks as IO Phone sends them, posted with bounded parallelism, and the executions they start. */
import type { N8nApi, ExecutionSummary } from '../n8n/n8n-api';
import { waitFor } from '../n8n/wait';
import { postWebhook, receivedPayload } from '../simulator/webhooks';
import type { WebhookDelivery } from '../simulator';

export type Payload = Record<string, unknown> & { id: number; type: string };

/** An incoming text (message-received) from `from` to `to`, with a distinct id and text. */
export function incomingText(id: number, from: string, to: string, text: string): Payload {
	return { ...receivedPayload(id, { from, to, text }) };
}

export const keyOf = (p: { type?: unknown; id?: unknown }) => `${String(p.type)}:${String(p.id)}`;

/** Runs `task` over `items`, `width` at a time; results in input order. */
export async function inPool<T, R>(items: T[], width: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
	const results = new Array<R>(items.length);
	let next = 0;
	const lane = async () => {
		while (next < items.length) {
			const index = next++;
			results[index] = await task(items[index], index);
		}
	};
	await Promise.all(Array.from({ length: Math.min(width, items.length) }, lane));
	return results;
}

/** Per-callback bound: under load n8n answers in seconds; longer than IO Phone's 5 s on purpose. */
export const POST_TIMEOUT_MS = 60_000;

export async function post(url: string, payload: unknown): Promise<WebhookDelivery> {
	return await postWebhook(url, payload, { timeoutMs: POST_TIMEOUT_MS });
}

/** The same callback URL on another host (a webhook process instead of the proxy). */
export function onHost(callbackUrl: string, baseUrl: string): string {
	const url = new URL(callbackUrl);
	const base = new URL(baseUrl);
	url.host = base.host;
	return url.toString();
}

/**
 * Waits until the workflow has at least `atLeast` executions, none running, and the count has
 * not changed for `stableMs`. Bounded.
 */
export async function settledExecutions(api: N8nApi, workflowId: string, atLeast: number, timeoutMs = 300_000, stableMs = 3000): Promise<ExecutionSummary[]> {
	let last = -1;
	let since = Date.now();
	return await waitFor(
		async () => {
			const list = await api.listAllExecutions(workflowId);
			const finished = list.filter((e) => e.status !== 'running' && e.status !== 'new' && e.status !== 'waiting');
			if (finished.length !== last) {
				last = finished.length;
				since = Date.now();
				return undefined;
			}
			return finished.length >= atLeast && finished.length === list.length && Date.now() - since >= stableMs ? finished : undefined;
		},
		{ timeoutMs, intervalMs: 1000, what: `${atLeast} finished executions of workflow ${workflowId} (last count: ${last})` },
	);
}
