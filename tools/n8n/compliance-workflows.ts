/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * The compliance examples (docs/compliance.md) as the e2e suite imports them: the opt-out keeper
 * (IO Phone Trigger → Switch on keyword → Data Table Upsert / Delete Rows) and the bulk send that
 * honours its list (Data Table Get → Aggregate → customer rows → IO Phone Send with Guard Rails →
 * Opted-Out Numbers). Both name the Data Table `opted_out` (By Name), as the docs set it up.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { WorkflowDefinition } from './n8n-api';
import { PROJECT_ROOT } from './n8n-install';
import { TRIGGER_NODE, type CredentialRef } from './workflows';

export const OPT_OUT_KEEPER_EXAMPLE = path.join(PROJECT_ROOT, 'examples', 'opt-out-keeper.json');
export const BULK_SEND_HONOURING_OPT_OUTS_EXAMPLE = path.join(PROJECT_ROOT, 'examples', 'bulk-send-honouring-opt-outs.json');
/** The Data Table both examples name. */
export const OPT_OUT_TABLE = 'opted_out';
export const MANUAL_TRIGGER_NODE = "When clicking 'Execute workflow'";
export const CUSTOMERS_NODE = 'Customers';
export const BULK_SEND_NODE_NAME = 'Send Texts';

export interface ExampleWorkflow extends WorkflowDefinition {
	pinData?: Record<string, Array<{ json: Record<string, unknown> }>>;
}

function withCredential(workflow: ExampleWorkflow, credential: CredentialRef): ExampleWorkflow {
	for (const node of workflow.nodes) {
		const credentials = node.credentials as Record<string, CredentialRef> | undefined;
		if (credentials?.ioPhoneApi) credentials.ioPhoneApi = { id: credential.id, name: credential.name };
	}
	return workflow;
}

/** examples/opt-out-keeper.json with the credential picked and a fresh webhookId (its own URL). */
export function optOutKeeperWorkflow(credential: CredentialRef): ExampleWorkflow {
	const workflow = withCredential(JSON.parse(readFileSync(OPT_OUT_KEEPER_EXAMPLE, 'utf8')) as ExampleWorkflow, credential);
	workflow.nodes.find((n) => n.name === TRIGGER_NODE)!.webhookId = randomUUID();
	return workflow;
}

/** examples/bulk-send-honouring-opt-outs.json with the credential picked and, when given, other customer rows (pinned data). */
export function bulkSendHonouringOptOutsWorkflow(credential: CredentialRef, customers?: Array<Record<string, unknown>>): ExampleWorkflow {
	const workflow = withCredential(JSON.parse(readFileSync(BULK_SEND_HONOURING_OPT_OUTS_EXAMPLE, 'utf8')) as ExampleWorkflow, credential);
	if (customers) workflow.pinData = { ...workflow.pinData, [CUSTOMERS_NODE]: customers.map((json) => ({ json })) };
	return workflow;
}
