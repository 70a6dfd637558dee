import { once } from 'node:events';
import type { ReplyFailure } from '../../common/api/messages.js';
import type { ApiErrorBody } from '../../common/api/common.js';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isPostgres } from '../db/database.js';
import { startFakeModelServer, type FakeModelServer, type ReplyScript } from '../llm/testing/fake-model-server.js';
import { FAST_LIMITS } from '../llm/testing/limits.js';
import { parseEventStream } from '../llm/testing/sse.js';
import { createChat, createUser, type TestChat, type TestMessage, type TestUser } from '../test/factories.js';
import { startTestApp, type TestApp } from '../test/harness.js';

type ErrorEvent = { message: TestMessage; error: ReplyFailure };
type ErrorReply = ApiErrorBody;

let fake: FakeModelServer;
let t: TestApp;
let ada: TestUser;
let chat: TestChat;
beforeEach(async () => {
  fake = await startFakeModelServer();
  t = await startTestApp({ openai: { baseUrl: fake.baseUrl, apiKey: null }, llm: FAST_LIMITS });
  ada = await createUser(t);
  chat = await createChat(ada, { messages: 2 });
});
afterEach(async () => {
  await t.close();
  await fake.close();
});

async function until<T>(probe: () => Promise<T | undefined>, what: string, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const storedReply = (id: string) =>
  t.db
    .selectFrom('messages')
    .innerJoin('message_bodies', 'message_bodies.hash', 'messages.body_hash')
    .select(['status', 'error', 'content'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

/** Streams a reply that fails as scripted; returns its error event and the elapsed time. */
async function failingReply(script: ReplyScript) {
  fake.script = script;
  const started = Date.now();
  const reply = await ada.client.post(`/api/v1/chats/${chat.id}/messages`, { content: 'Go on' });
  const elapsed = Date.now() - started;
  expect(reply.status).toBe(200);
  const events = parseEventStream(reply.text);
  const last = events.at(-1);
  expect(last?.event).toBe('error');
  const error = last?.data as ErrorEvent;
  expect(error.message.status).toBe('failed');
  expect(await storedReply(error.message.id)).toEqual({ status: 'failed', error: error.error.message, content: error.message.content });
  return { error, elapsed };
}

describe('replies that fail or are stopped', () => {
  it('stops a reply with the stop endpoint, keeping what arrived and closing the upstream request', async () => {
    fake.script = { tokens: Array.from({ length: 100 }, (_, i) => `w${i} `), tokenDelayMs: 20 };
    const streaming = ada.client.post(`/api/v1/chats/${chat.id}/messages`, { content: 'Tell me a long story' });
    const replyId = await until(async () => {
      const row = await t.db.selectFrom('messages').innerJoin('message_bodies', 'hash', 'body_hash').select(['id', 'content'])
        .where('chat_id', '=', chat.id).where('status', '=', 'streaming').executeTakeFirst();
      return row && row.content.length > 0 ? row.id : undefined;
    }, 'the first save');
    // Answering a reply that is still being written is refused.
    const meanwhile = await ada.client.post<ErrorReply>(`/api/v1/chats/${chat.id}/messages`, { content: 'And then?', stream: false });
    expect(meanwhile.status).toBe(409);
    expect(meanwhile.body.error.code).toBe('conflict');
    const stop = await ada.client.post<{ message: TestMessage }>(`/api/v1/chats/${chat.id}/messages/${replyId}/stop`);
    expect(stop.status).toBe(200);
    expect(stop.body.message).toMatchObject({ id: replyId, status: 'failed' });
    expect(stop.body.message.content).toMatch(/^w0 /);
    expect(stop.body.message.content.length).toBeLessThan(100 * 3);

    const events = parseEventStream((await streaming).text);
    expect(events.at(-1)).toMatchObject({ event: 'error', data: { error: { code: 'stopped' } } });
    const streamed = events.filter((e) => e.event === 'delta').map((e) => (e.data as { content: string }).content).join('');
    expect((await storedReply(replyId)).content).toBe(streamed);
    expect(await storedReply(replyId)).toMatchObject({ status: 'failed', error: 'Stopped by the user.' });
    await until(async () => (fake.completions()[0]?.abandoned ? true : undefined), 'the upstream request to close');
    // Stopping again changes nothing.
    expect((await ada.client.post<{ message: TestMessage }>(`/api/v1/chats/${chat.id}/messages/${replyId}/stop`)).body.message).toEqual(stop.body.message);
  });

  it('stops a reply when the client closes the request', async () => {
    const key = (await ada.client.post<{ key: string }>('/api/v1/auth/api-keys', { name: 'stream' })).body.key;
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as AddressInfo;
    fake.script = { tokens: Array.from({ length: 200 }, (_, i) => `t${i} `), tokenDelayMs: 20 };
    // node:http rather than fetch: fetch may open a spare connection that would hold up the app's close.
    const request = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: `/api/v1/chats/${chat.id}/messages`,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    });
    request.end(JSON.stringify({ content: 'Go on and on' }));
    const [response] = (await once(request, 'response')) as [IncomingMessage];
    expect(response.headers['content-type']).toContain('text/event-stream');
    let text = '';
    for await (const part of response) {
      text += String(part);
      if ((text.match(/event: delta/g) ?? []).length >= 3) break;
    }
    request.destroy();
    const replyId = (parseEventStream(text.slice(0, text.indexOf('\n\n') + 2))[0]?.data as { assistantMessage: TestMessage }).assistantMessage.id;
    const stored = await until(async () => {
      const row = await storedReply(replyId);
      return row.status === 'failed' ? row : undefined;
    }, 'the reply to be marked failed');
    expect(stored.error).toBe('The client closed the connection.');
    expect(stored.content).toMatch(/^t0 t1 t2 /);
    await until(async () => (fake.completions()[0]?.abandoned ? true : undefined), 'the upstream request to close');
  });

  it('reports an upstream 500 in the stream, and as a 502 when not streaming', async () => {
    const { error } = await failingReply({ status: 500 });
    expect(error.error.code).toBe('upstream_error');
    expect(error.error.message).toMatch(/500.*bad day/);
    const waited = await ada.client.post<ErrorReply>(`/api/v1/chats/${chat.id}/messages`, { content: 'Again', stream: false });
    expect(waited.status).toBe(502);
    expect(waited.body.error).toMatchObject({ code: 'upstream_error' });
    expect(waited.body.error.message).toMatch(/500/);
  });

  it('keeps what arrived when the stream is cut', async () => {
    const { error } = await failingReply({ tokens: ['one ', 'two ', 'three'], cutAfter: 2 });
    expect(error.message.content).toBe('one two ');
    expect(error.error.message).toMatch(/broke off|ended/);
  });

  it('gives up on a stream that falls silent (idle timeout) and on a server that never answers', async () => {
    const silent = await failingReply({ tokens: ['one ', 'two ', 'three'], stallAfter: 1 });
    expect(silent.error.message.content).toBe('one ');
    expect(silent.error.error.message).toMatch(/stopped sending/);
    expect(silent.elapsed).toBeLessThan(3_000);
    const mute = await failingReply({ hang: true });
    expect(mute.error.error.message).toMatch(/did not answer/);
    expect(mute.elapsed).toBeLessThan(4_000);
  });

  it('reports garbage and a connection closed before any answer', async () => {
    expect((await failingReply({ garbage: true })).error.error.message).toMatch(/not JSON|not a chat completion/);
    expect((await failingReply({ cutAfter: 0 })).error.error.code).toBe('upstream_error');
  });

  it('cancels the model call when the turn cannot be stored: no stream, nothing stored', async () => {
    // The model is called while the turn is stored (docs/architecture.md, Streaming replies).
    // A trigger makes storing fail, as a database that refuses the write would.
    if (isPostgres(t.db)) {
      await sql`create function refuse_message() returns trigger language plpgsql as $$ begin raise exception 'refused by the test'; end $$`.execute(t.db);
      await sql`create trigger refuse_message before insert on messages for each row execute function refuse_message()`.execute(t.db);
    } else {
      await sql`create trigger refuse_message before insert on messages begin select raise(abort, 'refused by the test'); end`.execute(t.db);
    }
    fake.script = { firstTokenDelayMs: 10_000 };
    const before = await t.db.selectFrom('messages').select(['id', 'status']).orderBy('id').execute();
    const reply = chat.messages[1]?.id ?? '';
    const calls = [
      [`/api/v1/chats/${chat.id}/messages`, { content: 'Refused' }],
      [`/api/v1/chats/${chat.id}/messages/${reply}/regenerate`, {}],
    ] as const;
    for (const [url, body] of calls) {
      const answer = await ada.client.post<ErrorReply>(url, body);
      expect(answer.status, url).toBe(500);
      expect(answer.headers['content-type'], url).toMatch(/application\/json/);
      expect(answer.body.error.code, url).toBe('internal_error');
      // The call may be cancelled before it reached the model server; one that did is closed.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(fake.completions().map((r) => r.abandoned), url).not.toContain(false);
    }
    expect(await t.db.selectFrom('messages').select(['id', 'status']).orderBy('id').execute()).toEqual(before);
  });

  it('answers 502 when the only model server refuses connections, and stores nothing', async () => {
    await fake.close();
    const before = await t.db.selectFrom('messages').select('id').execute();
    for (const stream of [true, false]) {
      const reply = await ada.client.post<ErrorReply>(`/api/v1/chats/${chat.id}/messages`, { content: 'Anyone?', stream });
      expect(reply.status).toBe(502);
      expect(reply.body.error.code).toBe('upstream_error');
      expect(reply.body.error.message).toMatch(/could not be reached/);
    }
    expect(await t.db.selectFrom('messages').select('id').execute()).toEqual(before);
    fake = await startFakeModelServer();
  });
});
