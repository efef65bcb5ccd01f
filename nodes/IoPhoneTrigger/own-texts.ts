import type { IDataObject } from 'n8n-workflow';

/**
 * The texts the trigger sends itself (the setup text on publish, the text that ends a test listen)
 * carry its Production URL as their callback, so IO Phone posts their delivery or failure back to
 * it. Those events are the trigger's own business, not the user's: they start no workflow.
 *
 * The setup text's id goes into static data, which n8n saves after activation, so every process
 * (webhook processes in queue mode too) knows it. The text that ends a test listen is sent where
 * the published workflow's static data cannot be written, so its id is kept in this process only.
 */
const KEPT_IDS = 20;
const MAX_TRACKED_TRIGGERS = 1000;
const OWN_EVENT_TYPES = new Set(['message-delivered', 'message-failed']);
const inProcess = new Map<string, string[]>();

function keep(ids: string[], id: string): string[] {
	return [...ids.filter((kept) => kept !== id), id].slice(-KEPT_IDS);
}

/** Which trigger: a workflow's node, the same in the published workflow and in its test listens. */
export function triggerScope(ctx: { getWorkflow(): { id?: string }; getNode(): { id: string } }): string {
	return `${String(ctx.getWorkflow().id)}:${ctx.getNode().id}`;
}

/** Remembers an id IO Phone gave one of the trigger's own texts, in static data when given and in this process. */
export function rememberOwnText(scope: string, id: unknown, staticData?: IDataObject): void {
	if (id === undefined || id === null) return;
	const key = String(id);
	inProcess.set(scope, keep(inProcess.get(scope) ?? [], key));
	if (inProcess.size > MAX_TRACKED_TRIGGERS) inProcess.delete(inProcess.keys().next().value!);
	if (staticData) staticData.ownTextIds = keep((staticData.ownTextIds as string[] | undefined) ?? [], key);
}

/** Whether the event is the delivery or failure of one of the trigger's own texts. */
export function isOwnTextEvent(scope: string, event: IDataObject, staticData: IDataObject): boolean {
	if (!OWN_EVENT_TYPES.has(String(event.type))) return false;
	const id = String(event.id);
	const stored = staticData.ownTextIds;
	return (Array.isArray(stored) && (stored as unknown[]).includes(id)) || (inProcess.get(scope)?.includes(id) ?? false);
}
