/**
 * Part of `npm run bench:n8n`: an incoming text → the answer at IO Phone, in the real n8n the
 * bulk-send part started, through the AI SMS assistant (examples/ai-sms-assistant.json: trigger →
 * AI Agent with Simple Memory and the scripted OpenAI-compatible model → send) beside the plain
 * auto-reply (examples/auto-reply.json), each published on its own number. Each round, `senders`
 * new customers text one workflow at the same moment; a text's time runs from the callback's POST
 * to IO Phone receiving the answer (the simulator's own timestamp). Rounds
 * alternate between the two workflows, after a warm-up round of each. The scripted model answers
 * at once, so the figures are what n8n and the nodes add, without a real model's thinking time.
 */
import { randomBytes } from 'node:crypto';

import { FakeOpenAi, lastUserText } from '../llm/fake-openai';
import { ASSISTANT_EXAMPLE, assistantWorkflow } from '../n8n/assistant-workflow';
import type { LocalN8n } from '../n8n/local-n8n';
import { waitFor } from '../n8n/wait';
import { autoReplyWorkflow, triggerWebhookPath, type CredentialRef } from '../n8n/workflows';
import { post } from '../queue/traffic';
import { DEFAULT_ACCOUNT_NUMBERS, type IoPhoneSimulator } from '../simulator';
import { receivedPayload } from '../simulator/webhooks';

export type ConversationArm = 'autoReply' | 'assistant';

export interface ConversationBenchOptions {
	local: LocalN8n;
	sim: IoPhoneSimulator;
	ioPhone: CredentialRef;
	/** Customers texting at the same moment (default 20). */
	senders?: number;
	/** Measured rounds per workflow (default 5). */
	rounds?: number;
	say?: (message: string) => void;
}

export interface ConversationArmSummary {
	label: string;
	/** Every text's callback → answer at IO Phone, in ms. */
	samples: number[];
	medianMs: number;
	p95Ms: number;
	/** Callbacks n8n answered after IO Phone's 5 s timeout (IO Phone would have given up on them). */
	slowCallbacks: number;
}

const ARMS: ConversationArm[] = ['autoReply', 'assistant'];
const LABELS: Record<ConversationArm, string> = {
	autoReply: 'auto-reply (trigger → Filter → send)',
	assistant: 'AI SMS assistant (trigger → Filter → AI Agent + Simple Memory → send)',
};
/** One business number per workflow (IO Phone keeps one callback URL per number): the simulator's two. */
const NUMBERS: Record<ConversationArm, string> = { autoReply: DEFAULT_ACCOUNT_NUMBERS[0], assistant: DEFAULT_ACCOUNT_NUMBERS[1] };
const ROUND_TIMEOUT_MS = 120_000;
/** How long the simulator, like IO Phone, waits for a callback to be answered (docs/iophone-api.md). */
const IOPHONE_CALLBACK_TIMEOUT_MS = 5_000;

/** The value below which `p` (0–1) of the samples lie: nearest rank. */
export const percentile = (values: number[], p: number) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
};

