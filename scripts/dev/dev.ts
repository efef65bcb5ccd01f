/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/**
 * `npm run dev`: the IO Phone simulator + a local n8n 2.41.1 with this package installed the way
 * n8n installs community nodes, an "IO Phone (local simulator)" credential and the published
 * auto-reply example. Runs until Ctrl-C, then stops everything and removes its temp folder.
 *
 * `npm run dev -- --check` does the same without a person: it posts a fake incoming text through the
 * control endpoint (as fake-text.js does), waits for the auto-reply to reach the simulator, stops
 * everything and exits 0, or 1 on any failure or when IOPHONE_DEV_CHECK_TIMEOUT_S (default 1500 s,
 * room for a first-run n8n install) runs out. CI runs it.
 *
 * Environment: IOPHONE_DEV_PORT (editor port, default 5678 when free; --check always takes a free
 * one), IOPHONE_E2E_KEEP=1 keeps the temp n8n folder, IOPHONE_DEV_ECHO=1 echoes n8n's log here.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { IoPhoneSimulator, TEST_NUMBER } from '../../tools/simulator';
import { LocalN8n } from '../../tools/n8n/local-n8n';
import { PROJECT_ROOT } from '../../tools/n8n/n8n-install';
import { isListening } from '../../tools/n8n/ports';
import { waitFor } from '../../tools/n8n/wait';
import { autoReplyWorkflow, triggerWebhookPath } from '../../tools/n8n/workflows';
import { startSimControl, type SimControl } from './sim-control';

const STATE_DIR = path.join(PROJECT_ROOT, '.cache', 'dev');
const STATE_FILE = path.join(STATE_DIR, 'state.json');
const SIM_API_KEY = 'dev-api-key';
const YOUR_MOBILE = '+16142579242';
const CHECK = process.argv.includes('--check');
const CHECK_TIMEOUT_MS = Number(process.env.IOPHONE_DEV_CHECK_TIMEOUT_S ?? 1500) * 1000;
const REPLY_TIMEOUT_MS = 20_000;
const say = (message: string) => process.stdout.write(`[dev] ${message}\n`);

/**
 * What a person does after "npm run dev": text the published auto-reply workflow through the control
 * endpoint and wait for the reply at IO Phone. Returns the reply; throws if none arrives in time.
 */
async function checkAutoReply(controlUrl: string, from: string) {
	type Sent = { from: string; to: string; text: string };
	const call = async <T>(method: string, route: string, body?: unknown) => {
		const res = await fetch(`${controlUrl}${route}`, {
			method,
			headers: body ? { 'content-type': 'application/json' } : {},
			body: body ? JSON.stringify(body) : undefined,
			signal: AbortSignal.timeout(10_000),
		});
		return { status: res.status, json: (await res.json()) as T };
	};
	const text = `dev check ${Date.now()}`;
	const sentBefore = (await call<Sent[]>('GET', '/sent')).json.length;
	const received = await call<Record<string, unknown>>('POST', '/receive', { from, text });
	if (received.status !== 200) throw new Error(`The fake incoming text was not delivered: ${JSON.stringify(received.json)}`);
	say(`Fake incoming text "${text}" from ${from}: n8n answered HTTP ${String(received.json.status)}`);
	const expected = `Thanks! You said: ${text}`;
	return await waitFor(
		async () => {
			const sent = (await call<Sent[]>('GET', '/sent')).json.slice(sentBefore);
			return sent.find((m) => m.to === from && m.text === expected);
		},
		{ timeoutMs: REPLY_TIMEOUT_MS, intervalMs: 200, what: `the auto-reply "${expected}" at IO Phone` },
	);
}

/** Prints what IO Phone sees as it happens: sends (with their callbackUrl) and webhooks. */
function followSimulator(sim: IoPhoneSimulator): () => void {
	let requests = 0;
	let webhooks = 0;
	const timer = setInterval(() => {
		for (const r of sim.requests.slice(requests)) {
			if (r.path !== '/api6/text' || r.rawBody === '') continue;
			const b = (r.body ?? {}) as Record<string, unknown>;
			const cb = b.callbackUrl === undefined ? '' : b.callbackUrl === '' ? ' [clears callback URL]' : ' [stores callback URL]';
			say(`IO Phone ← send ${String(b.fromNumber ?? '(default number)')} → ${String(b.toNumber)}: "${String(b.text)}"${cb}`);
		}
		requests = sim.requests.length;
		for (const w of sim.webhooks.slice(webhooks)) {
			const p = w.payload as Record<string, unknown>;
			say(`IO Phone → webhook ${String(p?.type)} (id ${String(p?.id)}) → n8n answered ${w.status ?? w.error}`);
		}
		webhooks = sim.webhooks.length;
	}, 200);
	return () => clearInterval(timer);
}

