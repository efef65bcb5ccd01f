#!/usr/bin/env node
/**
 * Pretends someone texted your IO Phone number, while `npm run dev` is running:
 *   node scripts/dev/fake-text.js "+16142579242" "hello"            (to the first simulator number)
 *   node scripts/dev/fake-text.js "+16142579242" "hello" "+15553334444"
 * The simulator posts message-received to the callback URL stored for that number (the published
 * IO Phone Trigger's), then this waits a few seconds for a reply to appear and prints it.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const STATE_FILE = path.resolve(__dirname, '..', '..', '.cache', 'dev', 'state.json');

async function main() {
	const [from, text, to] = process.argv.slice(2);
	if (!from || text === undefined) {
		console.error('Usage: node scripts/dev/fake-text.js <from-number> <text> [to-number]');
		process.exit(2);
	}
	let state;
	try {
		state = JSON.parse(fs.readFileSync(STATE_FILE, 'utf8'));
	} catch {
		console.error(`No ${STATE_FILE}: start "npm run dev" first.`);
		process.exit(1);
	}
	const control = process.env.IOPHONE_DEV_CONTROL_URL || state.controlUrl;
	const call = async (method, route, body) => {
		const res = await fetch(`${control}${route}`, {
			method,
			headers: body ? { 'content-type': 'application/json' } : {},
			body: body ? JSON.stringify(body) : undefined,
			signal: AbortSignal.timeout(10000),
		});
		return { status: res.status, json: await res.json() };
	};

	const sentBefore = (await call('GET', '/sent')).json.length;
	const { status, json } = await call('POST', '/receive', { from, text, ...(to ? { to } : {}) });
	if (status !== 200) {
		console.error(json.error || JSON.stringify(json));
		process.exit(1);
	}
	console.log(`IO Phone posted message-received to n8n: HTTP ${json.status} ${json.response}`);

	const deadline = Date.now() + 8000;
	while (Date.now() < deadline) {
		const sent = (await call('GET', '/sent')).json.slice(sentBefore).filter((m) => m.to === json.payload.from);
		if (sent.length > 0) {
			for (const m of sent) console.log(`Reply sent by n8n: ${m.from} → ${m.to}: "${m.text}" (id ${m.id})`);
			return;
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	console.log('No reply within 8 s (is the workflow published? see the n8n log).');
}

main().catch((error) => {
	console.error(error.message);
	process.exit(1);
});
