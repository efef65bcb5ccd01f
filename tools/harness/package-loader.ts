/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * Loads the package under test the way n8n loads a community package: n8n-core's own
 * `PackageDirectoryLoader` reads package.json's `n8n` section and loads each listed file
 * (`new (require(file)[ClassName])()`, the class named like the file), applying what n8n
 * applies on load (declarative-node option parameters, polling/CORS parameters, codex,
 * icon paths, supported nodes of each credential), then what n8n's
 * `LoadNodesAndCredentials.postProcessLoaders` adds: the domain-restriction fields
 * (`allowedHttpRequestDomains`, `allowedDomains`) on credential types.
 *
 * Extra node/credential classes (test fixtures) go through the same loader steps, as if
 * they were files of the package, so they get the same treatment and the same package
 * prefix.
 *
 * Files listed in package.json that do not exist yet (not built) are skipped and
 * reported in `missingFiles`; asking for one of their types then fails with a hint.
 */
import { PackageDirectoryLoader } from 'n8n-core';
import { injectDomainRestrictionFields } from 'n8n-workflow';
import type { ICredentialType, INodeType, IVersionedNodeType } from 'n8n-workflow';
import { existsSync } from 'node:fs';
import path from 'node:path';

import { CredentialTypes } from './credential-types';
import { ensureN8nEnvironment } from './environment';
import { NodeTypes } from './node-types';

export type NodeTypeClass = new () => INodeType | IVersionedNodeType;
export type CredentialTypeClass = new () => ICredentialType;

export interface ExtraTypes {
	nodes?: NodeTypeClass[];
	credentials?: CredentialTypeClass[];
}

export interface LoadPackageOptions {
	/** Package root (holds package.json). Default: this repository's root. */
	directory?: string;
	/** Load only the extra classes, not the files listed in package.json. */
	skipPackageFiles?: boolean;
}

export interface LoadedPackage {
	packageName: string;
	packageVersion: string;
	directory: string;
	loader: PackageDirectoryLoader;
	nodeTypes: NodeTypes;
	credentialTypes: CredentialTypes;
	/** package.json `n8n` files that do not exist (run `npm run build`). */
	missingFiles: string[];
}

export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');

const EXTRA_DIR = '__harness_extra__';

export function loadPackage(extra: ExtraTypes = {}, options: LoadPackageOptions = {}): LoadedPackage {
	ensureN8nEnvironment();
	const directory = options.directory ?? PACKAGE_ROOT;
	const loader = new PackageDirectoryLoader(directory);
	const { n8n, version } = loader.packageJson;

	// Extra classes: served by the loader's own `loadClass` step from memory.
	const extraClasses = new Map<string, new () => unknown>();
	const loaderInternals = loader as unknown as {
		loadClass(sourcePath: string): unknown;
		inferSupportedNodes(): void;
	};
	const loadClassFromFile = loaderInternals.loadClass.bind(loader);
	loaderInternals.loadClass = (sourcePath: string) => {
		const ExtraClass = extraClasses.get(sourcePath);
		return ExtraClass ? new ExtraClass() : loadClassFromFile(sourcePath);
	};

	const missingFiles: string[] = [];
	const packageFiles = (files: string[] | undefined) =>
		(options.skipPackageFiles ? [] : (files ?? [])).filter((file) => {
			if (existsSync(path.resolve(directory, file))) return true;
			missingFiles.push(file);
			return false;
		});
	const extraFiles = (classes: Array<new () => unknown>, suffix: string) =>
		classes.map((ExtraClass) => {
			const sourcePath = `${EXTRA_DIR}/${ExtraClass.name}.${suffix}.js`;
			extraClasses.set(sourcePath, ExtraClass);
			return sourcePath;
		});

	// Same order as PackageDirectoryLoader.loadAll: nodes first (so each credential learns
	// which nodes support it), then credentials, then the supported-nodes inference.
	for (const file of [...packageFiles(n8n?.nodes), ...extraFiles(extra.nodes ?? [], 'node')]) {
		loader.loadNodeFromFile(file, version);
	}
	for (const file of [
		...packageFiles(n8n?.credentials),
		...extraFiles(extra.credentials ?? [], 'credentials'),
	]) {
		loader.loadCredentialFromFile(file);
	}
	loaderInternals.inferSupportedNodes();
	for (const credentialTypeName of Object.keys(loader.known.credentials)) {
		const credentialType = loader.getCredential(credentialTypeName).type;
		credentialType.properties = injectDomainRestrictionFields(credentialType);
	}

	const packageName = loader.packageName;
	return {
		packageName,
		packageVersion: version,
		directory,
		loader,
		nodeTypes: new NodeTypes(loader, packageName, missingFiles),
		credentialTypes: new CredentialTypes(loader, packageName),
		missingFiles,
	};
}

let defaultPackage: LoadedPackage | undefined;

/** The package under test without extras, loaded once. */
export function getDefaultPackage(): LoadedPackage {
	defaultPackage ??= loadPackage();
	return defaultPackage;
}
