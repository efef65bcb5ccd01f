import axios from 'axios';

import { IoPhoneApi } from '../../credentials/IoPhoneApi.credentials';
import { DOCS } from '../../nodes/shared/docs-links';
import type { TriggerHost } from '../../tools/harness';
import { testCredential } from '../../tools/harness/credential-test';
import { IoPhoneSimulator, TEST_NUMBER } from '../../tools/simulator';
import { OTHER_US_NUMBER, textRequests } from '../support/send-node';
import { emitted, hostTrigger } from '../support/trigger-workflow';

let sim: IoPhoneSimulator;

beforeAll(async () => {
	sim = await IoPhoneSimulator.start();
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

describe('IO Phone API credential test (as n8n\'s credential tester runs it)', () => {
	test('a good key passes with one simulated send from the test number', async () => {
		const result = await testCredential('ioPhoneApi', { apiKey: sim.apiKey, baseUrl: sim.baseUrl });
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		const [request] = textRequests(sim);
		expect(request.body).toMatchObject({ fromNumber: TEST_NUMBER });
		expect(request.query.apiKey).toBe(sim.apiKey);
		expect(textRequests(sim)).toHaveLength(1);
	});

	test('a wrong key fails with IO Phone\'s own message and the key is not shown', async () => {
		const result = await testCredential('ioPhoneApi', { apiKey: 'wrong-key-1234', baseUrl: sim.baseUrl });
		expect(result.status).toBe('Error');
		expect(result.message).toBe('Invalid API key (HTTP 403)');
		expect(result.message).not.toContain('wrong-key-1234');
	});

	test('an empty key fails without a request', async () => {
		const result = await testCredential('ioPhoneApi', { apiKey: '', baseUrl: sim.baseUrl });
		expect(result).toEqual({ status: 'Error', message: 'Enter the API key of your IO Phone account' });
		expect(textRequests(sim)).toHaveLength(0);
	});

	test('an unreachable host fails with a message that does not contain the key', async () => {
		const closed = await IoPhoneSimulator.start();
		const baseUrl = closed.baseUrl;
		await closed.close();
		const result = await testCredential('ioPhoneApi', { apiKey: 'secret-key-xyz', baseUrl });
		expect(result.status).toBe('Error');
		expect(result.message).toContain('Could not reach IO Phone');
		expect(result.message).not.toContain('secret-key-xyz');
	});
});

describe('the credential test and a published trigger on the test number', () => {
	let host: TriggerHost | undefined;
	afterEach(async () => await host?.close());

	/** A text from the test number, as a workflow in test mode sends it: IO Phone then posts its delivery. */
	const sendFromTestNumber = async (text: string) =>
		await axios.post(`${sim.baseUrl}/text`, { fromNumber: TEST_NUMBER, toNumber: OTHER_US_NUMBER, text }, { params: { apiKey: sim.apiKey } });

	test('opening the credential (its test) starts no workflow; the trigger still runs for the next real delivery', async () => {
		host = await hostTrigger(sim, { fromNumber: TEST_NUMBER, events: ['message-delivered'] });
		await host.activate();
		// The setup text's own delivery is answered and starts nothing either.
		const [setupDelivery] = await sim.waitForWebhooks(1);
		expect(setupDelivery.status).toBe(200);

		const result = await testCredential('ioPhoneApi', { apiKey: sim.apiKey, baseUrl: sim.baseUrl });
		expect(result.status).toBe('OK');
		const credentialTestDelivery = (await sim.waitForWebhooks(2))[1];
		expect(credentialTestDelivery).toMatchObject({ url: sim.callbackUrlFor(TEST_NUMBER), status: 200, payload: { from: TEST_NUMBER } });
		await host.idle();
		expect(host.executions).toHaveLength(0);
		// The credential test left the trigger's registration as it was.
		expect(sim.callbackUrlFor(TEST_NUMBER)).toContain(host.webhookUrl());

		const { data: sent } = await sendFromTestNumber('a real test-mode send');
		await host.waitForExecutions(1);
		expect(emitted(host)).toHaveLength(1);
		expect(emitted(host)[0]).toMatchObject({ type: 'message-delivered', id: sent.id, from: TEST_NUMBER, to: OTHER_US_NUMBER });
	});
});

test('the credential\'s Docs link and its API Key hint open the README\'s Credentials section', () => {
	const credential = new IoPhoneApi();
	expect(credential.documentationUrl).toBe(DOCS.credentials);
	expect(credential.properties.find((p) => p.name === 'apiKey')!.description).toContain(`href="${DOCS.credentials}"`);
});
