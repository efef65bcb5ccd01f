import { testCredential } from '../../tools/harness/credential-test';
import { IoPhoneSimulator, TEST_NUMBER } from '../../tools/simulator';
import { textRequests } from '../support/send-node';

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
