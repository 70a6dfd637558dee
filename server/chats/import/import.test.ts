import { readFileSync } from 'node:fs';
import type { ImportResult } from '../../../common/api/chats.js';
import type { ApiErrorBody } from '../../../common/api/common.js';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { threadTo } from '../../../common/tree.js';
import { createUser, type TestChat, type TestUser } from '../../test/factories.js';
import { GENEROUS_RATE_LIMITS, startTestApp, type TestApp } from '../../test/harness.js';

type Imported = ImportResult;
type ErrorReply = ApiErrorBody;

const fixture = (name: string): unknown[] =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'fixtures', name), 'utf8')) as unknown[];

let t: TestApp;
let ada: TestUser;
beforeEach(async () => {
  // This file is about what an import holds; server/auth/rate-limits.test.ts covers its limit.
  t = await startTestApp({ rateLimits: GENEROUS_RATE_LIMITS });
  ada = await createUser(t);
});
afterEach(async () => {
  await t.close();
});

const importExport = (body: unknown) => ada.client.post<Imported>('/api/v1/chats/import', body);
const readChat = async (id: string) => (await ada.client.get<{ chat: TestChat }>(`/api/v1/chats/${id}`)).body.chat;
const shownThread = (chat: TestChat) => threadTo(chat.messages, chat.currentMessageId).map((m) => `${m.role}: ${m.content}`);
const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/** A ChatGPT conversation of alternating turns, a straight thread. */
export function chatgptConversation(title: string, turns: number, start = 1_700_000_000) {
  const mapping: Record<string, object> = { root: { id: 'root', message: null, parent: null, children: ['n0'] } };
  for (let i = 0; i < turns; i++) {
    const role = i % 2 === 0 ? 'user' : 'assistant';
    mapping[`n${i}`] = {
      id: `n${i}`,
      message: { author: { role }, create_time: start + i, content: { content_type: 'text', parts: [`${role} turn ${i} of ${title}`] }, metadata: { model_slug: 'gpt-4o' } },
      parent: i === 0 ? 'root' : `n${i - 1}`,
      children: i + 1 < turns ? [`n${i + 1}`] : [],
    };
  }
  return { title, create_time: start, update_time: start + turns, mapping, current_node: `n${turns - 1}` };
}

