/**
 * The node's segment estimate against the simulator's own count (tools/simulator/segments.ts,
 * written from the GSM standard): each text goes through the node in n8n's engine and over real
 * HTTP to the simulator; the node's `estimatedSegments` and `encoding` must match what the
 * simulator answers (`segmentCount`) and the encoding it counted in.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { IoPhoneSimulator, encodingOf } from '../../tools/simulator';
import { runSend, sendParameters } from '../support/send-node';

const a = (n: number) => 'a'.repeat(n);
const zhe = (n: number) => 'ж'.repeat(n);

const TEXTS: Array<[label: string, text: string]> = [
	['a short text', 'ok'],
	['one character', '.'],
	['160 GSM-7 characters', a(160)],
	['161 GSM-7 characters', a(161)],
	['153 × 2 GSM-7 characters', a(306)],
	['153 × 2 + 1 GSM-7 characters', a(307)],
	['an escape pair ending exactly at septet 153', `${a(151)}€${a(153)}`],
	['an escape pair at septets 153/154 (never split)', `${a(152)}€${a(152)}`],
	['80 euro signs (160 septets)', '€'.repeat(80)],
	['81 euro signs', '€'.repeat(81)],
	['every extension character', `\f^{}\\[~]|€ ${'{}[]~\\|^'.repeat(19)}`],
	['the default alphabet outside ASCII', '@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà\n\r'],
	['70 UCS-2 units', zhe(70)],
	['71 UCS-2 units', zhe(71)],
	['67 × 2 UCS-2 units', zhe(134)],
	['67 × 2 + 1 UCS-2 units', zhe(135)],
	['an emoji ending exactly at unit 67', `${zhe(65)}😀${zhe(67)}`],
	['an emoji at units 67/68 (a surrogate pair never split)', `${zhe(66)}😀${zhe(66)}`],
	['36 emoji', '😀'.repeat(36)],
	['one ç among 159 GSM-7 characters switches all to UCS-2', `${a(159)}ç`],
	['one emoji among GSM-7 text', `${a(68)}😀`],
	['a lookalike outside GSM-7 (ê)', 'Crème brûlée, fête'],
	['a tab', 'one\ttwo'],
	['a backtick', 'run `ls`'],
	['2048 GSM-7 characters', a(2048)],
	['2048 UCS-2 units', zhe(2048)],
];

let sim: IoPhoneSimulator;
let outputs: INodeExecutionData[];

beforeAll(async () => {
	sim = await IoPhoneSimulator.start();
	const items = TEXTS.map(([, text]) => ({ json: { text } }));
	const { items: out, error } = await runSend(sim, sendParameters({ text: '={{ $json.text }}' }), { items });
	expect(error).toBeUndefined();
	outputs = out;
});
afterAll(async () => await sim.close());

test('every text reached the simulator once', () => {
	expect(outputs).toHaveLength(TEXTS.length);
	expect(sim.sent.map((message) => message.text).sort()).toEqual(TEXTS.map(([, text]) => text).sort());
});

test.each(TEXTS.map(([label, text], index) => [label, text, index] as const))('%s: node and simulator agree', (_label, text, index) => {
	const json = outputs[index].json as IDataObject;
	const received = sim.sent.find((message) => message.text === text)!;
	expect({ encoding: json.encoding, segments: json.estimatedSegments }).toEqual({
		encoding: encodingOf(received.text),
		segments: received.segmentCount,
	});
	expect(json.segmentCount).toBe(received.segmentCount);
});
