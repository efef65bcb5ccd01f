import type { IDataObject } from 'n8n-workflow';

/** How many recent event keys the duplicate guard remembers per trigger node. */
export const RECENT_EVENTS_WINDOW = 1000;

/**
 * A bounded window of recently accepted event keys (`type:id`), kept in the workflow's static
 * data so it survives restarts: a ring of keys plus an index for constant-time lookup.
 */
interface RecentEvents extends IDataObject {
	ring: string[];
	next: number;
	seen: Record<string, true>;
}

function recentEvents(staticData: IDataObject): RecentEvents {
	const stored = staticData.recentEvents as RecentEvents | undefined;
	if (stored && Array.isArray(stored.ring) && typeof stored.seen === 'object') return stored;
	const fresh: RecentEvents = { ring: [], next: 0, seen: {} };
	staticData.recentEvents = fresh;
	return fresh;
}

export function eventKey(event: IDataObject): string {
	return `${String(event.type)}:${String(event.id)}`;
}

/** Records the key; false when it was already among the last `window` keys (a duplicate). */
export function rememberEvent(staticData: IDataObject, key: string, window = RECENT_EVENTS_WINDOW): boolean {
	const recent = recentEvents(staticData);
	if (recent.seen[key]) return false;
	if (recent.ring.length < window) {
		recent.ring.push(key);
	} else {
		delete recent.seen[recent.ring[recent.next]];
		recent.ring[recent.next] = key;
	}
	recent.next = (recent.next + 1) % window;
	recent.seen[key] = true;
	return true;
}

export function recentEventCount(staticData: IDataObject): number {
	return recentEvents(staticData).ring.length;
}