async function main() {
	let sim: IoPhoneSimulator | undefined;
	let control: SimControl | undefined;
	let local: LocalN8n | undefined;
	let stopFollowing = () => undefined as void;
	let stopping: Promise<void> | undefined;

	const shutdown = (code: number) => {
		stopping ??= (async () => {
			say('Stopping n8n and the simulator…');
			// n8n's own stop is bounded (SIGTERM, then SIGKILL); this bounds the rest.
			setTimeout(() => process.exit(code), 60_000).unref();
			stopFollowing();
			await local?.dispose().catch((e: Error) => say(`n8n: ${e.message}`));
			await control?.close();
			await sim?.close();
			if (!CHECK) rmSync(STATE_FILE, { force: true });
			say('Stopped.');
			process.exit(code);
		})();
		return stopping;
	};
	process.on('SIGINT', () => void shutdown(CHECK ? 1 : 0));
	process.on('SIGTERM', () => void shutdown(CHECK ? 1 : 0));
	const startedAt = Date.now();
	if (CHECK) {
		setTimeout(() => {
			say(`Check failed: not done within ${CHECK_TIMEOUT_MS / 1000} s.`);
			void shutdown(1);
		}, CHECK_TIMEOUT_MS).unref();
	}

	try {
		sim = await IoPhoneSimulator.start({ apiKey: SIM_API_KEY });
		control = await startSimControl(sim);
		say(`IO Phone simulator at ${sim.baseUrl} (numbers ${sim.accountNumbers.join(', ')}; test number ${TEST_NUMBER})`);

		const wanted = Number(process.env.IOPHONE_DEV_PORT ?? 5678);
		const port = CHECK || (await isListening(wanted)) ? undefined : wanted;
		if (!port && !CHECK) say(`Port ${wanted} is busy; using a free one.`);
		local = await LocalN8n.create({ port, say, echo: process.env.IOPHONE_DEV_ECHO === '1' });
		const { api, n8n } = local;

		const credential = await api.createCredential('IO Phone (local simulator)', 'ioPhoneApi', {
			apiKey: SIM_API_KEY,
			baseUrl: sim.baseUrl,
		});
		const workflow = autoReplyWorkflow(credential, { fromNumber: sim.accountNumbers[0], setupRecipient: YOUR_MOBILE });
		const { id: workflowId } = await api.createWorkflow(workflow);
		stopFollowing = followSimulator(sim);
		const published = await api.publishWorkflow(workflowId);
		if (published.status !== 200) throw new Error(`Publishing the auto-reply workflow failed: ${published.text}`);
		await n8n.waitForPostWebhook(triggerWebhookPath(workflow), 30_000);
		await waitFor(() => sim!.callbackUrlFor(sim!.accountNumbers[0]), { timeoutMs: 10_000, what: 'the setup text' });

		if (CHECK) {
			const reply = await checkAutoReply(control.url, YOUR_MOBILE);
			say(`Auto-reply reached IO Phone: ${reply.from} → ${reply.to}: "${reply.text}"`);
			say(`Check passed in ${Math.round((Date.now() - startedAt) / 1000)} s (n8n ${local.runtime.version}, REST ready ${Math.round(local.timings.coldStartToRestReadyMs / 1000)} s after its start).`);
			await shutdown(0);
			return;
		}

		mkdirSync(STATE_DIR, { recursive: true });
		writeFileSync(
			STATE_FILE,
			JSON.stringify({ controlUrl: control.url, simulatorBaseUrl: sim.baseUrl, editorUrl: n8n.baseUrl, pid: process.pid }, null, 2),
		);

		const line = '─'.repeat(72);
		process.stdout.write(`
${line}
 n8n ${local.runtime.version} with n8n-nodes-iophone is running (started in ${Math.round((Date.now() - n8n.startedAt) / 1000)} s)

 Editor:      ${n8n.baseUrl}/
 Login:       ${local.owner.email}  /  ${local.owner.password}
 Workflow:    ${n8n.baseUrl}/workflow/${workflowId}  (IO Phone auto-reply, published)
 Credential:  "IO Phone (local simulator)" → ${sim.baseUrl}, API key ${SIM_API_KEY}
 IO Phone:    simulator numbers ${sim.accountNumbers.join(', ')}

 Text the auto-reply workflow (from another terminal, in ${PROJECT_ROOT}):
   node scripts/dev/fake-text.js "${YOUR_MOBILE}" "hello"
 or:
   curl -s -X POST ${control.url}/receive -H 'content-type: application/json' \\
     -d '{"from":"${YOUR_MOBILE}","text":"hello"}'
 Sent messages (ids):  curl -s ${control.url}/sent
 Delivery receipt / failure for one of them:
   curl -s -X POST ${control.url}/deliver -d '{"id":<id>}'
   curl -s -X POST ${control.url}/fail -d '{"id":<id>,"errorCode":4720}'

 n8n log: ${path.join(local.root, 'n8n.log')}
 Press Ctrl-C to stop everything.
${line}
`);
		// Keep running until a signal arrives; notice if n8n dies on its own.
		await waitFor(() => !local!.n8n.isRunning, { timeoutMs: 365 * 24 * 3600_000, intervalMs: 1000, what: 'n8n to exit' });
		say(`n8n exited on its own:\n${local.n8n.tail()}`);
		await shutdown(1);
	} catch (error) {
		say(`Failed: ${(error as Error).message}`);
		if (CHECK && local) say(`n8n log (tail):\n${local.n8n.tail()}`);
		await shutdown(1);
	}
}

void main();
