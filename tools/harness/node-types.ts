/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * `INodeTypes` over a loaded package, like n8n's `NodeTypes` (packages/cli/src/node-types.ts
 * and packages/core/nodes-testing/node-types.ts): node types are addressed by their full
 * name `<packageName>.<description.name>`, e.g. `n8n-nodes-iophone.ioPhone`, and
 * `getByNameAndVersion` picks the version with `NodeHelpers.getVersionedNodeType`.
 */
import { UnrecognizedNodeTypeError } from 'n8n-core';
import type { DirectoryLoader } from 'n8n-core';
import { NodeHelpers } from 'n8n-workflow';
import type { IDataObject, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';

export class NodeTypes implements INodeTypes {
	constructor(
		private readonly loader: DirectoryLoader,
		readonly packageName: string,
		/** package.json `n8n.nodes` files that were not found (not built yet). */
		private readonly missingFiles: string[] = [],
	) {}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const dot = nodeType.indexOf('.');
		const packageName = dot === -1 ? '' : nodeType.slice(0, dot);
		const shortName = dot === -1 ? nodeType : nodeType.slice(dot + 1);
		if (packageName !== this.packageName) {
			throw new UnrecognizedNodeTypeError(packageName, shortName);
		}
		try {
			return this.loader.getNode(shortName).type;
		} catch (error) {
			if (this.missingFiles.length > 0 && error instanceof Error) {
				error.message += ` (not built yet: ${this.missingFiles.join(', ')} — run \`npm run build\`)`;
			}
			throw error;
		}
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		const known: IDataObject = {};
		for (const [name, details] of Object.entries(this.loader.known.nodes)) {
			known[`${this.packageName}.${name}`] = details;
		}
		return known;
	}

	/** Full names of every loaded node type. */
	list(): string[] {
		return Object.keys(this.loader.nodeTypes).map((name) => `${this.packageName}.${name}`);
	}
}
