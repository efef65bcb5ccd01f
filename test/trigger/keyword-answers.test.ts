/**
 * Keywords on the trigger (typeVersion 1.2): received texts say whether they are STOP, START or
 * HELP, and the trigger answers each keyword once, from the number that was texted, before the
 * workflow runs. Through n8n's engine and the simulator over real HTTP.
 */
import { IoPhoneSimulator } from '../../tools/simulator';
import type { TriggerHost } from '../../tools/harness';
import { KEYWORD_ANSWERS } from '../../nodes/IoPhoneTrigger/description';
import { ACCOUNT_NUMBER, OTHER_US_NUMBER, US_NUMBER, textRequests } from '../support/send-node';
import { emitted, hostTrigger, textFromAccount } from '../support/trigger-workflow';

let sim: IoPhoneSimulator;
const hosts: TriggerHost[] = [];

beforeAll(async () => {
	sim = await IoPhoneSimulator.start();
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());
afterEach(async () => {
	for (const host of hosts.splice(0)) await host.close();
});

/** A published trigger at `typeVersion` (1.2 unless told), after its setup text. */
async function published(parameters: Record<string, unknown> = {}, options: Parameters<typeof hostTrigger>[2] = {}) {
	// Each host its own workflow id: the in-process duplicate and answer windows are per workflow and node.
	// The setup text goes to another number than the one that texts keywords.
	const host = await hostTrigger(sim, { setupRecipient: OTHER_US_NUMBER, ...parameters }, { typeVersion: 1.2, workflowId: `wf-${hosts.length}-${Date.now()}`, ...options });
	hosts.push(host);
	await host.activate();
	return host;
}

/** Texts the trigger sent to the person who texted (the setup text goes to the Setup Recipient). */
const answers = () => textRequests(sim).map((r) => r.body).filter((body) => body.toNumber === US_NUMBER);

const text = (body: string) => sim.receive({ from: US_NUMBER, to: ACCOUNT_NUMBER, text: body });

describe('keyword on received texts', () => {
	test.each([
		['STOP', 'optOut'],
		['  stop!! ', 'optOut'],
		['Opt-Out', 'optOut'],
		['Start 🙂', 'optIn'],
		['help?', 'help'],
		['stop by the store tomorrow', null],
		['Hello?', null],
	])('%p gives keyword %p', async (body, keyword) => {
		const host = await published();
		await text(body);
		await host.waitForExecutions(1);
		expect(emitted(host)[0]).toMatchObject({ type: 'message-received', text: body, keyword, replyTo: US_NUMBER, replyFrom: ACCOUNT_NUMBER });
	});

	test('delivered and failed items carry no keyword', async () => {
		const host = await published();
		const { id } = await textFromAccount(sim);
		const delivered = await sim.deliver(id);
		const failed = await sim.fail(id);
		await host.waitForExecutions(2);
		expect(emitted(host)).toEqual([delivered!.payload, failed!.payload]);
	});

	test('a text that is no keyword gets no answer and no keywordAnswer', async () => {
		const host = await published();
		await text('stop by the store tomorrow');
		await host.waitForExecutions(1);
		expect(emitted(host)[0]).not.toHaveProperty('keywordAnswer');
		expect(answers()).toEqual([]);
	});
});

describe('automatic answers (on by default in 1.2)', () => {
	test('STOP sent as two duplicate events: one execution, one confirmation from the number that was texted, with the default text', async () => {
		const host = await published();
		const first = await text('STOP');
		const again = await sim.postWebhook(first!.url, first!.payload);
		expect([first!.status, again.status]).toEqual([200, 200]);
		await host.waitForExecutions(1);
		await host.idle();
		expect(host.executions).toHaveLength(1);
		expect(answers()).toEqual([{ toNumber: US_NUMBER, fromNumber: ACCOUNT_NUMBER, text: KEYWORD_ANSWERS.optOut.defaultText }]);
		const confirmation = sim.sent.at(-1)!;
		expect(emitted(host)[0]).toMatchObject({ keyword: 'optOut', keywordAnswer: { sent: true, id: confirmation.id } });
		// Sent without a callback URL, so the number's events still come to this trigger.
		expect(sim.callbackUrlFor(ACCOUNT_NUMBER)).toContain(host.webhookUrl());
		expect(JSON.stringify(host.executions)).not.toContain(sim.apiKey);
	});

	test("the confirmation's own delivery starts no workflow; another text's delivery does", async () => {
		const host = await published();
		await text('STOP');
		await host.waitForExecutions(1);
		const confirmation = sim.sent.at(-1)!;
		expect((await sim.deliver(confirmation.id))!.status).toBe(200);
		const other = await textFromAccount(sim);
		await sim.deliver(other.id);
		await host.waitForExecutions(2);
		await host.idle();
		expect(emitted(host).map((item) => [item.type, item.id])).toEqual([
			['message-received', emitted(host)[0].id],
			['message-delivered', other.id],
		]);
	});

	test.each([
		['START', 'optIn'],
		['info', 'help'],
	] as const)('%s gets the %s answer', async (body, keyword) => {
		const host = await published();
		await text(body);
		await host.waitForExecutions(1);
		expect(answers()).toEqual([{ toNumber: US_NUMBER, fromNumber: ACCOUNT_NUMBER, text: KEYWORD_ANSWERS[keyword].defaultText }]);
		expect(emitted(host)[0]).toMatchObject({ keyword, keywordAnswer: { sent: true, id: sim.sent.at(-1)!.id } });
	});

	test("each answer's text is the user's, expressions included", async () => {
		const host = await published({ helpAnswer: '=Acme Plumbing: call {{ "614-555-" + "0100" }}. Reply STOP to unsubscribe.' });
		await text('HELP');
		await host.waitForExecutions(1);
		expect(answers().map((a) => a.text)).toEqual(['Acme Plumbing: call 614-555-0100. Reply STOP to unsubscribe.']);
	});

	test('answers switched off: the keyword is still on the item, nothing is sent', async () => {
		const host = await published({ answerOptOut: false, answerOptIn: false, answerHelp: false });
		for (const body of ['STOP', 'START', 'HELP']) await text(body);
		await host.waitForExecutions(3);
		expect(emitted(host).map((item) => item.keyword).sort()).toEqual(['help', 'optIn', 'optOut']);
		for (const item of emitted(host)) expect(item).not.toHaveProperty('keywordAnswer');
		expect(answers()).toEqual([]);
	});

	test('each answer switches on and off on its own', async () => {
		const host = await published({ answerOptIn: false });
		await text('START');
		await text('STOP');
		await host.waitForExecutions(2);
		expect(answers().map((a) => a.text)).toEqual([KEYWORD_ANSWERS.optOut.defaultText]);
	});

	test('with Ignore Duplicate Events off, a duplicate runs the workflow again but is not answered again, even when the copies arrive together', async () => {
		const host = await published({ ignoreDuplicates: false });
		const first = await text('STOP');
		await Promise.all(Array.from({ length: 5 }, () => sim.postWebhook(first!.url, first!.payload)));
		await host.waitForExecutions(6);
		expect(answers()).toHaveLength(1);
		expect(emitted(host).filter((item) => item.keywordAnswer)).toEqual([expect.objectContaining({ keywordAnswer: { sent: true, id: sim.sent.at(-1)!.id } })]);
	});

	test('a failed answer loses no event: the workflow runs and the item says why, in IO Phone\'s words, without the apiKey', async () => {
		const host = await published({}, { withReply: true });
		sim.setFault({ kind: 'status', status: 403, body: { status: 403, message: 'This account may not text this recipient' }, times: 1 });
		await text('STOP');
		const [execution] = await host.waitForExecutions(1);
		expect(execution.run.status).toBe('success');
		expect(emitted(host)[0]).toMatchObject({
			keyword: 'optOut',
			keywordAnswer: { sent: false, error: 'This account may not text this recipient', description: expect.stringContaining('403') },
		});
		// The workflow's own Reply node still ran after the trigger.
		expect(execution.run.data.resultData.runData.Reply).toHaveLength(1);
		expect(JSON.stringify({ executions: host.executions, requests: host.requests })).not.toContain(sim.apiKey);
	});

	test('an answer that timed out or broke is not sent again for a duplicate: it may have gone out', async () => {
		const host = await published({ ignoreDuplicates: false });
		sim.setFault({ kind: 'resetAfterRead', times: 1 });
		const first = await text('STOP');
		await sim.postWebhook(first!.url, first!.payload);
		await host.waitForExecutions(2);
		expect(answers()).toHaveLength(1);
		expect(emitted(host)[0].keywordAnswer).toMatchObject({ sent: false, error: expect.any(String) });
		expect(emitted(host)[1]).not.toHaveProperty('keywordAnswer');
	});

	test('an answer switched on with an empty text is reported, and nothing is sent', async () => {
		const host = await published({ optOutAnswer: '  ' });
		await text('STOP');
		await host.waitForExecutions(1);
		expect(emitted(host)[0].keywordAnswer).toEqual({ sent: false, error: 'Opt-Out Answer is empty' });
		expect(answers()).toEqual([]);
	});

	test("an expression that fails in the answer's text is reported on the item; the event still runs the workflow", async () => {
		const host = await published({ optOutAnswer: '={{ nope( }}' });
		expect((await text('STOP'))!.status).toBe(200);
		await host.waitForExecutions(1);
		expect(emitted(host)[0]).toMatchObject({ keyword: 'optOut', keywordAnswer: { sent: false, error: expect.any(String) } });
		expect(answers()).toEqual([]);
	});

	test('a STOP while the editor listens for a test event is answered too', async () => {
		const host = await published();
		await host.listenForTestEvent();
		await text('STOP');
		const [testRun] = await host.waitForExecutions(1);
		expect(testRun.mode).toBe('manual');
		expect(answers()).toEqual([expect.objectContaining({ text: KEYWORD_ANSWERS.optOut.defaultText })]);
		expect(emitted(host)[0]).toMatchObject({ keyword: 'optOut', keywordAnswer: { sent: true } });
	});
});

describe.each([1, 1.1])('typeVersion %s (saved before keywords existed)', (typeVersion) => {
	test('STOP, START and HELP get no answer, and items are as before: no keyword field', async () => {
		const host = await published({}, { typeVersion });
		for (const body of ['STOP', 'START', 'HELP']) await text(body);
		await host.waitForExecutions(3);
		expect(answers()).toEqual([]);
		for (const item of emitted(host)) {
			expect(Object.keys(item).sort()).toEqual(['description', 'direction', 'from', 'id', 'replyFrom', 'replyTo', 'segmentCount', 'text', 'time', 'to', 'type']);
		}
	});
});

