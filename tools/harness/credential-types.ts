/**
 * `ICredentialTypes` over a loaded package, like n8n's `CredentialTypes`
 * (packages/cli/src/credential-types.ts): credential types are addressed by their
 * `name` (no package prefix); `getSupportedNodes` gives the full names of the nodes
 * that declare the credential; `getParentTypes` follows `extends`.
 */
import type { DirectoryLoader } from 'n8n-core';
import type { ICredentialType, ICredentialTypes } from 'n8n-workflow';

export class CredentialTypes implements ICredentialTypes {
	constructor(
		private readonly loader: DirectoryLoader,
		readonly packageName: string,
	) {}

	recognizes(credentialType: string): boolean {
		return credentialType in this.loader.known.credentials;
	}

	getByName(credentialType: string): ICredentialType {
		return this.loader.getCredential(credentialType).type;
	}

	getSupportedNodes(type: string): string[] {
		return (this.loader.known.credentials[type]?.supportedNodes ?? []).map(
			(nodeName) => `${this.packageName}.${nodeName}`,
		);
	}

	getParentTypes(typeName: string): string[] {
		const extendsArr = this.loader.known.credentials[typeName]?.extends ?? [];
		if (extendsArr.length === 0) return [];
		const parents = [...extendsArr];
		for (const parent of extendsArr) parents.push(...this.getParentTypes(parent));
		return parents;
	}

	/** Names of every loaded credential type. */
	list(): string[] {
		return Object.keys(this.loader.credentialTypes);
	}
}
