/**
 * Runs a credential type's test as n8n's `CredentialsTester.testCredentials` does
 * (packages/cli/src/services/credentials-tester.service.ts):
 *
 * 1. Find the test: the credential's own `test` (declarative request), else a node that
 *    supports the credential and names it in `credentials[].testedBy` — a string names a
 *    method in the node's `methods.credentialTest`, an object is a declarative request.
 *    None → `{ status: 'Error', message: 'No testing function found for this credential.' }`.
 * 2. Apply the credential type's defaults to the data (`applyDefaultsAndOverwrites`).
 * 3. A function test is called on a `CredentialTestContext` with the decrypted credential
 *    (n8n does not apply the credential's `authenticate` to it).
 * 4. A declarative test becomes a temporary node ("Temp-Node", type: the supporting node
 *    or n8n's No-Op node) whose only property carries `routing.request`, in a temporary
 *    workflow, run by `RoutingNode` with the data under test as the node's credentials
 *    (so the credential's `authenticate` is applied by n8n).
 *    A failed request answers with the first matching `responseCode` rule's message, else
 *    the HTTP status text (`Received HTTP status code: <n>` if there is none), else the
 *    error code, else the error message. A successful request is then checked against the
 *    `responseSuccessBody` rules. Otherwise `{ status: 'OK', message: 'Connection successful!' }`.
 */
import { CredentialTestContext, ExecuteContext, RoutingNode } from 'n8n-core';
import { NodeHelpers, VersionedNodeType, Workflow, createEmptyRunExecutionData } from 'n8n-workflow';
import type {
	ICredentialDataDecryptedObject,
	ICredentialTestFunction,
	ICredentialTestFunctions,
	ICredentialTestRequestData,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteData,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeData,
	INodeTypes,
	ITaskDataConnections,
	IVersionedNodeType,
} from 'n8n-workflow';

import { createAdditionalData } from './additional-data';
import { CredentialsHelper } from './credentials-helper';
import { getDefaultPackage } from './package-loader';
import type { LoadedPackage } from './package-loader';

