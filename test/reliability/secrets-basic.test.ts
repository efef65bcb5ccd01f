/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
import { captureLogs } from '../../tools/harness';
import { IoPhoneSimulator } from '../../tools/simulator';
import { US_NUMBER, runSend, sendParameters } from '../support/send-node';

const SECRET = 'sk-live-DO-NOT-LEAK-4f8a2c';

let sim: IoPhoneSimulator;

beforeAll(async () => {
	sim = await IoPhoneSimulator.start({ apiKey: SECRET });
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

/** Everything n8n keeps of a run, as it would store it: output items, errors and their descriptions. */
function stored(run: unknown): string {
	return JSON.stringify(run, (_key, value: unknown) =>
		value instanceof Error ? { ...value, message: value.message, stack: value.stack } : value,
	);
}

describe('the apiKey never leaks', () => {
	test('not in output items, error items, errors or debug logs, whatever fails', async () => {
		const logs = captureLogs();
		try {
			const rows = [US_NUMBER, 'not-a-number', '+12015550123'].map((phone) => ({ json: { phone } }));
			const ok = await runSend(sim, sendParameters({ toNumber: '={{ $json.phone }}' }), { items: rows, continueOnFail: true });
			expect(ok.items).toHaveLength(3);
			const forbidden = await runSend(sim, sendParameters({ additionalFields: { fromNumber: '+16142570000' } }));
			expect(forbidden.error).toBeDefined();
			sim.setFault({ kind: 'status', status: 500 });
			const serverError = await runSend(sim, sendParameters());
			expect(serverError.error).toBeDefined();
			sim.setFault({ kind: 'resetBeforeRead' });
			const reset = await runSend(sim, sendParameters());
			expect(reset.error).toBeDefined();
			sim.setFault({ kind: 'html' });
			const html = await runSend(sim, sendParameters(), { continueOnFail: true });
			expect(html.items[0].json.error).toBeDefined();

			for (const result of [ok, forbidden, serverError, reset, html]) {
				expect(stored(result.run)).not.toContain(SECRET);
				expect(stored(result.error ?? null)).not.toContain(SECRET);
			}
			expect(logs.lines.length).toBeGreaterThan(0);
			expect(logs.lines.join('\n')).not.toContain(SECRET);
		} finally {
			logs.stop();
		}
	});
});
