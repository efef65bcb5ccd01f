import { sleep } from 'n8n-workflow';

/**
 * Re-publishing a workflow whose trigger changed makes n8n call the trigger's `delete` and then,
 * in the same process and moments later, `create`; unpublishing calls `delete` alone. `delete`
 * cannot tell the two apart (n8n passes the same modes), so from version 1.3 it hands what is
 * registered to this module and the clear texts wait REPUBLISH_GRACE_MS: a `create` that comes
 * within it takes the registration over and texts only the numbers added or removed; otherwise
 * the numbers are cleared as on any unpublish.
 */
export const REPUBLISH_GRACE_MS = 5_000;

interface Handover<R> {
	registration: R;
	/** Whether an unpublish clears the numbers (Clear On Deactivate, as the old node said). */
	clear: boolean;
	takenOver: boolean;
	/** Set once the grace is over and the clear texts are going out. */
	clearing?: Promise<void>;
}

const handovers = new Map<string, Handover<unknown>>();

/**
 * Keeps a registration that `delete` just forgot for a `create` of the same trigger; when none
 * comes in time, `sendClears` runs (if `clear`). It reports its own failures, in n8n's log: no
 * execution or request waits on it.
 */
export function handOver<R>(scope: string, registration: R, clear: boolean, sendClears: (registration: R) => Promise<void>): void {
	const handover: Handover<R> = { registration, clear, takenOver: false };
	handovers.set(scope, handover);
	void (async () => {
		await sleep(REPUBLISH_GRACE_MS);
		if (handover.takenOver || handovers.get(scope) !== handover) return;
		handover.clearing = clear ? sendClears(registration).catch(() => undefined) : Promise.resolve();
		await handover.clearing;
		if (handovers.get(scope) === handover) handovers.delete(scope);
	})();
}

/** Whether a registration waits for a `create` of this trigger (so it is not "existing" yet). */
export function isHandedOver(scope: string): boolean {
	const handover = handovers.get(scope);
	return handover !== undefined && !handover.clearing;
}

/**
 * What a `create` takes over: the registration `delete` handed over and whether it would have
 * been cleared. Undefined when nothing waits; `registration` undefined when its clear texts
 * already went out (after waiting for them, so a new setup text always comes after a clear).
 */
export async function takeOver<R>(scope: string): Promise<{ registration?: R; clear: boolean } | undefined> {
	const handover = handovers.get(scope) as Handover<R> | undefined;
	if (!handover) return undefined;
	handovers.delete(scope);
	if (handover.clearing) {
		await handover.clearing;
		return { clear: handover.clear };
	}
	handover.takenOver = true;
	return { registration: handover.registration, clear: handover.clear };
}
