import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorBody } from '../../common/api/common.js';
import { startFakeModelServer, type FakeModelServer } from '../llm/testing/fake-model-server.js';
import { FAST_LIMITS } from '../llm/testing/limits.js';
import { createChat, createUser, type TestChat, type TestUser } from '../test/factories.js';
import { startTestApp, type TestApp } from '../test/harness.js';

type ErrorReply = ApiErrorBody;

let fake: FakeModelServer;
let t: TestApp;
let ada: TestUser;
let bob: TestUser;
let chat: TestChat;
let other: TestChat;
beforeAll(async () => {
  fake = await startFakeModelServer();
  t = await startTestApp({ openai: { baseUrl: fake.baseUrl, apiKey: null }, llm: FAST_LIMITS });
  ada = await createUser(t);
  bob = await createUser(t);
  chat = await createChat(ada, { messages: 2 });
  other = await createChat(ada, { messages: 2 });
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

const rowCount = async () => (await t.db.selectFrom('messages').select('id').execute()).length;

describe('messages: bad input and other users', () => {
  it("answers 404 for another user's chat, for send, regenerate and stop, and changes nothing", async () => {
    const before = await rowCount();
    const reply = chat.messages[1]?.id ?? '';
    const urls = [
      [`/api/v1/chats/${chat.id}/messages`, { content: 'Mine now' }],
      [`/api/v1/chats/${chat.id}/messages/${reply}/regenerate`, {}],
      [`/api/v1/chats/${chat.id}/messages/${reply}/stop`, undefined],
    ] as const;
    for (const [url, body] of urls) {
      const answer = await bob.client.post<ErrorReply>(url, body);
      expect(answer.status, url).toBe(404);
      expect(answer.body.error.code).toBe('not_found');
    }
    // A message of another chat, even one's own, is not found under this chat.
    expect((await ada.client.post(`/api/v1/chats/${chat.id}/messages/${other.messages[1]?.id ?? ''}/stop`)).status).toBe(404);
    expect((await ada.client.post(`/api/v1/chats/${chat.id}/messages/${other.messages[1]?.id ?? ''}/regenerate`, {})).status).toBe(404);
    expect((await ada.client.post(`/api/v1/chats/nosuchchat/messages`, { content: 'x' })).status).toBe(404);
    expect(await rowCount()).toBe(before);
    expect(fake.completions()).toEqual([]);
  });

  it('refuses bad input with 400 naming the field, before calling any model', async () => {
    const before = await rowCount();
    const send = `/api/v1/chats/${chat.id}/messages`;
    const reply = chat.messages[1]?.id ?? '';
    const cases: [string, unknown, string][] = [
      [send, {}, 'content'],
      [send, { content: '' }, 'content'],
      [send, { content: '  \n ' }, 'content'],
      [send, { content: 42 }, 'content'],
      [send, { content: 'x'.repeat(1_000_001) }, 'content'],
      [send, { content: 'x', parentId: 'unknownmessage' }, 'parentId'],
      [send, { content: 'x', parentId: other.messages[0]?.id }, 'parentId'],
      [send, { content: 'x', parentId: '../etc' }, 'parentId'],
      [send, { content: 'x', model: 'no-such-model' }, 'model'],
      [send, { content: 'x', model: '' }, 'model'],
      [send, { content: 'x', stream: 'yes' }, 'stream'],
      [send, { content: 'x', role: 'system' }, 'role'],
      [`/api/v1/chats/a%20b/messages`, { content: 'x' }, 'id'],
      [`/api/v1/chats/${chat.id}/messages/${reply}/regenerate`, { model: 'no-such-model' }, 'model'],
      [`/api/v1/chats/${chat.id}/messages/${reply}/regenerate`, { content: 'x' }, 'content'],
      [`/api/v1/chats/${chat.id}/messages/bad%20id/regenerate`, {}, 'messageId'],
      [`/api/v1/chats/${chat.id}/messages/bad%20id/stop`, undefined, 'messageId'],
    ];
    for (const [url, body, field] of cases) {
      const answer = await ada.client.post<ErrorReply>(url, body);
      const label = `${url} ${JSON.stringify(body ?? null).slice(0, 80)}`;
      expect(answer.status, label).toBe(400);
      expect(answer.body.error.code, label).toBe('invalid_request');
      expect(answer.body.error.fields?.map((f) => f.field), label).toContain(field);
    }
    expect(await rowCount()).toBe(before);
    expect(fake.completions()).toEqual([]);
  });

  it('answers 404 for an unknown message to regenerate or stop', async () => {
    expect((await ada.client.post(`/api/v1/chats/${chat.id}/messages/unknownmessage/regenerate`, {})).status).toBe(404);
    expect((await ada.client.post(`/api/v1/chats/${chat.id}/messages/unknownmessage/stop`)).status).toBe(404);
  });
});
