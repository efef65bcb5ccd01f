import { WAIT_INDEFINITELY } from 'n8n-workflow';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { IoPhoneSimulator } from '../../tools/simulator';
import { runSend, textRequests, US_NUMBER } from '../support/send-node';

/** Send and Wait's wait: without Options → Limit Wait Time the execution waits until answered, as n8n's own nodes do. */
let sim: IoPhoneSimulator;

beforeAll(async () => {
	sim = await IoPhoneSimulator.start();
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

const sendAndWait = (options: IDataObject = {}): INodeParameters =>
	({ resource: 'message', operation: 'sendAndWait', toNumber: US_NUMBER, message: 'Ship it?', options }) as INodeParameters;

describe('IO Phone node: Send and Wait for Response, how long it waits', () => {
	test('without Limit Wait Time the execution waits indefinitely (not the option’s 45-minute default)', async () => {
		const { run, error } = await runSend(sim, sendAndWait());
		expect(error).toBeUndefined();
		expect(textRequests(sim)).toHaveLength(1);
		expect(run.waitTill).toEqual(WAIT_INDEFINITELY);
	});

	test('with Limit Wait Time added, it waits that long', async () => {
		const before = Date.now();
		const { run } = await runSend(
			sim,
			sendAndWait({ limitWaitTime: { values: { limitType: 'afterTimeInterval', resumeAmount: 2, resumeUnit: 'hours' } } }),
		);
		const waitMs = run.waitTill!.getTime() - before;
		expect(waitMs).toBeGreaterThanOrEqual(2 * 3_600_000);
		expect(waitMs).toBeLessThan(2 * 3_600_000 + 60_000);
	});
});
