import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReplyPair } from '../../common/api/messages.js';
import type { ApiErrorBody } from '../../common/api/common.js';
import { startFakeModelServer, type FakeModelServer } from '../llm/testing/fake-model-server.js';
import { FAST_LIMITS } from '../llm/testing/limits.js';
import { parseEventStream } from '../llm/testing/sse.js';
import { createChat, createUser, type TestChat, type TestMessage, type TestUser } from '../test/factories.js';
import { startTestApp, type TestApp } from '../test/harness.js';

type Pair = ReplyPair;
type ErrorReply = ApiErrorBody;

let fake: FakeModelServer;
let t: TestApp;
let ada: TestUser;
beforeEach(async () => {
  fake = await startFakeModelServer({ apiKey: 'sk-fake-key-0123456789' });
  t = await startTestApp({ openai: { baseUrl: fake.baseUrl, apiKey: 'sk-fake-key-0123456789' }, llm: FAST_LIMITS });
  ada = await createUser(t, { name: 'Ada' });
});
afterEach(async () => {
  await t.close();
  await fake.close();
});

const readChat = async (chatId: string) => (await ada.client.get<{ chat: TestChat }>(`/api/v1/chats/${chatId}`)).body.chat;
const send = (chatId: string, body: object) => ada.client.post(`/api/v1/chats/${chatId}/messages`, body);
const sendAndWait = (chatId: string, body: object) => ada.client.post<Pair>(`/api/v1/chats/${chatId}/messages`, { ...body, stream: false });
const sentContents = (i = -1) => fake.completions().at(i)?.body.messages?.map((m) => m.content);
const bodyTexts = async () => (await t.db.selectFrom('message_bodies').select('content').execute()).map((b) => b.content).sort();

