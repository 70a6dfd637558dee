import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Chat } from '../../common/api/chats.js';
import { createParley } from '../app.js';
import { startFakeModelServer, type FakeModelServer } from '../llm/testing/fake-model-server.js';
import { FAST_LIMITS } from '../llm/testing/limits.js';
import { parseEventStream } from '../llm/testing/sse.js';
import { appendMessages, createChat, createUser, type TestChat, type TestUser } from '../test/factories.js';
import { startTestApp, type TestApp } from '../test/harness.js';

/**
 * A reply whose writer is gone (issue 11, item 4): the instance writing a reply beats on its row;
 * one whose heartbeat is older than the threshold is failed with what arrived, so the next message
 * is not refused with 409. A reply some instance is still writing is left alone.
 */

const STALE_MS = 250;
let fake: FakeModelServer;
let t: TestApp;
let ada: TestUser;
let chat: TestChat;
beforeEach(async () => {
  fake = await startFakeModelServer();
  t = await startTestApp({ openai: { baseUrl: fake.baseUrl, apiKey: null }, llm: { ...FAST_LIMITS, staleReplyMs: STALE_MS } });
  ada = await createUser(t);
  chat = await createChat(ada, { messages: 2 });
});
afterEach(async () => {
  await t.close();
  await fake.close();
});

/** A reply left streaming by a writer that last beat `ago` ms ago, with some text already saved. */
async function abandonedReply(ago: number): Promise<string> {
  const [id = ''] = await appendMessages(t, chat.id, chat.currentMessageId, [{ role: 'assistant', content: 'half an ans', model: 'test-model' }]);
  const at = new Date(Date.now() - ago).toISOString();
  await t.db.updateTable('messages').set({ status: 'streaming', heartbeat_at: at }).where('id', '=', id).execute();
  return id;
}

describe('replies whose writer is gone', () => {
  it('fails a reply with an old heartbeat when a message is posted: 201, not 409, keeping what arrived', async () => {
    const cutOff = await abandonedReply(60_000);
    const posted = await ada.client.post(`/api/v1/chats/${chat.id}/messages`, { content: 'Still there?', stream: false });
    expect(posted.status).toBe(201);
    const read = await ada.client.get<{ chat: Chat }>(`/api/v1/chats/${chat.id}`);
    const old = read.body.chat.messages.find((m) => m.id === cutOff);
    expect(old).toMatchObject({ status: 'failed', content: 'half an ans' });
  });

  it('fails it when the chat is read, and at start', async () => {
    const first = await abandonedReply(60_000);
    const read = await ada.client.get<{ chat: Chat }>(`/api/v1/chats/${chat.id}`);
    expect(read.body.chat.messages.find((m) => m.id === first)?.status).toBe('failed');

    const second = await abandonedReply(60_000);
    const restarted = await createParley(t.config);
    await restarted.close();
    const row = await t.db.selectFrom('messages').select('status').where('id', '=', second).executeTakeFirstOrThrow();
    expect(row.status).toBe('failed');
  });

  it('leaves alone a reply whose writer still beats, here or on another instance', async () => {
    await abandonedReply(0);
    const refused = await ada.client.post(`/api/v1/chats/${chat.id}/messages`, { content: 'Too soon', stream: false });
    expect(refused.status).toBe(409);

    // A reply written here, slower between tokens than the stale threshold: its heartbeat keeps it alive.
    const other = await createChat(ada, { messages: 2 });
    fake.script = { tokens: ['slow ', 'but ', 'alive'], tokenDelayMs: STALE_MS + 100 };
    const streaming = ada.client.post(`/api/v1/chats/${other.id}/messages`, { content: 'Take your time' });
    await new Promise((resolve) => setTimeout(resolve, STALE_MS * 2));
    const meanwhile = await ada.client.get<{ chat: Chat }>(`/api/v1/chats/${other.id}`);
    expect(meanwhile.body.chat.messages.at(-1)?.status).toBe('streaming');
    const events = parseEventStream((await streaming).text);
    expect(events.at(-1)?.event).toBe('done');
  });
});
