/* eslint-disable -- development tooling, never shipped: n8n's community-node rules are for code that runs inside n8n (CONTRIBUTING.md) */
/** The scripted OpenAI-compatible chat model (tools/llm) the AI Agent e2e test points n8n at, over real HTTP. */
import { callToolThenAnswer, conversationOf, FakeOpenAi, lastUserText, messageText, toolResults, type ChatRequest } from '../../tools/llm/fake-openai';

const KEY = 'sk-test-key';
let llm: FakeOpenAi;

const post = async (body: unknown, key = KEY) =>
	await fetch(`${llm.baseUrl}/chat/completions`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
		body: JSON.stringify(body),
	});

const ask = (extra: Partial<ChatRequest> = {}, messages: ChatRequest['messages'] = [{ role: 'user', content: 'Order beans' }]): ChatRequest => ({
	model: 'fake-model',
	messages,
	tools: [{ type: 'function', function: { name: 'Place_Order', parameters: { type: 'object', properties: {} } } }],
	...extra,
});

beforeEach(async () => {
	llm = await FakeOpenAi.start({ apiKey: KEY, script: callToolThenAnswer('Place_Order', { item: 'beans' }, (result) => `Done: ${result}`) });
});
afterEach(async () => await llm.close());

test('calls the tool first, as a chat.completion with tool_calls and arguments as a JSON string', async () => {
	const res = await post(ask());
	expect(res.status).toBe(200);
	const body = (await res.json()) as any;
	expect(body).toMatchObject({ object: 'chat.completion', model: 'fake-model', choices: [{ index: 0, finish_reason: 'tool_calls' }] });
	const [call] = body.choices[0].message.tool_calls;
	expect(call).toMatchObject({ type: 'function', function: { name: 'Place_Order' } });
	expect(JSON.parse(call.function.arguments)).toEqual({ item: 'beans' });
	expect(call.id).toMatch(/^call_\w+$/);
});

test('answers with text once the request holds a tool result, and records what the model was told', async () => {
	const messages: ChatRequest['messages'] = [
		{ role: 'user', content: 'Order beans' },
		{ role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'Place_Order', arguments: '{}' } }] },
		{ role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: 'User rejected the tool call' }] },
	];
	const body = (await (await post(ask({}, messages))).json()) as any;
	expect(body.choices[0]).toMatchObject({ finish_reason: 'stop', message: { role: 'assistant', content: 'Done: User rejected the tool call' } });
	expect(llm.chatRequests).toHaveLength(1);
	expect(messageText(toolResults(llm.chatRequests[0])[0])).toBe('User rejected the tool call');
	expect(llm.requests[0]).toMatchObject({ method: 'POST', path: '/v1/chat/completions', authorized: true });
});

test('streams as server-sent chunks ending in [DONE] when asked, with usage when asked', async () => {
	const res = await post(ask({ stream: true, stream_options: { include_usage: true } }));
	expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
	const events = (await res.text()).split('\n\n').filter(Boolean).map((e) => e.replace(/^data: /, ''));
	expect(events.pop()).toBe('[DONE]');
	const chunks = events.map((e) => JSON.parse(e));
	expect(chunks.every((c) => c.object === 'chat.completion.chunk')).toBe(true);
	const toolDelta = chunks.find((c) => c.choices[0]?.delta?.tool_calls)!.choices[0].delta.tool_calls[0];
	expect(toolDelta).toMatchObject({ index: 0, type: 'function', function: { name: 'Place_Order', arguments: '{"item":"beans"}' } });
	expect(chunks.find((c) => c.choices[0]?.finish_reason)!.choices[0].finish_reason).toBe('tool_calls');
	expect(chunks[chunks.length - 1]).toMatchObject({ choices: [], usage: { total_tokens: expect.any(Number) } });
});

test('refuses a wrong key with 401 in OpenAI\'s error shape, and lists a model', async () => {
	const refused = await post(ask(), 'sk-wrong');
	expect(refused.status).toBe(401);
	expect(await refused.json()).toMatchObject({ error: { code: 'invalid_api_key' } });
	expect(llm.chatRequests).toHaveLength(0);
	expect(llm.requests[0].authorized).toBe(false);
	expect(JSON.stringify(llm.requests)).not.toContain('sk-wrong');

	const models = await fetch(`${llm.baseUrl}/models`, { headers: { authorization: `Bearer ${KEY}` } });
	expect(await models.json()).toMatchObject({ object: 'list', data: [{ id: 'fake-model' }] });
});

test('reset() forgets the requests and takes a new script; the script sees the request count', async () => {
	await post(ask());
	llm.reset((_request, index) => ({ text: `call ${index}` }));
	expect(llm.requests).toHaveLength(0);
	const first = (await (await post(ask())).json()) as any;
	const second = (await (await post(ask())).json()) as any;
	expect([first.choices[0].message.content, second.choices[0].message.content]).toEqual(['call 0', 'call 1']);
});

test('reads the conversation a request carries (system messages left out) and the last user text; a script that throws is a 500', async () => {
	const messages: ChatRequest['messages'] = [
		{ role: 'system', content: 'You are an SMS assistant.' },
		{ role: 'user', content: 'Do you deliver?' },
		{ role: 'assistant', content: 'Yes.' },
		{ role: 'user', content: [{ type: 'text', text: 'To Brooklyn?' }] },
	];
	llm.reset((request) => {
		if (conversationOf(request).length < 5) throw new Error('too short');
		return { text: 'ok' };
	});
	const res = await post(ask({}, messages));
	expect(res.status).toBe(500);
	expect(((await res.json()) as any).error.message).toBe('script failed: too short');
	const [request] = llm.chatRequests;
	expect(conversationOf(request)).toEqual([
		{ role: 'user', text: 'Do you deliver?' },
		{ role: 'assistant', text: 'Yes.' },
		{ role: 'user', text: 'To Brooklyn?' },
	]);
	expect(lastUserText(request)).toBe('To Brooklyn?');
});
