import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { DeduplicationItemTypes, ICheckProcessedOptions, IDataObject, IExecuteFunctions, INodeExecutionData, JsonObject } from 'n8n-workflow';

/**
 * "Skip Texts Already Sent": a record of texts (To Number + Text) in n8n's own database, through
 * n8n's de-duplication helpers (`this.helpers.checkProcessedAndRecord`, scope 'node'), so it holds
 * across runs, workers and restarts.
 *
 * Per text: a *claim* is recorded before the text is sent, and a *sent* mark once IO Phone took it.
 * A later run skips a text whose claim exists: as `alreadySent` when the mark exists too, as
 * `inDoubt` when not (the run that claimed it stopped, or failed, while the text was on its way:
 * IO Phone may or may not have it, and has no idempotency key to ask). A refusal by IO Phone
 * (3xx/4xx answer) removes the claim, so the text can be sent again.
 *
 * The window is kept in time buckets of its length: a text counts as sent when it was claimed in
 * this bucket or the previous one, so it is skipped for at least the window and at most twice it.
 *
 * n8n's helper reads and rewrites the node's whole record per call, so the calls of one run go
 * one after another, each carrying every request that queued meanwhile.
 */
export type SkipReason = 'alreadySent' | 'inDoubt' | 'earlierInThisRun';

export const SKIP_MESSAGES: Record<SkipReason, string> = {
	alreadySent: 'Not sent: the same text went to this number in an earlier run',
	inDoubt:
		'Not sent: an earlier run was sending the same text to this number when it stopped, so IO Phone may or may not have sent it. Check IO Phone before sending it again.',
	earlierInThisRun: 'Not sent: an earlier item of this run has the same To Number and Text',
};

/** Most entries kept: 3 per text, so the last 20,000 texts (n8n drops the oldest beyond). */
export const MAX_LEDGER_ENTRIES = 60_000;
const OPTIONS: ICheckProcessedOptions = { mode: 'entries', maxEntries: MAX_LEDGER_ENTRIES };

interface Text {
	toNumber: string;
	text: string;
}

type Job = { kind: 'claim' | 'check' | 'mark' | 'release'; keys: string[][]; done: (result: boolean[]) => void; fail: (error: unknown) => void };

export class SentLedger {
	private readonly bucket: number;
	private readonly queue: Job[] = [];
	private flushing = false;
	private readonly inThisRun = new Map<string, number>();

	constructor(
		private readonly ctx: IExecuteFunctions,
		windowHours: number,
		now = Date.now(),
	) {
		this.bucket = Math.floor(now / (windowHours * 3_600_000));
		if (typeof ctx.helpers.checkProcessedAndRecord !== 'function') {
			throw new NodeOperationError(ctx.getNode(), 'Skip Texts Already Sent needs n8n’s de-duplication store, which this n8n does not offer here');
		}
	}

	/**
	 * Sends `text` through `send` unless it was claimed already (then an item marking it skipped);
	 * records the claim before and the sent mark after. Errors of `send` are passed on.
	 */
	async guard(itemIndex: number, text: Text, send: () => Promise<INodeExecutionData>): Promise<INodeExecutionData> {
		const id = fingerprint(text);
		const first = this.inThisRun.get(id);
		if (first !== undefined) return skipped(itemIndex, text, 'earlierInThisRun', first);
		this.inThisRun.set(id, itemIndex);

		const claimKeys = [key('claim', this.bucket, id), key('claim', this.bucket - 1, id)];
		const [claimed] = await this.enqueue('claim', [claimKeys]);
		if (!claimed) {
			const [sent] = await this.enqueue('check', [[key('sent', this.bucket, id), key('sent', this.bucket - 1, id)]]);
			return skipped(itemIndex, text, sent ? 'alreadySent' : 'inDoubt');
		}
		let result: INodeExecutionData;
		try {
			result = await send();
		} catch (error) {
			const status = Number((error as { httpCode?: unknown }).httpCode);
			if (status >= 300 && status < 500) await this.enqueue('release', [claimKeys]);
			throw error instanceof NodeApiError ? error : new NodeApiError(this.ctx.getNode(), error as JsonObject, { itemIndex });
		}
		// The text is out: a failed mark leaves the claim, so a later run reports it in doubt, never resends it.
		await this.enqueue('mark', [[key('sent', this.bucket, id)]]).catch(() => undefined);
		return result;
	}

	private enqueue(kind: Job['kind'], keys: string[][]): Promise<boolean[]> {
		return new Promise((done, fail) => {
			this.queue.push({ kind, keys, done, fail });
			if (!this.flushing) void this.flush();
		});
	}

	/** One helper call per kind for everything queued, until the queue is empty. */
	private async flush(): Promise<void> {
		this.flushing = true;
		// The loop's last check of the queue and clearing the flag happen in one synchronous step,
		// so a job queued after it starts a new flush.
		try {
			while (this.queue.length) {
				const jobs = this.queue.splice(0);
				for (const kind of ['release', 'claim', 'mark', 'check'] as const) {
					const batch = jobs.filter((job) => job.kind === kind);
					if (!batch.length) continue;
					try {
						const results = await this.call(kind, batch.map((job) => job.keys).flat());
						let at = 0;
						for (const job of batch) {
							job.done(results.slice(at, at + job.keys.length));
							at += job.keys.length;
						}
					} catch (error) {
						const failure = new NodeOperationError(this.ctx.getNode(), `Skip Texts Already Sent could not use n8n’s record of sent texts: ${(error as Error).message}`);
						for (const job of batch) job.fail(failure);
					}
				}
			}
		} finally {
			this.flushing = false;
		}
	}

	/**
	 * Per group of keys: claim → true when none was recorded (then all are recorded now; otherwise
	 * nothing new is left recorded); check → true when one was recorded (nothing is left recorded
	 * by the check); mark, release → true.
	 */
	private async call(kind: Job['kind'], groups: string[][]): Promise<boolean[]> {
		const helpers = this.ctx.helpers;
		const all: DeduplicationItemTypes[] = groups.flat();
		if (kind === 'release') {
			await helpers.removeProcessed(all, 'node', OPTIONS);
			return groups.map(() => true);
		}
		const { processed } = await helpers.checkProcessedAndRecord(all, 'node', OPTIONS);
		const seen = new Set(processed.map(String));
		if (kind === 'check') {
			const recordedNow = all.filter((k) => !seen.has(String(k)));
			if (recordedNow.length) await helpers.removeProcessed(recordedNow, 'node', OPTIONS);
			return groups.map((keys) => keys.some((k) => seen.has(k)));
		}
		if (kind === 'claim') {
			const claimed = groups.map((keys) => keys.every((k) => !seen.has(k)));
			// A text claimed before keeps its old claim only: the keys this call added for it go again.
			const added = groups.filter((_, g) => !claimed[g]).flat().filter((k) => !seen.has(k));
			if (added.length) await helpers.removeProcessed(added, 'node', OPTIONS);
			return claimed;
		}
		return groups.map(() => true);
	}
}

function fingerprint({ toNumber, text }: Text): string {
	return `${toNumber}\n${text}`;
}

function key(kind: 'claim' | 'sent', bucket: number, id: string): string {
	return `iophone:${kind}:${bucket}:${id}`;
}

function skipped(itemIndex: number, { toNumber, text }: Text, reason: SkipReason, sameAsItem?: number): INodeExecutionData {
	const json: IDataObject = { skipped: true, skipReason: reason, message: SKIP_MESSAGES[reason], to: toNumber, text };
	if (sameAsItem !== undefined) json.sameAsItem = sameAsItem;
	return { json, pairedItem: { item: itemIndex } };
}
