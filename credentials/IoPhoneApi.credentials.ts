import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { DEFAULT_BASE_URL } from '../nodes/shared/constants';
import { DOCS } from '../nodes/shared/docs-links';

/**
 * IO Phone authenticates every request with the `apiKey` query parameter.
 * n8n adds it through `authenticate`, so no node ever handles the key itself.
 * The key is tested by the nodes' `ioPhoneApiTest` method (nodes/shared/credential-test.ts),
 * which texts from IO Phone's test number so nobody receives an SMS.
 */
export class IoPhoneApi implements ICredentialType {
	// CREDENTIAL_TYPE (nodes/shared/constants.ts), written out for n8n's lint, which reads it as a literal.
	name = 'ioPhoneApi';

	displayName = 'IO Phone API';

	// DOCS.credentials, written out for n8n's lint, which reads it as a literal (a test holds them equal).
	documentationUrl = 'https://github.com/n8n-nodes-iophone/n8n-nodes-iophone#credentials';

	icon = { light: 'file:../icons/iophone.svg', dark: 'file:../icons/iophone.dark.svg' } as const;

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: `The API key IO Phone issued for your account: look for it where your IO Phone account shows its API access, or ask IO Phone support. It decides which numbers you can send from. <a href="${DOCS.credentials}" target="_blank">More</a>`,
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: DEFAULT_BASE_URL,
			description:
				'Where the IO Phone API lives. Change it only to reach another IO Phone host or a local simulator.',
		},
	];

	/**
	 * Adds the key as the `apiKey` query parameter. A function rather than the declarative
	 * `{ type: 'generic', properties: { qs: { apiKey: '={{$credentials.apiKey}}' } } }`: n8n
	 * evaluates a declarative one as an expression on every request, a cost that shows in a bulk
	 * send (docs/performance.md has the figures). Same result.
	 */
	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		requestOptions.qs = { ...requestOptions.qs, apiKey: credentials.apiKey };
		return requestOptions;
	}
}
