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

/**
 * The same window held in this process's memory, per workflow and trigger node. n8n 2.x does not
 * save static data written while a webhook is answered, and concurrent requests each load their
 * own copy, so the atomic check-and-set happens here; static data adds memory across restarts
 * where n8n keeps it.
 */
const processWindows = new Map<string, Set<string>>();
const MAX_TRACKED_TRIGGERS = 1000;

export function rememberEventInProcess(scope: string, key: string, window = RECENT_EVENTS_WINDOW): boolean {
	let keys = processWindows.get(scope);
	if (keys) processWindows.delete(scope); // re-inserted below: the map stays in least-recently-used order
	keys ??= new Set<string>();
	processWindows.set(scope, keys);
	if (processWindows.size > MAX_TRACKED_TRIGGERS) processWindows.delete(processWindows.keys().next().value!);
	if (keys.has(key)) return false;
	keys.add(key);
	if (keys.size > window) keys.delete(keys.values().next().value!);
	return true;
}
