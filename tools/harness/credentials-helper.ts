/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * n8n's `CredentialsHelper` (packages/cli/src/credentials-helper.ts) without a database.
 *
 * Credentials are kept like n8n keeps them: encrypted with n8n-core's `Credentials`
 * class under an id, and referenced from nodes as `node.credentials[type] = { id, name }`.
 * What n8n does when a node asks for them is mirrored:
 *
 * - `getDecrypted`: finds the stored credential by id and type, decrypts it, adds the
 *   credential type's defaults (`NodeHelpers.getNodeParameters` over its properties) and
 *   resolves expressions in it (against the running node when called from a node).
 * - `authenticate`: a function `authenticate` is called, as n8n does. The declarative form,
 *   `preAuthentication` and OAuth2 token updates are not hosted: no credential of this
 *   package uses them, and a credential that does fails loudly here.
 * - `getParentTypes`, `isCredentialUsableByNode`, `getCredentialsProperties` as n8n.
 *
 * Not mirrored: credential overwrites, external secrets providers, dynamic (per-user)
 * credentials, project/policy checks, AI gateway credentials.
 */
import { Credentials, getAdditionalKeys } from 'n8n-core';
import {
	ICredentialsHelper,
	NodeHelpers,
	UnexpectedError,
	UserError,
	Workflow,
} from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsExpressionResolveValues,
	IExecuteData,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import type { CredentialTypes } from './credential-types';

export interface StoredCredential {
	id: string;
	name: string;
	type: string;
	/** Encrypted with the instance's encryption key, as in n8n's `credentials_entity.data`. */
	data: string;
}

const mockNode: INode = {
	id: 'mock',
	name: '',
	typeVersion: 1,
	type: 'mock',
	position: [0, 0],
	parameters: {},
};

const mockNodeTypes: INodeTypes = {
	getByName: () => ({ description: { properties: [] } }) as unknown as INodeType | IVersionedNodeType,
	getByNameAndVersion: () => ({ description: { properties: [] } }) as unknown as INodeType,
	getKnownTypes: () => ({}),
};

export class CredentialsHelper extends ICredentialsHelper {
	private readonly store = new Map<string, StoredCredential>();

	private nextId = 1;

	constructor(readonly credentialTypes: CredentialTypes) {
		super();
	}

	// ---- the "database" ---------------------------------------------------------------

	/** Stores (encrypted) credential data and returns the reference a node uses. */
	async addCredential(
		type: string,
		data: ICredentialDataDecryptedObject,
		options: { id?: string; name?: string } = {},
	): Promise<INodeCredentialsDetails & { id: string }> {
		this.credentialTypes.getByName(type); // fail early on an unknown type
		const id = options.id ?? `cred-${this.nextId++}`;
		const name = options.name ?? `${type} account`;
		const credentials = new Credentials({ id, name }, type);
		await credentials.setData(data);
		this.store.set(id, { id, name, type, data: credentials.getDataToSave().data as string });
		return { id, name };
	}

	/** As deleting a credential in n8n: nodes that reference it fail when they ask for it. */
	deleteCredential(id: string): void {
		this.store.delete(id);
	}

	/** The first stored credential of this type (used to fill in nodes' references). */
	findByType(type: string): StoredCredential | undefined {
		return [...this.store.values()].find((c) => c.type === type);
	}

	private getCredentialsEntity(nodeCredential: INodeCredentialsDetails, type: string) {
		if (!nodeCredential?.id) {
			throw new UserError(
				`Credential "${nodeCredential?.name ?? ''}" of type "${type}" has no ID. Please select the credential again.`,
			);
		}
		const entity = this.store.get(nodeCredential.id);
		if (!entity || entity.type !== type) {
			throw new UserError(
				`Credential with ID "${nodeCredential.id}" does not exist for type "${type}".`,
			);
		}
		return entity;
	}

	// ---- ICredentialsHelper ----------------------------------------------------------

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions;
		const credentialType = this.credentialTypes.getByName(typeName);

		if (typeof credentialType.authenticate === 'function') {
			return await credentialType.authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (credentialType.authenticate) {
			throw new UnexpectedError(`The test harness does not host declarative authentication (${typeName})`);
		}

		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	getParentTypes(typeName: string): string[] {
		return this.credentialTypes.getParentTypes(typeName);
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		if (!this.credentialTypes.recognizes(credentialType)) return true;
		const typeDef = this.credentialTypes.getByName(credentialType);
		if (!typeDef.restrictToSupportedNodes) return true;
		return this.credentialTypes.getSupportedNodes(credentialType).includes(nodeType);
	}

	async getCredentials(nodeCredential: INodeCredentialsDetails, type: string): Promise<Credentials> {
		const entity = this.getCredentialsEntity(nodeCredential, type);
		return new Credentials({ id: entity.id, name: entity.name }, entity.type, entity.data);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialTypeData = this.credentialTypes.getByName(type);
		if (credentialTypeData.extends) throw new UnexpectedError(`The test harness does not host credentials that extend others (${type})`);
		return credentialTypeData.properties;
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const credentials = await this.getCredentials(nodeCredentials, type);
		const decryptedDataOriginal = await credentials.getData();
		if (raw === true) return decryptedDataOriginal;
		return await this.applyDefaultsAndOverwrites(
			additionalData,
			decryptedDataOriginal,
			type,
			mode,
			executeData,
			expressionResolveValues,
		);
	}

	/** Adds the credential type's defaults and resolves expressions, as n8n does. */
	async applyDefaultsAndOverwrites(
		additionalData: IWorkflowExecuteAdditionalData,
		decryptedDataOriginal: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const credentialsProperties = this.getCredentialsProperties(type);

		let decryptedData = NodeHelpers.getNodeParameters(
			credentialsProperties,
			{ ...decryptedDataOriginal } as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;

		for (const key of ['allowedHttpRequestDomains', 'allowedDomains']) {
			if (decryptedData[key] === undefined && decryptedDataOriginal[key] !== undefined) {
				decryptedData[key] = decryptedDataOriginal[key];
			}
		}

		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });

		if (expressionResolveValues) {
			try {
				decryptedData = expressionResolveValues.workflow.expression.getParameterValue(
					decryptedData as INodeParameters,
					expressionResolveValues.runExecutionData,
					expressionResolveValues.runIndex,
					expressionResolveValues.itemIndex,
					expressionResolveValues.node.name,
					expressionResolveValues.connectionInputData,
					mode,
					additionalKeys,
					executeData,
					false,
					decryptedData,
				) as ICredentialDataDecryptedObject;
			} catch (e) {
				(e as Error).message += ' [Error resolving credentials]';
				throw e;
			}
		} else {
			const workflow = new Workflow({
				nodes: [mockNode],
				connections: {},
				active: false,
				nodeTypes: mockNodeTypes,
			});
			decryptedData = workflow.expression.getComplexParameterValue(
				mockNode,
				decryptedData as INodeParameters,
				mode,
				additionalKeys,
				undefined,
				undefined,
				decryptedData,
			) as ICredentialDataDecryptedObject;
		}

		return decryptedData;
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const credentials = await this.getCredentials(nodeCredentials, type);
		await credentials.setData(data);
		const entity = this.getCredentialsEntity(nodeCredentials, type);
		entity.data = credentials.getDataToSave().data as string;
	}

	async updateCredentialsOauthTokenData(): Promise<void> {
		throw new UnexpectedError('The test harness does not host OAuth2 credentials');
	}

}