/** n8n-nodes-base's "No Operation, do nothing" node, the host of credential-only tests. */
const noOpNodeType: INodeType = {
	description: {
		displayName: 'No Operation, do nothing',
		name: 'noOp',
		group: ['organization'],
		version: 1,
		description: 'No Operation',
		defaults: { name: 'No Operation, do nothing' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	},
};

function getCredentialTestFunction(
	credentialType: string,
	pkg: LoadedPackage,
): ICredentialTestFunction | ICredentialTestRequestData | undefined {
	const type = pkg.credentialTypes.getByName(credentialType);
	if (type.test) return { testRequest: type.test };

	for (const nodeName of pkg.credentialTypes.getSupportedNodes(credentialType)) {
		const node = pkg.nodeTypes.getByName(nodeName);
		const allNodeTypes: INodeType[] =
			node instanceof VersionedNodeType ? Object.values(node.nodeVersions) : [node as INodeType];

		for (const nodeType of allNodeTypes) {
			for (const { name, testedBy } of nodeType.description.credentials ?? []) {
				if (
					name === credentialType &&
					(pkg.credentialTypes.getParentTypes(name).includes('oAuth2Api') || name === 'oAuth2Api')
				) {
					return async function oauth2CredTest(
						this: ICredentialTestFunctions,
						cred: ICredentialsDecrypted,
					): Promise<INodeCredentialTestResult> {
						const tokenData = cred?.data?.oauthTokenData as IDataObject | undefined;
						return tokenData && typeof tokenData === 'object' && 'access_token' in tokenData
							? { status: 'OK', message: 'Connection Successful!' }
							: { status: 'Error', message: 'This OAuth2 credential was not connected to an account.' };
					};
				}

				if (name === credentialType && !!testedBy) {
					if (typeof testedBy === 'string') {
						if (node instanceof VersionedNodeType) {
							const versions = Object.keys(node.nodeVersions).sort().reverse();
							for (const version of versions) {
								const credentialTest = node.nodeVersions[parseInt(version, 10)].methods?.credentialTest;
								if (credentialTest && testedBy in credentialTest) return credentialTest[testedBy];
							}
						}
						return (node as INodeType).methods?.credentialTest?.[testedBy];
					}
					return { nodeType, testRequest: testedBy };
				}
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

	if (typeof credentialTestFunction === 'function') {
		const context = new CredentialTestContext(additionalData);
		return await credentialTestFunction.call(context, credentialsDecrypted);
	}

	const nodeType = credentialTestFunction.nodeType ?? noOpNodeType;
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: nodeType.description.name,
		typeVersion: Array.isArray(nodeType.description.version)
			? nodeType.description.version.slice(-1)[0]
			: nodeType.description.version,
		position: [0, 0],
		credentials: {
			[credentialType]: { id: credentialsDecrypted.id, name: credentialsDecrypted.name },
		},
	};

	const nodeTypeCopy: INodeType = {
		description: {
			...nodeType.description,
			credentials: [{ name: credentialType, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: credentialTestFunction.testRequest.request },
					default: '',
				} as INodeProperties,
			],
		},
	};
	const mockNodesData: INodeTypeData = {
		[nodeTypeCopy.description.name]: { sourcePath: '', type: nodeTypeCopy },
	};
	const mockNodeTypes: INodeTypes = {
		getKnownTypes: () => ({}),
		getByName: (type: string): INodeType | IVersionedNodeType => mockNodesData[type]?.type,
		getByNameAndVersion: (type: string, version?: number): INodeType =>
			NodeHelpers.getVersionedNodeType(mockNodesData[type].type, version),
	};

	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: mockNodeTypes,
	});

	const inputData: ITaskDataConnections = { main: [[{ json: {} }]] };
	const connectionInputData: INodeExecutionData[] = [];
	const runExecutionData = createEmptyRunExecutionData();
	// As n8n: the request's credentials are the (unsaved) data under test, not a stored one.
	const requestAdditionalData = createAdditionalData({ credentialsHelper });
	requestAdditionalData.currentNodeParameters = node.parameters;
	const storedGetDecrypted = credentialsHelper.getDecrypted.bind(credentialsHelper);
	requestAdditionalData.credentialsHelper = new Proxy(credentialsHelper, {
		get(target, prop) {
			if (prop === 'getDecrypted') {
				return async (...args: Parameters<CredentialsHelper['getDecrypted']>) =>
					args[5] ? await storedGetDecrypted(...args) : (credentialsDecrypted.data ?? {});
			}
			const value = Reflect.get(target, prop) as unknown;
			return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
		},
	});
	const executeData: IExecuteData = { node, data: {}, source: null };
	const executeFunctions = new ExecuteContext(
		workflow,
		node,
		requestAdditionalData,
		'internal',
		runExecutionData,
		0,
		connectionInputData,
		inputData,
		executeData,
		[],
	);
	const routingNode = new RoutingNode(executeFunctions, nodeTypeCopy, credentialsDecrypted);

	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await routingNode.runNode();
	} catch (e) {
		const error = e as Error & {
			cause?: { response?: { status: number; statusText?: string }; code?: string };
		};
		if (error.cause?.response) {
			const statusCode = error.cause.response.status;
			const statusMessage = error.cause.response.statusText;
			for (const rule of credentialTestFunction.testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && statusCode === rule.properties.value) {
					return { status: 'Error', message: rule.properties.message };
				}
			}
			if (statusCode < 199 || statusCode > 299) {
				return {
					status: 'Error',
					message: statusMessage || `Received HTTP status code: ${statusCode}`,
				};
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code };
		}
		return { status: 'Error', message: error.message.toString() };
	}

	for (const rule of credentialTestFunction.testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody') {
			const responseData = response![0][0].json;
			if (getPath(responseData, rule.properties.key) === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
	}

	return { status: 'OK', message: 'Connection successful!' };
}

/** lodash `get` for dotted paths. */
function getPath(data: IDataObject, key: string): unknown {
	return key
		.split('.')
		.reduce<unknown>((value, part) => (value as IDataObject | undefined)?.[part], data);
}
