import { SimulatorProcess } from './simulator-process';
import { sendWithNode, timed } from './senders';
import { contactItems, sendParameters } from './workload';
async function main() {
	const sim = await SimulatorProcess.start(20);
	await sendWithNode(sim, contactItems(300), sendParameters());
	const items = contactItems(4000);
	const { ms } = await timed(() => sendWithNode(sim, items, sendParameters()));
	console.log('node 4000', ms.toFixed(0), 'ms', (4000000 / ms).toFixed(0), '/s');
	await sim.close();
}
main();