export async function benchConversations(options: ConversationBenchOptions): Promise<{ arms: Record<ConversationArm, ConversationArmSummary>; lines: string[] }> {
	const { local, sim, ioPhone } = options;
	const senders = options.senders ?? 20;
	const rounds = Math.max(1, options.rounds ?? 5);
	const say = options.say ?? (() => undefined);
	const llmKey = `sk-bench-${randomBytes(12).toString('hex')}`;
	const llm = await FakeOpenAi.start({ apiKey: llmKey, script: (request) => ({ text: `You asked: ${lastUserText(request)}` }) });
	try {
		const openAi = await local.api.createCredential('OpenAI (scripted model)', 'openAiApi', { apiKey: llmKey, url: llm.baseUrl, header: false });
		const definitions = {
			autoReply: autoReplyWorkflow(ioPhone, { fromNumber: NUMBERS.autoReply, name: 'Bench: auto-reply' }),
			assistant: assistantWorkflow(ASSISTANT_EXAMPLE, { ioPhoneApi: ioPhone, openAiApi: openAi }, { fromNumbers: NUMBERS.assistant, name: 'Bench: AI SMS assistant' }),
		};
		for (const arm of ARMS) {
			const { id } = await local.api.createWorkflow(definitions[arm]);
			const published = await local.api.publishWorkflow(id);
			if (published.status !== 200) throw new Error(`Publishing ${arm}: HTTP ${published.status} ${published.text.slice(0, 300)}`);
			await local.n8n.waitForPostWebhook(triggerWebhookPath(definitions[arm]), 30_000);
			await waitFor(() => sim.callbackUrlFor(NUMBERS[arm]), { timeoutMs: 30_000, what: `the callback URL of ${arm}` });
		}

		let customer = 0;
		let eventId = 500_001;
		/**
		 * `senders` new customers text the arm's number at once. Each text: ms to its answer at IO Phone,
		 * and whether n8n took longer than IO Phone's 5 s to answer the callback (posted with the load
		 * tests' longer bound, so a slow answer is counted rather than lost).
		 */
		const round = async (arm: ConversationArm): Promise<{ ms: number[]; slowCallbacks: number }> => {
			const from = Array.from({ length: senders }, () => `+1312${String(5_000_000 + customer++).padStart(7, '0')}`);
			const started = new Map<string, number>();
			const callbackUrl = sim.callbackUrlFor(NUMBERS[arm])!;
			const callbackMs = await Promise.all(
				from.map(async (number) => {
					const t0 = Date.now();
					started.set(number, t0);
					const delivery = await post(callbackUrl, receivedPayload(eventId++, { from: number, to: NUMBERS[arm], text: `Hello from ${number}` }));
					if (delivery.status !== 200) throw new Error(`${arm}: a callback got ${delivery.status ?? delivery.error}`);
					return Date.now() - t0;
				}),
			);
			const answers = await waitFor(
				() => {
					const found = from.map((number) => sim.sent.find((m) => m.to === number && m.from === NUMBERS[arm]));
					return found.every(Boolean) ? found : undefined;
				},
				{ timeoutMs: ROUND_TIMEOUT_MS, intervalMs: 50, what: `${senders} answers from ${arm}` },
			);
			return { ms: answers.map((m) => Date.parse(m!.time) - started.get(m!.to)!), slowCallbacks: callbackMs.filter((ms) => ms > IOPHONE_CALLBACK_TIMEOUT_MS).length };
		};

		say(`Conversations: a warm-up round of each workflow, then ${rounds} rounds each of ${senders} customers texting at once…`);
		for (const arm of ARMS) await round(arm);
		const samples: Record<ConversationArm, number[]> = { autoReply: [], assistant: [] };
		const slow: Record<ConversationArm, number> = { autoReply: 0, assistant: 0 };
		for (let r = 1; r <= rounds; r++) {
			for (const arm of r % 2 ? ARMS : [...ARMS].reverse()) {
				const { ms, slowCallbacks } = await round(arm);
				samples[arm].push(...ms);
				slow[arm] += slowCallbacks;
				say(`round ${r} ${arm}: median ${percentile(ms, 0.5)} ms, slowest ${Math.max(...ms)} ms, callbacks over 5 s: ${slowCallbacks}`);
			}
		}
		const arms = {} as Record<ConversationArm, ConversationArmSummary>;
		for (const arm of ARMS) {
			arms[arm] = { label: LABELS[arm], samples: samples[arm], medianMs: percentile(samples[arm], 0.5), p95Ms: percentile(samples[arm], 0.95), slowCallbacks: slow[arm] };
		}
		const lines = [
			`Incoming text → answer at IO Phone in n8n ${local.runtime.version}: ${senders} customers texting at once, ${rounds} alternating rounds per workflow (${rounds * senders} texts each); the scripted model answers at once.`,
			'',
			...ARMS.map(
				(arm) =>
					`  ${arms[arm].label.padEnd(72)} median ${String(arms[arm].medianMs).padStart(5)} ms   p95 ${String(arms[arm].p95Ms).padStart(5)} ms   callbacks answered after 5 s: ${arms[arm].slowCallbacks}`,
			),
			'',
			`  The assistant adds ${arms.assistant.medianMs - arms.autoReply.medianMs} ms at the median and ${arms.assistant.p95Ms - arms.autoReply.p95Ms} ms at p95; ${llm.chatRequests.length} model requests in all.`,
		];
		return { arms, lines };
	} finally {
		await llm.close();
	}
}
