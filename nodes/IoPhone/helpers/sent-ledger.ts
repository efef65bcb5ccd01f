import { NodeOperationError, sleep } from 'n8n-workflow';
import type { DeduplicationItemTypes, ICheckProcessedOptions, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { refusedBeforeSending } from '../../shared/transport';
import { nodeError } from './item-errors';
import { skippedText } from './skipped';
import type { SkipReason } from './skipped';

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
 * n8n records every key it is asked about, so looking up the previous bucket leaves a third entry
 * per text. The first call of a run therefore also asks whether the previous bucket was ever used
 * (every run records its own bucket's *window* key with its first claims). When it was not, and the
 * record is far from the size where n8n drops its oldest entries (a dropped window key would hide
 * that bucket's claims), the run looks up its own bucket only: two entries per text.
 *
 * Speed: n8n keeps the node's whole record as one database row and reads, parses and rewrites all
 * of it on every call, so the cost of a call grows with the record, and the calls must be few.
 * - Requests queue and go in one call (two when something must be removed), one call at a time.
 * - A sent mark is not waited for: it rides along with the claims of the next call, and the run
 *   waits for the last marks before it ends (`settled`).
 * - A call starts once enough texts wait for one, beside those on their way to IO Phone (or none is
 *   on its way, or a request has waited MAX_GATHER_MS). Enough: as many, while a call takes less
 *   time than IO Phone's answer, so two groups take turns (one is sent while the other's claims are
 *   written); three times as many once calls take longer (a big record), so calls are fewer and
 *   carry more claims. Never all: one slow answer would hold up every other text. A text waiting for
 *   its turn (Max Texts per Second) counts as neither waiting nor on its way.
 * Why this keeps the promise after a crash (kill -9): a text's claim is recorded before its request
 * starts, and a sending slot queues its mark before its next claim, in the same call or an earlier
 * one (calls run in order; each is one write). So a record n8n ever held has at most one text per
 * slot claimed and not marked: at most Sends at Once texts in doubt.
 */
/** Most entries n8n keeps for the node (it drops the oldest beyond); a text takes two or three: one or two claims and a mark. */
const MAX_LEDGER_ENTRIES = 60_000;
const OPTIONS: ICheckProcessedOptions = { mode: 'entries', maxEntries: MAX_LEDGER_ENTRIES };
/** Beyond this many entries n8n may have dropped a window key, so a run always looks up the previous bucket too. */
const TRUSTED_WINDOW_KEYS_UP_TO = MAX_LEDGER_ENTRIES / 2;
/** Longest a request waits for others to share its call: for when many of the requests on their way hang on slow answers. */
const MAX_GATHER_MS = 500;

interface Text {
	toNumber: string;
	text: string;
}

/** A request to the record: `keys` in groups, one group per text (a claim covers two buckets). */
type Job = { kind: 'claim' | 'check' | 'mark' | 'release'; keys: string[][]; done: (result: boolean[]) => void; fail: (error: unknown) => void };

export class SentLedger {
	private readonly bucket: number;
	private readonly queue: Job[] = [];
	private flushing = false;
	private readonly inThisRun = new Map<string, number>();
	/** Texts whose request is on its way to IO Phone (claimed, past any wait for a turn, not answered yet). */
	private sending = 0;
	/** Queued requests that a text waits for (claims, checks, releases; not marks). */
	private waiting = 0;
	private gathering = false;
	/** How long the last call took, and IO Phone's recent answer time (ms; a moving average). */
	private callMs = 0;
	private answerMs = 0;
	/** Marks not recorded yet. */
	private readonly marks = new Set<Promise<void>>();
	/** Whether this run's bucket's window key is recorded yet (it goes with the first call that succeeds). */
	private opened = false;
	/** Whether claims and checks look up the previous bucket too (until the first call finds it never used). */
	private lookBack = true;

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
	 * Sends `text` through `send` unless it was claimed already (then output JSON marking it skipped);
	 * records the claim before and queues the sent mark after. `send` calls `started` right before its
	 * request goes out (after any wait for its turn). Errors of `send` are passed on.
	 */
	async guard(itemIndex: number, text: Text, send: (started: () => void) => Promise<IDataObject>): Promise<IDataObject> {
		const id = fingerprint(text);
		const first = this.inThisRun.get(id);
		if (first !== undefined) return skipped(text, 'earlierInThisRun', first);
		this.inThisRun.set(id, itemIndex);

		const claimKeys = this.keys('claim', id);
		const [claimed] = await this.request('claim', [claimKeys]);
		if (!claimed) {
			const [sent] = await this.request('check', [this.keys('sent', id)]);
			return skipped(text, sent ? 'alreadySent' : 'inDoubt');
		}
		let onItsWay = false;
		let startedAt = 0;
		const started = () => {
			if (!onItsWay) this.sending++;
			onItsWay = true;
			startedAt = performance.now();
		};
		let result: IDataObject;
		try {
			result = await send(started);
		} catch (error) {
			if (onItsWay) this.sending--;
			if (refusedBeforeSending(error)) await this.request('release', [claimKeys]);
			else this.flushIfDue();
			throw nodeError(this.ctx, error, itemIndex);
		}
		if (onItsWay) {
			this.sending--;
			const ms = performance.now() - startedAt;
			this.answerMs = this.answerMs ? 0.8 * this.answerMs + 0.2 * ms : ms;
		}
		// The text is out: a failed mark leaves the claim, so a later run reports it in doubt, never resends it.
		const mark = this.enqueue('mark', [[key('sent', this.bucket, id)]]).then(
			() => undefined,
			() => undefined,
		);
		this.marks.add(mark);
		void mark.then(() => this.marks.delete(mark));
		return result;
	}

	/** A text's keys of one kind: in this run's bucket, and in the previous one while that may hold texts. */
	private keys(kind: 'claim' | 'sent', id: string): string[] {
		return this.lookBack ? [key(kind, this.bucket, id), key(kind, this.bucket - 1, id)] : [key(kind, this.bucket, id)];
	}

	/** Waits until every sent mark is recorded (or failed); the run calls it once its texts are done. */
	async settled(): Promise<void> {
		while (this.marks.size) {
			this.flushIfDue(true);
			await Promise.all([...this.marks]);
		}
	}

	/** Queues a request a text waits for. */
	private async request(kind: Job['kind'], keys: string[][]): Promise<boolean[]> {
		this.waiting++;
		return await this.enqueue(kind, keys);
	}

	private enqueue(kind: Job['kind'], keys: string[][]): Promise<boolean[]> {
		return new Promise((done, fail) => {
			this.queue.push({ kind, keys, done, fail });
			this.flushIfDue();
		});
	}

	/** Starts a call when it is due (see the class comment). */
	private flushIfDue(force = false): void {
		if (this.flushing || !this.queue.length) return;
		const enough = this.callMs < this.answerMs ? this.sending : 3 * this.sending;
		if (force || this.sending === 0 || this.waiting >= enough) {
			void this.flush();
		} else if (!this.gathering) {
			this.gathering = true;
			void sleep(MAX_GATHER_MS).then(() => {
				this.gathering = false;
				this.flushIfDue(true);
			});
		}
	}

	/** Settles everything queued in one call, then starts the next call if one is due. */
	private async flush(): Promise<void> {
		this.flushing = true;
		const jobs = this.queue.splice(0);
		this.waiting = 0;
		const startedAt = performance.now();
		try {
			const results = await this.settle(jobs);
			this.callMs = performance.now() - startedAt;
			jobs.forEach((job, j) => job.done(results[j]));
		} catch (error) {
			const failure = new NodeOperationError(this.ctx.getNode(), `Skip Texts Already Sent could not use n8n’s record of sent texts: ${(error as Error).message}`);
			for (const job of jobs) job.fail(failure);
		} finally {
			this.flushing = false;
		}
		// Checked once the texts whose claims this call granted have started their requests (those run
		// as microtasks, before any timer): checked now, none would count as on its way yet, and the
		// next call would leave with only the few texts that were already waiting.
		void sleep(0).then(() => this.flushIfDue());
	}

	/**
	 * Every queued job in at most two helper calls: one that checks and records the keys of claims,
	 * marks and checks, one that removes what must not stay recorded (released claims, keys a claim
	 * or a check added only to look). Per group of keys: claim → true when none was recorded; check →
	 * true when one was; mark, release → true.
	 */
	private async settle(jobs: Job[]): Promise<boolean[][]> {
		const helpers = this.ctx.helpers;
		// The window keys go first, so that n8n, which drops its oldest entries first, drops them before this bucket's claims.
		const opening = this.opened ? [] : [windowKey(this.bucket), windowKey(this.bucket - 1)];
		const looked: DeduplicationItemTypes[] = [...opening, ...jobs.filter((job) => job.kind !== 'release').flatMap((job) => job.keys.flat())];
		const seen = new Set<string>();
		if (looked.length) for (const k of (await helpers.checkProcessedAndRecord(looked, 'node', OPTIONS)).processed) seen.add(String(k));
		if (opening.length) {
			this.opened = true;
			// The previous bucket's window key stays recorded: a later run in this bucket then looks back, which is always safe.
			this.lookBack = seen.has(opening[1]) || (await helpers.getProcessedDataCount('node', OPTIONS).catch(() => Infinity)) > TRUSTED_WINDOW_KEYS_UP_TO;
		}
		const undo: string[] = [];
		const results = jobs.map((job) =>
			job.keys.map((group) => {
				const added = group.filter((k) => !seen.has(k));
				if (job.kind === 'release') undo.push(...group);
				if (job.kind === 'check') undo.push(...added);
				if (job.kind === 'claim' && added.length < group.length) undo.push(...added); // claimed before: keep only the old claim
				if (job.kind === 'claim') return added.length === group.length;
				if (job.kind === 'check') return added.length < group.length;
				return true;
			}),
		);
		if (undo.length) await helpers.removeProcessed(undo, 'node', OPTIONS);
		return results;
	}
}

function fingerprint({ toNumber, text }: Text): string {
	return `${toNumber}\n${text}`;
}

function key(kind: 'claim' | 'sent', bucket: number, id: string): string {
	return `iophone:${kind}:${bucket}:${id}`;
}

/** Recorded by every run with its first claims: the bucket may hold texts. */
function windowKey(bucket: number): string {
	return `iophone:window:${bucket}`;
}

function skipped(text: Text, reason: SkipReason, sameAsItem?: number): IDataObject {
	const json = skippedText(text, reason);
	if (sameAsItem !== undefined) json.sameAsItem = sameAsItem;
	return json;
}
