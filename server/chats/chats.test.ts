import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChatSummary } from '../../common/api/chats.js';
import type { Page } from '../../common/api/common.js';
import type { ApiClient } from '../test/client.js';
import { anonymous, createChat, createUser, type TestChat, type TestUser } from '../test/factories.js';
import { startTestApp, type TestApp } from '../test/harness.js';

type ChatReply = { chat: TestChat };
type ChatList = Page<ChatSummary>;

let t: TestApp;
let ada: TestUser;
beforeEach(async () => {
  t = await startTestApp();
  ada = await createUser(t, { name: 'Ada' });
});
afterEach(async () => {
  await t.close();
});

const listAll = async (client: ApiClient, query = '') => {
  const titles: string[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `/api/v1/chats?limit=2${query}${cursor ? `&cursor=${cursor}` : ''}`;
    const page = await client.get<ChatList>(url);
    expect(page.status).toBe(200);
    titles.push(...page.body.items.map((c) => c.title));
    cursor = page.body.nextCursor;
  } while (cursor !== null);
  return titles;
};

describe('chats', () => {
  it('creates a chat seeded with a thread, and reads back the tree with the last message current', async () => {
    const chat = await createChat(ada, {
      title: 'Trip planning',
      messages: [
        { role: 'user', content: 'Where should I go?' },
        { role: 'assistant', content: 'Lisbon.', model: 'gpt-test' },
      ],
    });
    expect(chat.title).toBe('Trip planning');
    expect(chat.messages).toHaveLength(2);
    const [question, answer] = chat.messages;
    expect(question).toMatchObject({ parentId: null, role: 'user', content: 'Where should I go?', status: 'complete' });
    expect(answer).toMatchObject({ parentId: question?.id, role: 'assistant', model: 'gpt-test' });
    expect(chat.currentMessageId).toBe(answer?.id);

    const read = await ada.client.get<ChatReply>(`/api/v1/chats/${chat.id}`);
    expect(read.body.chat).toEqual(chat);
  });

  it('creates an empty "New Chat" by default', async () => {
    const reply = await ada.client.post<ChatReply>('/api/v1/chats', {});
    expect(reply.status).toBe(201);
    expect(reply.body.chat).toMatchObject({ title: 'New Chat', messages: [], currentMessageId: null, archived: false, pinned: false });
  });

  it('renames, pins, archives and unarchives', async () => {
    const chat = await createChat(ada, { title: 'Old' });
    const renamed = await ada.client.patch<ChatReply>(`/api/v1/chats/${chat.id}`, { title: 'New name', pinned: true });
    expect(renamed.body.chat).toMatchObject({ title: 'New name', pinned: true, archived: false });
    await ada.client.patch(`/api/v1/chats/${chat.id}`, { archived: true });
    expect((await listAll(ada.client)).includes('New name')).toBe(false);
    expect(await listAll(ada.client, '&archived=true')).toEqual(['New name']);
    await ada.client.patch(`/api/v1/chats/${chat.id}`, { archived: false });
    expect(await listAll(ada.client)).toEqual(['New name']);
  });

  it('switches the shown branch only to a message of the same chat', async () => {
    const chat = await createChat(ada, { messages: 4 });
    const other = await createChat(ada, { messages: 2 });
    const first = chat.messages[1]?.id;
    const switched = await ada.client.patch<ChatReply>(`/api/v1/chats/${chat.id}`, { currentMessageId: first });
    expect(switched.body.chat.currentMessageId).toBe(first);
    const foreign = await ada.client.patch(`/api/v1/chats/${chat.id}`, { currentMessageId: other.messages[0]?.id });
    expect(foreign.status).toBe(400);
    expect(foreign.body).toMatchObject({ error: { code: 'invalid_request', fields: [{ field: 'currentMessageId' }] } });
  });

  it('lists newest first, searches titles case-insensitively, and pages without skipping or repeating', async () => {
    for (const title of ['Alpha plan', 'beta', 'Gamma PLAN', '100% done_', 'delta']) await createChat(ada, { title });
    expect(await listAll(ada.client)).toEqual(['delta', '100% done_', 'Gamma PLAN', 'beta', 'Alpha plan']);
    expect(await listAll(ada.client, '&q=plan')).toEqual(['Gamma PLAN', 'Alpha plan']);
    expect(await listAll(ada.client, `&q=${encodeURIComponent('%')}`)).toEqual(['100% done_']);
    expect(await listAll(ada.client, '&q=_')).toEqual(['100% done_']);
  });

  it('finds chats by the text of their messages too, says where it matched, and never another user’s', async () => {
    const dinner = await createChat(ada, {
      title: 'Dinner',
      messages: [
        { role: 'user', content: 'What goes into a paella?' },
        { role: 'assistant', content: `Rice, a good stock, and ${'patience '.repeat(20)}then a pinch of Saffron, which gives the colour.` },
      ],
    });
    await createChat(ada, { title: 'Saffron prices', messages: [{ role: 'user', content: 'How much is it per gram?' }] });
    const bob = await createUser(t);
    await createChat(bob, { title: 'Bob cooks', messages: [{ role: 'user', content: 'saffron in my risotto' }] });

    const found = await ada.client.get<ChatList>('/api/v1/chats?q=saffron');
    expect(found.body.items.map((c) => c.title)).toEqual(['Saffron prices', 'Dinner']);
    expect(found.body.items[0]?.match).toBeNull();
    const match = found.body.items[1]?.match;
    expect(match?.messageId).toBe(dinner.messages[1]?.id);
    expect(match?.snippet).toMatch(/^…patience .*a pinch of Saffron, which gives the colour\.$/);
    // Short text too (below the index's three characters), and archived chats stay out of the list.
    expect((await ada.client.get<ChatList>('/api/v1/chats?q=ae')).body.items.map((c) => c.title)).toEqual(['Dinner']);
    await ada.client.patch(`/api/v1/chats/${dinner.id}`, { archived: true });
    expect((await ada.client.get<ChatList>('/api/v1/chats?q=paella')).body.items).toEqual([]);
    expect((await ada.client.get<ChatList>('/api/v1/chats?q=paella&archived=true')).body.items.map((c) => c.title)).toEqual(['Dinner']);
    expect((await ada.client.get<ChatList>('/api/v1/chats')).body.items.every((c) => c.match === null)).toBe(true);
  });

  it("answers 404 for another user's chat, for every method, and changes nothing", async () => {
    const chat = await createChat(ada, { title: 'Private', messages: 2 });
    const bob = await createUser(t);
    const admin = await createUser(t, { role: 'admin' });
    for (const intruder of [bob, admin]) {
      expect((await intruder.client.get(`/api/v1/chats/${chat.id}`)).status).toBe(404);
      expect((await intruder.client.patch(`/api/v1/chats/${chat.id}`, { title: 'Mine now' })).status).toBe(404);
      expect((await intruder.client.delete(`/api/v1/chats/${chat.id}`)).status).toBe(404);
      expect((await intruder.client.get<ChatList>('/api/v1/chats')).body.items).toEqual([]);
    }
    expect((await ada.client.get<ChatReply>(`/api/v1/chats/${chat.id}`)).body.chat.title).toBe('Private');
    expect((await anonymous(t).get(`/api/v1/chats/${chat.id}`)).status).toBe(401);
  });

  it('stores each distinct text once, and deleting a chat really removes its text', async () => {
    const same = [
      { role: 'user' as const, content: 'identical question' },
      { role: 'assistant' as const, content: 'unique answer 1' },
    ];
    const one = await createChat(ada, { messages: same });
    await createChat(ada, { messages: [{ role: 'user', content: 'identical question' }, { role: 'assistant', content: 'unique answer 2' }] });
    const bodies = await t.db.selectFrom('message_bodies').select('content').execute();
    expect(bodies.map((b) => b.content).sort()).toEqual(['identical question', 'unique answer 1', 'unique answer 2']);

    expect((await ada.client.delete(`/api/v1/chats/${one.id}`)).status).toBe(204);
    expect((await ada.client.get(`/api/v1/chats/${one.id}`)).status).toBe(404);
    const left = await t.db.selectFrom('message_bodies').select('content').execute();
    expect(left.map((b) => b.content).sort()).toEqual(['identical question', 'unique answer 2']);
    expect(await t.db.selectFrom('messages').select('id').where('chat_id', '=', one.id).execute()).toEqual([]);
  });

  it('seeds a long chat in one request', async () => {
    const chat = await createChat(ada, { messages: 2000 });
    expect(chat.messages).toHaveLength(2000);
    expect(chat.currentMessageId).toBe(chat.messages[1999]?.id);
    expect(chat.messages[1999]?.parentId).toBe(chat.messages[1998]?.id);
  });

  it('refuses bad input with 400 naming the field', async () => {
    const chat = await createChat(ada);
    const cases: [string, 'POST' | 'PATCH' | 'GET', unknown, string][] = [
      ['/api/v1/chats', 'POST', { title: '' }, 'title'],
      ['/api/v1/chats', 'POST', { title: 'x'.repeat(501) }, 'title'],
      ['/api/v1/chats', 'POST', { messages: [{ role: 'tool', content: 'x' }] }, 'messages.0.role'],
      ['/api/v1/chats', 'POST', { messages: [{ role: 'user' }] }, 'messages.0.content'],
      ['/api/v1/chats', 'POST', { messages: 'hello' }, 'messages'],
      ['/api/v1/chats', 'POST', { owner: 'me' }, 'owner'],
      [`/api/v1/chats/${chat.id}`, 'PATCH', { archived: 'yes' }, 'archived'],
      [`/api/v1/chats/${chat.id}`, 'PATCH', { currentMessageId: '../x' }, 'currentMessageId'],
      [`/api/v1/chats/${chat.id}`, 'PATCH', { userId: 'x' }, 'userId'],
      ['/api/v1/chats?limit=0', 'GET', undefined, 'limit'],
      ['/api/v1/chats?limit=201', 'GET', undefined, 'limit'],
      ['/api/v1/chats?archived=maybe', 'GET', undefined, 'archived'],
      ['/api/v1/chats?cursor=garbage', 'GET', undefined, 'cursor'],
      ['/api/v1/chats/a%20b', 'GET', undefined, 'id'],
    ];
    for (const [url, method, body, field] of cases) {
      const reply = await ada.client.request<{ error: { code: string; fields?: { field: string }[] } }>(method, url, { body });
      expect(reply.status, `${method} ${url}`).toBe(400);
      expect(reply.body.error.fields?.map((f) => f.field), `${method} ${url}`).toContain(field);
    }
    expect((await ada.client.get('/api/v1/chats/unknownchat')).status).toBe(404);
  });
});
