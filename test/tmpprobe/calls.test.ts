import { DataDeduplicationService } from 'n8n-core';
import { runWorkflow } from '../../tools/harness';
import { IoPhoneSimulator } from '../../tools/simulator';
import { MemoryDeduplicator } from '../support/memory-deduplicator';
import { credentialsFor, rowSendNode } from '../support/send-node';

test('calls', async () => {
	const store = new MemoryDeduplicator();
	await DataDeduplicationService.init(store);
	const sim = await IoPhoneSimulator.start({ responseDelayMs: 20 });
	let calls = 0;
	const sizes: number[] = [];
	store.beforeWrite = (r) => { calls++; sizes.push(r.length); };
	const N = 2000;
	const items = Array.from({ length: N }, (_, k) => ({ json: { to: '+16142579242', text: `T ${k}` } }));
	const node = rowSendNode('probe', { options: { skipAlreadySent: true } }, true);
	const t0 = Date.now();
	await runWorkflow({ workflow: { id: 'p', nodes: [node], connections: {} }, startNode: 'Send', items, credentials: credentialsFor(sim) });
	process.stdout.write(`calls ${calls} for ${N} texts, ${((N) / calls).toFixed(1)} texts/call, ${Date.now() - t0} ms, final ${sizes.at(-1)}\n`);
	await sim.close();
}, 120000);
