/**
 * No loops, no runaway bills (typeVersion 1.3): a text from one of the trigger's own numbers
 * starts nothing, and Max Executions per Sender stops a reply loop with another bot. Through
 * n8n's engine and the simulator over real HTTP; the window's clock is moved with Date.now.
 */
import { captureLogs } from '../../tools/harness';
import type { LogCapture, TriggerHost } from '../../tools/harness';
import { IoPhoneSimulator } from '../../tools/simulator';
import { admitSender, maskNumber, SENDER_LIMIT_WINDOW_MS, worthLogging } from '../../nodes/IoPhoneTrigger/sender-limit';
import { ACCOUNT_NUMBER, OTHER_US_NUMBER, US_NUMBER } from '../support/send-node';
import { emitted, hostTrigger, post, textFromAccount } from '../support/trigger-workflow';

const SECOND_NUMBER = '+15553334444';

let sim: IoPhoneSimulator;
let logs: LogCapture;
const hosts: TriggerHost[] = [];

beforeAll(async () => {
	sim = await IoPhoneSimulator.start();
});
afterAll(async () => await sim.close());
beforeEach(() => {
	sim.reset();
	logs = captureLogs();
});
afterEach(async () => {
	logs.stop();
	jest.restoreAllMocks();
	for (const host of hosts.splice(0)) await host.close();
});

async function published(parameters: Record<string, unknown> = {}, options: Parameters<typeof hostTrigger>[2] = {}) {
	const host = await hostTrigger(
		sim,
		{ fromNumbers: `${ACCOUNT_NUMBER}, ${SECOND_NUMBER}`, ...parameters },
		{ typeVersion: 1.3, workflowId: `guards-${hosts.length}-${Date.now()}`, ...options },
	);
	hosts.push(host);
	await host.activate();
	return host;
}

const received = (id: number, from: string, to = ACCOUNT_NUMBER) => ({
	id,
	time: '2023-09-14T13:52:27.881412Z',
	type: 'message-received',
	direction: 'in',
	to,
	from,
	text: `text ${id}`,
});

describe("the trigger's own numbers", () => {
	test('a text from one of its From Numbers, or from a number to itself, starts nothing and is answered 200', async () => {
		const host = await published({}, { withReply: true });
		const url = sim.callbackUrlFor(ACCOUNT_NUMBER)!;
		const answers = [
			await post(url, received(1, SECOND_NUMBER)),
			await post(url, received(2, ACCOUNT_NUMBER)),
			await post(url, received(3, US_NUMBER)),
		];
		expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
		await host.idle();
		expect(emitted(host).map((item) => item.from)).toEqual([US_NUMBER]);
		// The one reply went to the customer, none to our own numbers.
		expect(sim.sent.filter((m) => m.text.startsWith('Thanks!')).map((m) => m.to)).toEqual([US_NUMBER]);
	});

	test('an event for a number the trigger does not list starts nothing', async () => {
		const host = await published({ fromNumbers: ACCOUNT_NUMBER });
		expect((await post(sim.callbackUrlFor(ACCOUNT_NUMBER)!, received(4, US_NUMBER, '+15550009999'))).status).toBe(200);
		await host.idle();
		expect(host.executions).toHaveLength(0);
	});

	test('version 1.2 still runs for a text from its own number (saved workflows unchanged)', async () => {
		const host = await published({ fromNumber: ACCOUNT_NUMBER }, { typeVersion: 1.2 });
		await post(sim.callbackUrlFor(ACCOUNT_NUMBER)!, received(5, ACCOUNT_NUMBER));
		await host.waitForExecutions(1);
	});
});

