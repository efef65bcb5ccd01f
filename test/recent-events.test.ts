import type { IDataObject } from 'n8n-workflow';

import {
	RECENT_EVENTS_WINDOW,
	forgetProcessWindows,
	processWindowSize,
	recentEventCount,
	rememberEvent,
	rememberEventInProcess,
} from '../nodes/IoPhoneTrigger/recent-events';

describe('the duplicate guard\'s window', () => {
	test('stays bounded over 100,000 distinct events and still catches recent duplicates', () => {
		const staticData: IDataObject = {};
		for (let id = 0; id < 100_000; id++) {
			expect(rememberEvent(staticData, `message-received:${id}`)).toBe(true);
		}
		expect(recentEventCount(staticData)).toBe(RECENT_EVENTS_WINDOW);
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
		forgetProcessWindows();
		for (let id = 0; id < 5_000; id++) rememberEventInProcess('wf-1:node', `message-delivered:${id}`);
		expect(processWindowSize('wf-1:node')).toBe(RECENT_EVENTS_WINDOW);
		expect(rememberEventInProcess('wf-1:node', 'message-delivered:4999')).toBe(false);
		expect(rememberEventInProcess('wf-1:node', 'message-delivered:0')).toBe(true);
		expect(rememberEventInProcess('wf-2:node', 'message-delivered:4999')).toBe(true);
		forgetProcessWindows();
		expect(processWindowSize('wf-1:node')).toBe(0);
	});
});