describe('import', () => {
  it('imports a ChatGPT export with its branches, current node, titles and times, leaving out system and tool nodes', async () => {
    const reply = await importExport(fixture('chatgpt-conversations.json'));
    expect(reply.status).toBe(200);
    expect(reply.body.imported).toBe(2);
    const [trip, regex] = await Promise.all(reply.body.chatIds.map(readChat));
    if (!trip || !regex) throw new Error('chats missing');

    expect(trip).toMatchObject({ title: 'Packing list for Lisbon', createdAt: iso(1717171200.123), updatedAt: iso(1717174800.5) });
    expect(trip.messages).toHaveLength(6);
    expect(shownThread(trip)).toEqual([
      "user: I'm going to Lisbon for 4 days in June. What should I pack?",
      expect.stringMatching(/^assistant: For June in Lisbon/),
      "user: What's the weather forecast for Lisbon next week?",
      'assistant: Sunny all week, 24–29 °C. Leave the umbrella at home.',
    ]);
    const [question, answer] = trip.messages;
    expect(question).toMatchObject({ parentId: null, createdAt: iso(1717171201), model: null, status: 'complete' });
    expect(answer).toMatchObject({ model: 'gpt-4o', createdAt: iso(1717171210.4) });
    expect(trip.messages.filter((m) => m.parentId === answer?.id).map((m) => m.content)).toEqual([
      'Will it rain?',
      "What's the weather forecast for Lisbon next week?",
    ]);

    expect(regex.title).toBe('Regex for ISO dates');
    // The screenshot's pointer carries no bytes: it is named where it was (S21).
    expect(regex.messages[0]?.content).toBe('[image not included in the export]\n\nWrite a regex that matches dates like the ones in this screenshot (2024-07-03).');
    const replies = regex.messages.filter((m) => m.parentId === regex.messages[0]?.id);
    expect(replies.map((m) => m.model)).toEqual(['gpt-4o-mini', 'o1']);
    expect(regex.currentMessageId).toBe(replies[0]?.id);

    const list = await ada.client.get<{ items: { title: string }[] }>('/api/v1/chats');
    expect(list.body.items.map((c) => c.title)).toEqual(['Regex for ISO dates', 'Packing list for Lisbon']);
  });

  it('imports an Open WebUI export, also as a single chat or a bare chat object', async () => {
    const entries = fixture('openwebui-export.json');
    const reply = await importExport(entries);
    expect(reply.body.imported).toBe(2);
    const bread = await readChat(reply.body.chatIds[0] ?? '');
    expect(bread).toMatchObject({ title: 'Sourdough starter troubleshooting', createdAt: iso(1722500000), updatedAt: iso(1722500210) });
    expect(bread.messages.map((m) => m.content.slice(0, 12))).toEqual(['My starter s', 'No: the acet', 'It is alive,', 'What does 1:', 'Equal weight']);
    const question = bread.messages[0];
    expect(bread.messages.filter((m) => m.parentId === question?.id).map((m) => m.model)).toEqual(['llama3.1:8b', 'qwen2.5:14b']);
    expect(shownThread(bread)).toHaveLength(4);
    expect(shownThread(bread)[1]).toMatch(/^assistant: It is alive/);
    expect(bread.messages[4]?.createdAt).toBe(iso(1722500210));

    const single = entries[1] as { chat: { history: object; title: string } };
    // Each shape into an account of its own: one account imports a chat once, whatever its shape.
    for (const body of [single, { chat: single.chat }, single.chat]) {
      const someone = await createUser(t);
      const one = await someone.client.post<Imported>('/api/v1/chats/import', body);
      expect(one.body.imported).toBe(1);
      const chat = (await someone.client.get<{ chat: TestChat }>(`/api/v1/chats/${one.body.chatIds[0] ?? ''}`)).body.chat;
      expect(chat.title).toBe('Translate a postcard');
      expect(shownThread(chat)).toEqual(['user: Translate to Portuguese: "Wish you were here!"', 'assistant: "Queria que estivesses aqui!"']);
    }
  });

  it('refuses a malformed export with 400 naming what is wrong, and imports nothing', async () => {
    const chatgpt = () => fixture('chatgpt-conversations.json') as { mapping: Record<string, Record<string, unknown>>; current_node: unknown }[];
    const owui = () => fixture('openwebui-export.json') as { chat: { history: { messages: Record<string, Record<string, unknown>> } } }[];
    const orphan = chatgpt();
    const regexNodes = orphan[1]?.mapping ?? {};
    const third = regexNodes['c0ffee00-0000-4000-8000-000000000003'];
    if (third) third.parent = 'nowhere';
    const lostCurrent = chatgpt();
    if (lostCurrent[0]) lostCurrent[0].current_node = 'gone';
    const noRole = chatgpt();
    const firstUser = noRole[0]?.mapping['b7c1e2d0-0002-4a7e-9d1f-000000000002'];
    if (firstUser) firstUser.message = { content: { content_type: 'text', parts: ['x'] } };
    const cycle = [{ title: 'Loop', mapping: { a: { message: null, parent: 'b', children: ['b'] }, b: { message: null, parent: 'a', children: ['a'] } } }];
    const badParent = owui();
    const reply = badParent[0]?.chat.history.messages['m-user-2'];
    if (reply) reply.parentId = 'm-missing';
    const noHistory = [...owui(), { title: 'Broken', chat: { title: 'Broken' } }];

    const cases: [string, unknown, string][] = [
      ['unknown parent', orphan, '[1].mapping.c0ffee00-0000-4000-8000-000000000003.parent'],
      ['unknown current node', lostCurrent, '[0].current_node'],
      ['message without an author', noRole, '[0].mapping.b7c1e2d0-0002-4a7e-9d1f-000000000002.message.author'],
      ['a cycle', cycle, '[0].mapping'],
      ['mapping is a list', [{ title: 'x', mapping: [] }], '[0].mapping'],
      ['Open WebUI unknown parent', badParent, '[0].chat.history.messages.m-user-2.parentId'],
      ['Open WebUI chat without history (after a good one)', noHistory, '[2].chat.history'],
      ['neither format', { conversations: [] }, 'body'],
      ['a list of numbers', [1, 2, 3], '[0]'],
    ];
    for (const [name, body, field] of cases) {
      const answer = await ada.client.post<ErrorReply>('/api/v1/chats/import', body);
      expect(answer.status, name).toBe(400);
      expect(answer.body.error.code, name).toBe('invalid_request');
      expect(answer.body.error.fields?.map((f) => f.field), name).toContain(field);
      expect(answer.body.error.message, name).toContain(field);
    }
    expect((await ada.client.post<ErrorReply>('/api/v1/chats/import', orphan)).body.error.message).toContain(
      '[1].mapping.c0ffee00-0000-4000-8000-000000000003.parent: unknown node',
    );
    expect(await t.db.selectFrom('chats').select('id').execute()).toEqual([]);
    expect(await t.db.selectFrom('message_bodies').select('hash').execute()).toEqual([]);
    expect((await importExport([])).body).toEqual({ imported: 0, chatIds: [], skipped: 0 });
  });

  it('imports hundreds of chats and a 10,000-message chat in one request, quickly', async () => {
    const conversations = Array.from({ length: 300 }, (_, i) => chatgptConversation(`Chat ${i}`, 8, 1_700_000_000 + i * 100));
    conversations.push(chatgptConversation('The long one', 10_000, 1_600_000_000));
    const body = JSON.stringify(conversations);
    expect(body.length).toBeGreaterThan(2 * 1024 * 1024);
    const started = Date.now();
    const reply = await importExport(conversations);
    const elapsed = Date.now() - started;
    expect(reply.status).toBe(200);
    expect(reply.body.imported).toBe(301);
    expect(elapsed).toBeLessThan(20_000);
    const long = await readChat(reply.body.chatIds[300] ?? '');
    expect(long.messages).toHaveLength(10_000);
    expect(long.currentMessageId).toBe(long.messages[9_999]?.id);
    expect(shownThread(long)).toHaveLength(10_000);
    const count = await t.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(count.n).toBe(300 * 8 + 10_000);
  });
});
