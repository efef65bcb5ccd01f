import type { IExecuteFunctions } from 'n8n-workflow';

import { itemError } from '../helpers/item-errors';
import type { ParameterReader } from '../helpers/parameters';

/**
 * The Message n8n gives the AI Agent review tool it derives from this node
 * (packages/cli/src/tool-generation/hitl-tools.ts). `$tool.parameters` is an object, so that
 * text reads "Input: [object Object]" and the reviewer cannot see what they approve.
 */
export const N8N_REVIEW_MESSAGE = '=The agent wants to run this tool: {{ $tool.name }}\n\nInput:\n{{ $tool.parameters }}';

/** The same words, with the tool's input written out as JSON (evaluateExpression takes it without the leading "="). */
const READABLE_REVIEW_MESSAGE = 'The agent wants to run this tool: {{ $tool.name }}\n\nInput:\n{{ JSON.stringify($tool.parameters) }}';

/** The Message of item 0; n8n's review default is read with the tool's input as JSON. */
export function messageOf(ctx: IExecuteFunctions, params: ParameterReader): string {
	if (ctx.getNode().parameters.message !== N8N_REVIEW_MESSAGE) return params.text('message', 0);
	try {
		return String(ctx.evaluateExpression(READABLE_REVIEW_MESSAGE, 0) ?? '');
	} catch (error) {
		throw itemError(ctx, 0, `Message could not be resolved: ${(error as Error).message}`);
	}
}
