import type { IDataObject } from 'n8n-workflow';

import { RECENT_EVENTS_WINDOW, rememberEvent } from '../../nodes/IoPhoneTrigger/recent-events';

/** The module as a fresh n8n process loads it: its in-process windows start empty. */
function freshProcess(): typeof import('../../nodes/IoPhoneTrigger/recent-events') {
	let module: typeof import('../../nodes/IoPhoneTrigger/recent-events') | undefined;
	jest.isolateModules(() => {
		module = jest.requireActual<typeof import('../../nodes/IoPhoneTrigger/recent-events')>('../../nodes/IoPhoneTrigger/recent-events');
	});
	return module!;
}

describe('the duplicate guard\'s window', () => {
	test('stays bounded over 100,000 distinct events and still catches recent duplicates', () => {
		const staticData: IDataObject = {};
		for (let id = 0; id < 100_000; id++) {
			expect(rememberEvent(staticData, `message-received:${id}`)).toBe(true);
		}
		expect((staticData.recentEvents as { ring: string[] }).ring).toHaveLength(RECENT_EVENTS_WINDOW);
		expect(Object.keys((staticData.recentEvents as { seen: object }).seen)).toHaveLength(RECENT_EVENTS_WINDOW);
		expect(JSON.stringify(staticData).length).toBeLessThan(100_000);
		expect(rememberEvent(staticData, 'message-received:99999')).toBe(false);
		expect(rememberEvent(staticData, `message-received:${100_000 - RECENT_EVENTS_WINDOW}`)).toBe(false);
		expect(rememberEvent(staticData, `message-received:${100_000 - RECENT_EVENTS_WINDOW - 1}`)).toBe(true);
	});

	test('survives a JSON round trip, as n8n stores static data', () => {
		let staticData: IDataObject = {};
		rememberEvent(staticData, 'message-delivered:1');
		staticData = JSON.parse(JSON.stringify(staticData));
		expect(rememberEvent(staticData, 'message-delivered:1')).toBe(false);
		expect(rememberEvent(staticData, 'message-failed:1')).toBe(true);
	});
});

describe('the in-process window', () => {
	test('is bounded per trigger and keeps scopes apart', () => {
		const { rememberEventInProcess } = freshProcess();
		for (let id = 0; id < 5_000; id++) rememberEventInProcess('wf-1:node', `message-delivered:${id}`);
		// exactly the last RECENT_EVENTS_WINDOW keys are held: the oldest of them still, the one before it no more
		expect(rememberEventInProcess('wf-1:node', `message-delivered:${5_000 - RECENT_EVENTS_WINDOW}`)).toBe(false);
		expect(rememberEventInProcess('wf-1:node', 'message-delivered:4999')).toBe(false);
		expect(rememberEventInProcess('wf-1:node', `message-delivered:${5_000 - RECENT_EVENTS_WINDOW - 1}`)).toBe(true);
		expect(rememberEventInProcess('wf-1:node', 'message-delivered:0')).toBe(true);
		expect(rememberEventInProcess('wf-2:node', 'message-delivered:4999')).toBe(true);
		// an n8n restart: a new process holds nothing
		expect(freshProcess().rememberEventInProcess('wf-1:node', 'message-delivered:4999')).toBe(true);
	});
});