describe('Max Executions per Sender', () => {
	test('an auto-responder answering every reply: the exchange stops at the limit, and the log counts the drop with the number masked', async () => {
		const host = await published({ maxExecutionsPerSender: 3 }, { withReply: true });
		const bot = OTHER_US_NUMBER;
		const repliesToBot = () => sim.sent.filter((m) => m.to === bot && m.text.startsWith('Thanks!')).length;
		let answered = -1;
		// The bot answers every text it gets with another text, until nobody answers it.
		for (let turn = 0; repliesToBot() > answered; turn += 1) {
			answered = repliesToBot();
			await sim.receive({ from: bot, to: ACCOUNT_NUMBER, text: `Auto-reply ${turn}` });
			await host.idle();
		}
		expect(host.executions).toHaveLength(3);
		expect(repliesToBot()).toBe(3);
		const warnings = logs.entries.filter((line) => line.level === 'warn' && line.message.includes('Max Executions per Sender'));
		expect(warnings).toHaveLength(1);
		expect(warnings[0].message).toContain(`1 text(s) in a row from ${maskNumber(bot)} dropped`);
		expect(logs.lines.join('\n')).not.toContain(bot);
		expect(logs.lines.join('\n')).not.toContain(sim.apiKey);
	});

	test('the limit is per sender, and a sender gets through again once the minute is over', async () => {
		const host = await published({ maxExecutionsPerSender: 2 });
		const start = Date.now();
		const clock = jest.spyOn(Date, 'now').mockReturnValue(start);
		for (let i = 0; i < 3; i += 1) await sim.receive({ from: US_NUMBER, to: ACCOUNT_NUMBER, text: `mine ${i}` });
		await sim.receive({ from: OTHER_US_NUMBER, to: ACCOUNT_NUMBER, text: 'someone else' });
		await host.idle();
		expect(emitted(host).map((item) => item.text)).toEqual(['mine 0', 'mine 1', 'someone else']);
		clock.mockReturnValue(start + SENDER_LIMIT_WINDOW_MS);
		await sim.receive({ from: US_NUMBER, to: ACCOUNT_NUMBER, text: 'a minute later' });
		await host.idle();
		expect(emitted(host).map((item) => item.text)).toContain('a minute later');
	});

	test('a STOP over the limit still runs the workflow (the opt-out is recorded) but gets no automatic answer', async () => {
		const host = await published({ maxExecutionsPerSender: 2 });
		const setupTexts = sim.sent.length;
		for (const text of ['one', 'two', 'STOP', 'three']) await sim.receive({ from: US_NUMBER, to: ACCOUNT_NUMBER, text });
		await host.idle();
		expect(emitted(host).map((item) => [item.text, item.keyword])).toEqual([
			['one', null],
			['two', null],
			['STOP', 'optOut'],
		]);
		expect(emitted(host)[2]).not.toHaveProperty('keywordAnswer');
		expect(sim.sent.slice(setupTexts)).toEqual([]);
	});

	test('a STOP within the limit is answered and does not count towards it', async () => {
		const host = await published({ maxExecutionsPerSender: 1 });
		const setupTexts = sim.sent.length;
		for (const text of ['STOP', 'hello', 'again']) await sim.receive({ from: US_NUMBER, to: ACCOUNT_NUMBER, text });
		await host.idle();
		expect(emitted(host).map((item) => item.text)).toEqual(['STOP', 'hello']);
		expect(emitted(host)[0].keywordAnswer).toMatchObject({ sent: true });
		expect(sim.sent.slice(setupTexts).map((m) => m.to)).toEqual([US_NUMBER]);
	});

	test('only received texts count: deliveries and failures are never limited', async () => {
		const host = await published({ maxExecutionsPerSender: 1 });
		for (let i = 0; i < 3; i += 1) await sim.deliver((await textFromAccount(sim)).id);
		await host.idle();
		expect(host.executions).toHaveLength(3);
	});

	test('0 means no limit', async () => {
		const host = await published({ maxExecutionsPerSender: 0 });
		for (let i = 0; i < 12; i += 1) await sim.receive({ from: US_NUMBER, to: ACCOUNT_NUMBER, text: `n${i}` });
		await host.idle();
		expect(host.executions).toHaveLength(12);
	});
});

describe('the sender window (in-process, injected clock)', () => {
	test('at most max in any window, counted per sender; drops in a row are counted', () => {
		const scope = `unit-${Date.now()}`;
		const at = (ms: number) => admitSender(scope, US_NUMBER, 2, 1_000_000 + ms);
		expect([at(0), at(10), at(20), at(30)]).toEqual([{ admitted: true }, { admitted: true }, { admitted: false, dropped: 1 }, { admitted: false, dropped: 2 }]);
		expect(admitSender(scope, OTHER_US_NUMBER, 2, 1_000_030)).toEqual({ admitted: true });
		// The first start leaves the window: one more fits, the drop count starts again.
		expect(at(SENDER_LIMIT_WINDOW_MS)).toEqual({ admitted: true });
		expect(at(SENDER_LIMIT_WINDOW_MS + 5)).toEqual({ admitted: false, dropped: 1 });
	});

	test('the log gets the 1st, 10th, 100th… drop in a row', () => {
		expect(Array.from({ length: 1000 }, (_, i) => i + 1).filter(worthLogging)).toEqual([1, 10, 100, 1000]);
	});

	test('a masked number keeps its country and area code and its last four digits', () => {
		expect(maskNumber('+12025550123')).toBe('+1202•••0123');
	});
});