describe('replies', () => {
  it('streams the reply as server-sent events and stores exactly what streamed', async () => {
    fake.script = { tokens: ['The ', 'answer ', 'is ', '42', '.'], tokenDelayMs: 30 };
    const chat = await createChat(ada, { title: 'Questions' });
    const reply = await send(chat.id, { content: 'What is the answer?' });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toContain('text/event-stream');
    const events = parseEventStream(reply.text);
    expect(events.map((e) => e.event)).toEqual(['message', 'delta', 'delta', 'delta', 'delta', 'delta', 'done']);
    const first = events[0]?.data as Pair;
    expect(first.userMessage).toMatchObject({ role: 'user', content: 'What is the answer?', parentId: null, status: 'complete' });
    expect(first.assistantMessage).toMatchObject({ role: 'assistant', content: '', status: 'streaming', model: 'fake-small' });
    expect(first.assistantMessage.parentId).toBe(first.userMessage?.id);
    const streamed = events.filter((e) => e.event === 'delta').map((e) => (e.data as { content: string }).content).join('');
    expect(streamed).toBe('The answer is 42.');
    const done = (events.at(-1)?.data as { message: TestMessage }).message;
    expect(done).toMatchObject({ id: first.assistantMessage.id, content: streamed, status: 'complete' });

    const stored = await readChat(chat.id);
    expect(stored.currentMessageId).toBe(done.id);
    expect(stored.messages.find((m) => m.id === done.id)).toEqual(done);
    expect(stored.updatedAt > chat.updatedAt).toBe(true);
    // The intermediate texts saved while streaming are gone: only whole messages remain.
    expect(await bodyTexts()).toEqual(['The answer is 42.', 'What is the answer?']);
    const row = await t.db.selectFrom('messages').select(['error', 'status']).where('id', '=', done.id).executeTakeFirstOrThrow();
    expect(row).toEqual({ error: null, status: 'complete' });
  });

  it('waits and answers 201 with both messages when not streaming, sending the key upstream', async () => {
    const chat = await createChat(ada);
    const reply = await sendAndWait(chat.id, { content: 'Hi' });
    expect(reply.status).toBe(201);
    expect(reply.body.userMessage).toMatchObject({ content: 'Hi', role: 'user' });
    expect(reply.body.assistantMessage).toMatchObject({ content: 'Hello, world!', status: 'complete', model: 'fake-small' });
    const upstream = fake.completions()[0];
    expect(upstream?.authorization).toBe('Bearer sk-fake-key-0123456789');
    expect(upstream?.body).toMatchObject({ model: 'fake-small', stream: true, messages: [{ role: 'user', content: 'Hi' }] });
  });

  it("sends the thread root → new message as context, never another branch's messages", async () => {
    const chat = await createChat(ada, {
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Q1' },
        { role: 'assistant', content: 'A1' },
        { role: 'user', content: 'Q2' },
        { role: 'assistant', content: 'A2' },
      ],
    });
    const [, , a1, q2, a2] = chat.messages;
    await sendAndWait(chat.id, { content: 'Q3' });
    expect(sentContents()).toEqual(['Be brief.', 'Q1', 'A1', 'Q2', 'A2', 'Q3']);
    expect(fake.completions().at(-1)?.body.messages?.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'user']);

    // Editing Q2 = a new sibling of Q2 under A1: the old branch (Q2, A2, Q3…) is not sent.
    const edit = await sendAndWait(chat.id, { content: 'Q2, edited', parentId: a1?.id });
    expect(edit.status).toBe(201);
    expect(sentContents()).toEqual(['Be brief.', 'Q1', 'A1', 'Q2, edited']);
    expect(edit.body.userMessage?.parentId).toBe(a1?.id);
    const tree = await readChat(chat.id);
    expect(tree.messages.filter((m) => m.parentId === a1?.id).map((m) => m.content)).toEqual(['Q2', 'Q2, edited']);
    expect(tree.messages.some((m) => m.id === q2?.id || m.id === a2?.id)).toBe(true);
    expect(tree.currentMessageId).toBe(edit.body.assistantMessage.id);

    // The next message follows the current (edited) branch.
    await sendAndWait(chat.id, { content: 'Q3 again' });
    expect(sentContents()).toEqual(['Be brief.', 'Q1', 'A1', 'Q2, edited', 'Hello, world!', 'Q3 again']);
  });

  it('edits the first prompt by adding a sibling root', async () => {
    const chat = await createChat(ada, { messages: 4 });
    const edit = await sendAndWait(chat.id, { content: 'A new start', parentId: null });
    expect(edit.body.userMessage?.parentId).toBeNull();
    expect(sentContents()).toEqual(['A new start']);
    const tree = await readChat(chat.id);
    expect(tree.messages.filter((m) => m.parentId === null)).toHaveLength(2);
    expect(tree.currentMessageId).toBe(edit.body.assistantMessage.id);
  });

  it('regenerates a reply as a sibling, with the thread up to its prompt as context', async () => {
    const chat = await createChat(ada, {
      messages: [
        { role: 'user', content: 'Q1' },
        { role: 'assistant', content: 'A1', model: 'fake-large' },
      ],
    });
    const [q1, a1] = chat.messages;
    fake.script = { tokens: ['A1, ', 'again'] };
    const reply = await ada.client.post(`/api/v1/chats/${chat.id}/messages/${a1?.id}/regenerate`, {});
    const events = parseEventStream(reply.text);
    const first = events[0]?.data as Pair;
    expect(first.userMessage?.id).toBe(q1?.id);
    expect(first.assistantMessage).toMatchObject({ parentId: q1?.id, model: 'fake-large' });
    expect(events.at(-1)?.event).toBe('done');
    expect(sentContents()).toEqual(['Q1']);
    const tree = await readChat(chat.id);
    expect(tree.messages.filter((m) => m.parentId === q1?.id).map((m) => m.content)).toEqual(['A1', 'A1, again']);
    expect(tree.currentMessageId).toBe(first.assistantMessage.id);

    const again = await ada.client.post<Pair>(`/api/v1/chats/${chat.id}/messages/${a1?.id}/regenerate`, { model: 'fake-small', stream: false });
    expect(again.status).toBe(201);
    expect(again.body.assistantMessage).toMatchObject({ parentId: q1?.id, model: 'fake-small', content: 'A1, again' });
    expect((await readChat(chat.id)).messages.filter((m) => m.parentId === q1?.id)).toHaveLength(3);

    const onPrompt = await ada.client.post<ErrorReply>(`/api/v1/chats/${chat.id}/messages/${q1?.id}/regenerate`, {});
    expect(onPrompt.status).toBe(400);
    expect(onPrompt.body.error.fields?.[0]?.field).toBe('messageId');
  });

  it('picks the model asked for, else the last one used in the thread, else the first offered', async () => {
    const chat = await createChat(ada, { messages: [{ role: 'user', content: 'Q' }, { role: 'assistant', content: 'A', model: 'gone-model' }] });
    expect((await sendAndWait(chat.id, { content: 'one' })).body.assistantMessage.model).toBe('fake-small');
    expect((await sendAndWait(chat.id, { content: 'two', model: 'fake-large' })).body.assistantMessage.model).toBe('fake-large');
    expect((await sendAndWait(chat.id, { content: 'three' })).body.assistantMessage.model).toBe('fake-large');
    expect(fake.completions().map((r) => r.body.model)).toEqual(['fake-small', 'fake-large', 'fake-large']);
    const unknown = await sendAndWait(chat.id, { content: 'four', model: 'no-such-model' });
    expect(unknown.status).toBe(400);
    expect((unknown.body as unknown as ErrorReply).error.fields?.map((f) => f.field)).toEqual(['model']);
  });

  it('answers 503 with a clear message when there is no model connection, and stores nothing', async () => {
    const bare = await startTestApp({ llm: FAST_LIMITS });
    try {
      const user = await createUser(bare);
      const chat = await createChat(user);
      const reply = await user.client.post<ErrorReply>(`/api/v1/chats/${chat.id}/messages`, { content: 'Hello?' });
      expect(reply.status).toBe(503);
      expect(reply.body.error).toMatchObject({ code: 'service_unavailable' });
      expect(reply.body.error.message).toMatch(/connection/i);
      expect((await user.client.get<{ items: unknown[] }>('/api/v1/models')).body.items).toEqual([]);
      expect(await bare.db.selectFrom('messages').select('id').execute()).toEqual([]);
    } finally {
      await bare.close();
    }
  });
});
