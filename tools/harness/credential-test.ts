/**
 * Runs a credential type's test as n8n's `CredentialsTester.testCredentials` does
 * (packages/cli/src/services/credentials-tester.service.ts), for the kind of test this package
 * has: a node that supports the credential names a method of its `methods.credentialTest` in
 * `credentials[].testedBy`.
 *
 * 1. Find that method (newest version first for a versioned node). None →
 *    `{ status: 'Error', message: 'No testing function found for this credential.' }`.
 * 2. Apply the credential type's defaults to the data (`applyDefaultsAndOverwrites`).
 * 3. Call the method on a `CredentialTestContext` with the decrypted credential (n8n does not
 *    apply the credential's `authenticate` to it).
 * Declarative tests (a credential's `test`, a `testedBy` request object) and OAuth2 are not
 * hosted: no node of this package uses them.
 */
import { CredentialTestContext } from 'n8n-core';
import { VersionedNodeType } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunction,
	ICredentialsDecrypted,
	INodeCredentialTestResult,
	INodeType,
} from 'n8n-workflow';

import { createAdditionalData } from './additional-data';
import { CredentialsHelper } from './credentials-helper';
import { getDefaultPackage } from './package-loader';
import type { LoadedPackage } from './package-loader';

function getCredentialTestFunction(credentialType: string, pkg: LoadedPackage): ICredentialTestFunction | undefined {
	for (const nodeName of pkg.credentialTypes.getSupportedNodes(credentialType)) {
		const node = pkg.nodeTypes.getByName(nodeName);
		const versions: INodeType[] =
			node instanceof VersionedNodeType
				? Object.keys(node.nodeVersions)
						.sort()
						.reverse()
						.map((version) => node.nodeVersions[parseInt(version, 10)])
				: [node as INodeType];
		for (const nodeType of versions) {
			for (const { name, testedBy } of nodeType.description.credentials ?? []) {
				if (name !== credentialType || typeof testedBy !== 'string') continue;
				const test = nodeType.methods?.credentialTest?.[testedBy];
				if (test) return test;
			}
		}
	}
	return undefined;
}

export interface TestCredentialOptions {
	pkg?: LoadedPackage;
	/** Id and name of the credential being tested (as the editor sends them). */
	id?: string;
	name?: string;
}

export async function testCredential(
	credentialType: string,
	data: ICredentialDataDecryptedObject,
	pkgOrOptions?: LoadedPackage | TestCredentialOptions,
): Promise<INodeCredentialTestResult> {
	const options: TestCredentialOptions =
		pkgOrOptions && 'nodeTypes' in pkgOrOptions ? { pkg: pkgOrOptions } : (pkgOrOptions ?? {});
	const pkg = options.pkg ?? getDefaultPackage();
	const credentialsHelper = new CredentialsHelper(pkg.credentialTypes);

	const credentialTestFunction = getCredentialTestFunction(credentialType, pkg);
	if (credentialTestFunction === undefined) {
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}

	const credentialsDecrypted: ICredentialsDecrypted = {
		id: options.id ?? 'credential-under-test',
		name: options.name ?? `${credentialType} account`,
		type: credentialType,
		data: { ...data },
	};
	const additionalData = createAdditionalData({ credentialsHelper });
	try {
		credentialsDecrypted.data = await credentialsHelper.applyDefaultsAndOverwrites(
			additionalData,
			credentialsDecrypted.data!,
			credentialType,
			'internal',
		);
	} catch (error) {
		return { status: 'Error', message: (error as Error).message.toString() };
	}

	const context = new CredentialTestContext(additionalData);
	return await credentialTestFunction.call(context, credentialsDecrypted);
}
