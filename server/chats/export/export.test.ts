import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Chat, ChatSummary, ImportResult } from '../../../common/api/chats.js';
import type { Page } from '../../../common/api/common.js';
import { threadTo } from '../../../common/tree.js';
import { appendMessages, createChat, createUser, shareChat, type TestUser } from '../../test/factories.js';
import { startTestApp, type TestApp } from '../../test/harness.js';

/** Settings → Data: export a chat or all of them, import them back once, delete them all. */

let t: TestApp;
let ada: TestUser;
let bob: TestUser;
beforeEach(async () => {
  t = await startTestApp();
  ada = await createUser(t, { name: 'Ada' });
  bob = await createUser(t, { name: 'Bob' });
});
afterEach(async () => {
  await t.close();
});

const readChat = async (user: TestUser, id: string) => (await user.client.get<{ chat: Chat }>(`/api/v1/chats/${id}`)).body.chat;
const listChats = async (user: TestUser, archived = false) =>
  (await user.client.get<Page<ChatSummary>>(`/api/v1/chats?archived=${archived}`)).body.items;
/** A chat as people see it, without the ids and times that a copy gets anew. */
const shape = (chat: Chat) => ({
  title: chat.title,
  messages: chat.messages.map((m) => [m.role, m.content, m.model, chat.messages.findIndex((p) => p.id === m.parentId)]),
  shown: threadTo(chat.messages, chat.currentMessageId).map((m) => m.content),
});

async function branchedChat(owner: TestUser) {
  const chat = await createChat(owner, {
    title: 'Rain, with "quotes" / slashes',
    messages: [
      { role: 'user', content: 'Write a haiku about rain' },
      { role: 'assistant', content: 'first version', model: 'llama3' },
    ],
  });
  await appendMessages(t, chat.id, chat.messages[0]?.id ?? null, [{ role: 'assistant', content: 'second version', model: 'llama3' }]);
  return readChat(owner, chat.id);
}

describe('export', () => {
  it('writes one chat as JSON that imports back whole, every branch and the version shown', async () => {
    const chat = await branchedChat(ada);
    const file = await ada.client.get(`/api/v1/chats/${chat.id}/export?format=json`);
    expect(file.status).toBe(200);
    expect(file.headers['content-disposition']).toBe('attachment; filename="rain-with-quotes-slashes.json"');
    expect(file.headers['cache-control']).toBe('private, no-store');

    const imported = await bob.client.post<ImportResult>('/api/v1/chats/import', JSON.parse(file.text));
    expect(imported.body).toMatchObject({ imported: 1, skipped: 0 });
    const copy = await readChat(bob, imported.body.chatIds[0] ?? '');
    expect(shape(copy)).toEqual(shape(chat));
    expect(shape(copy).shown).toEqual(['Write a haiku about rain', 'second version']);
    // Another user's chat is not found, to export as to read.
    expect((await bob.client.get(`/api/v1/chats/${chat.id}/export`)).status).toBe(404);
  });

  it('writes one chat as Markdown: its title and the thread it shows', async () => {
    const chat = await branchedChat(ada);
    const file = await ada.client.get(`/api/v1/chats/${chat.id}/export?format=markdown`);
    expect(file.headers['content-type']).toContain('text/markdown');
    expect(file.text).toMatch(/^# Rain, with "quotes" \/ slashes\n/);
    expect(file.text).toContain('## You\n\nWrite a haiku about rain');
    expect(file.text).toContain('## Assistant (llama3)\n\nsecond version');
    expect(file.text).not.toContain('first version');
  });

  it('isolates the bidi controls of a title in the Markdown, dropping an override never closed', async () => {
    const chat = await createChat(ada, { title: '\u202Egnp.exe', messages: 2 });
    const file = await ada.client.get(`/api/v1/chats/${chat.id}/export?format=markdown`);
    expect(file.text).toMatch(/^# \u2068gnp\.exe\u2069\n/);
    expect(file.text).not.toContain('\u202E');
  });

  it('writes every chat, archived ones too; imported twice, or back into the same account, adds nothing', async () => {
    await branchedChat(ada);
    const archived = await createChat(ada, { title: 'Old notes', messages: 2 });
    await ada.client.patch(`/api/v1/chats/${archived.id}`, { archived: true });
    const all = await ada.client.get('/api/v1/chats/export');
    expect(all.headers['content-disposition']).toMatch(/^attachment; filename="parley-chats-\d{4}-\d{2}-\d{2}\.json"$/);
    const entries = JSON.parse(all.text) as unknown[];
    expect(entries).toHaveLength(2);

    // Back into the account it came from: these are its own chats.
    expect((await ada.client.post<ImportResult>('/api/v1/chats/import', entries)).body).toEqual({ imported: 0, chatIds: [], skipped: 2 });
    // Into another account: once.
    const first = await bob.client.post<ImportResult>('/api/v1/chats/import', entries);
    expect(first.body).toMatchObject({ imported: 2, skipped: 0 });
    expect((await bob.client.post<ImportResult>('/api/v1/chats/import', entries)).body).toEqual({ imported: 0, chatIds: [], skipped: 2 });
    expect((await listChats(bob)).map((c) => c.title)).toEqual(['Rain, with "quotes" / slashes']);
    expect((await listChats(bob, true)).map((c) => c.title)).toEqual(['Old notes']);

    const markdown = await ada.client.get('/api/v1/chats/export?format=markdown');
    expect(markdown.text).toContain('# Old notes');
    expect(markdown.text).toContain('# Rain, with "quotes" / slashes');
  });

  it('imports a ChatGPT export once, however often it is uploaded', async () => {
    const conversations = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'chatgpt-conversations.json'), 'utf8')) as unknown[];
    const first = await ada.client.post<ImportResult>('/api/v1/chats/import', conversations);
    expect(first.body.imported).toBeGreaterThan(0);
    const again = await ada.client.post<ImportResult>('/api/v1/chats/import', conversations);
    expect(again.body).toEqual({ imported: 0, chatIds: [], skipped: first.body.imported });
    // At the same moment, twice: still once.
    const both = await Promise.all([1, 2].map(() => bob.client.post<ImportResult>('/api/v1/chats/import', conversations)));
    expect(both.map((r) => r.status)).toEqual([200, 200]);
    expect(both.map((r) => r.body.imported).sort()).toEqual([0, first.body.imported]);
  });
});

describe('delete all chats', () => {
  it('deletes every chat of mine, archived too, with their links and text, and nobody else’s', async () => {
    const chat = await createChat(ada, { messages: [{ role: 'user', content: 'a secret only Ada wrote' }] });
    const share = await shareChat(ada, chat.id);
    const archived = await createChat(ada, { messages: 2 });
    await ada.client.patch(`/api/v1/chats/${archived.id}`, { archived: true });
    const bobs = await createChat(bob, { messages: 2 });

    expect((await ada.client.delete('/api/v1/chats')).body).toEqual({ deleted: 2 });
    expect(await listChats(ada)).toEqual([]);
    expect(await listChats(ada, true)).toEqual([]);
    expect((await bob.client.get(`/api/v1/shares/${share.id}`)).status).toBe(404);
    const texts = (await t.db.selectFrom('message_bodies').select('content').execute()).map((b) => b.content);
    expect(texts).not.toContain('a secret only Ada wrote');
    expect((await bob.client.get(`/api/v1/chats/${bobs.id}`)).status).toBe(200);
  });
});
