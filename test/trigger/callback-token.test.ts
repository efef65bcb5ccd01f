import { looksLikeDerivedToken, productionCallbackToken, productionUrlOf, tokensMatch } from '../../nodes/IoPhoneTrigger/callback-token';

describe('the Production URL that belongs to a test URL', () => {
	test.each([
		['http://127.0.0.1:5678/webhook-test/3f2a/webhook', 'http://127.0.0.1:5678/webhook/3f2a/webhook'],
		['https://n8n.example.com/sub/webhook-test/3f2a/webhook', 'https://n8n.example.com/sub/webhook/3f2a/webhook'],
		['https://webhook-test.example.com/webhook-test/3f2a/webhook', 'https://webhook-test.example.com/webhook/3f2a/webhook'],
	])('%s → %s', (test, production) => {
		expect(productionUrlOf(test)).toBe(production);
	});

	test('a test URL on a custom endpoint (N8N_ENDPOINT_WEBHOOK_TEST) has none: the trigger then refuses to listen', () => {
		expect(productionUrlOf('https://n8n.example.com/hooks-test/3f2a/webhook')).toBeUndefined();
	});
});

describe('the published workflow\'s token', () => {
	const token = productionCallbackToken('key-1', 'wf-1', 'hook-1');

	test('is 192 bits, URL-safe, and the same in every process', () => {
		expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
		expect(productionCallbackToken('key-1', 'wf-1', 'hook-1')).toBe(token);
		expect(tokensMatch(token, productionCallbackToken('key-1', 'wf-1', 'hook-1'))).toBe(true);
		expect(looksLikeDerivedToken(token)).toBe(true);
	});

	test.each([undefined, '', 'short', `${'a'.repeat(32)}=`, 'a'.repeat(31) + '+', ['x']])(
		'%p is not shaped like one, so no credential is read to compare it',
		(value) => {
			expect(looksLikeDerivedToken(value)).toBe(false);
		},
	);

	test.each([
		['another API key', ['key-2', 'wf-1', 'hook-1']],
		['another workflow', ['key-1', 'wf-2', 'hook-1']],
		['another trigger', ['key-1', 'wf-1', 'hook-2']],
		['ids that run together differently', ['key-1', 'wf-1h', 'ook-1']],
	])('differs for %s', (_label, args) => {
		expect(productionCallbackToken(...(args as [string, string, string]))).not.toBe(token);
	});
});
