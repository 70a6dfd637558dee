import { PassThrough } from 'node:stream';
import type { Page } from '../../common/api/common.js';
import type { ViewerShare } from '../../common/api/sharing.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  anonymous,
  appendMessages,
  createChat,
  createUser,
  shareChat,
  type TestChat,
  type TestShare,
  type TestUser,
} from '../test/factories.js';
import { GENEROUS_RATE_LIMITS, startTestApp, TEST_PUBLIC_URL, type TestApp } from '../test/harness.js';

type ViewerReply = ViewerShare;
type ShareList = Page<TestShare>;

let t: TestApp;
let ada: TestUser;
let bob: TestUser;
let admin: TestUser;

beforeEach(async () => {
  t = await startTestApp({ rateLimits: GENEROUS_RATE_LIMITS });
  admin = await createUser(t, { role: 'admin', name: 'Admin' });
  ada = await createUser(t, { name: 'Ada Lovelace', email: 'ada@example.com' });
  bob = await createUser(t, { name: 'Bob' });
});
afterEach(async () => {
  await t.close();
});

const view = (user: TestUser, shareId: string) => user.client.get<ViewerReply>(`/api/v1/shares/${shareId}`);
const contents = (reply: { body: ViewerReply }) => reply.body.messages.map((m) => m.content);

describe('creating and updating a link', () => {
  it('creates a members link with the chat title, anonymous by default, at PUBLIC_URL/s/<id>', async () => {
    const chat = await createChat(ada, { title: 'Pasta sauce', messages: 4 });
    const reply = await ada.client.put<{ share: TestShare }>(`/api/v1/chats/${chat.id}/share`, {});
    expect(reply.status).toBe(201);
    const share = reply.body.share;
    expect(share).toMatchObject({ chatId: chat.id, title: 'Pasta sauce', showName: false, access: 'members', includeHistory: false });
    expect(share.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(share.id).not.toBe(chat.id);
    expect(share.url).toBe(`${TEST_PUBLIC_URL}/s/${share.id}`);

    const seen = await view(bob, share.id);
    expect(seen.status).toBe(200);
    expect(seen.body.share).toEqual({ id: share.id, title: 'Pasta sauce', sharedBy: null, access: 'members', updatedAt: share.updatedAt });
    expect(contents(seen)).toEqual(chat.messages.map((m) => m.content));

    const got = await ada.client.get<{ share: TestShare }>(`/api/v1/chats/${chat.id}/share`);
    expect(got.body.share).toEqual(share);
    const listed = await ada.client.get<{ items: { shareId: string | null }[] }>('/api/v1/chats');
    expect(listed.body.items[0]?.shareId).toBe(share.id);
  });

  it('shows the sharer’s name only when they choose to, and an edited title', async () => {
    const chat = await createChat(ada, { title: 'Original', messages: 2 });
    const share = await shareChat(ada, chat.id, { title: 'Edited title', showName: true });
    const seen = await view(bob, share.id);
    expect(seen.body.share).toMatchObject({ title: 'Edited title', sharedBy: 'Ada Lovelace' });
  });

  it('keeps a snapshot: later messages, branch switches and renames never show until "Update"', async () => {
    const chat = await createChat(ada, { title: 'Snapshot', messages: 2 });
    const share = await shareChat(ada, chat.id);
    const before = await view(bob, share.id);

    const [question] = chat.messages;
    await appendMessages(t, chat.id, chat.currentMessageId, [
      { role: 'user', content: 'a later question' },
      { role: 'assistant', content: 'a later answer' },
    ]);
    await appendMessages(t, chat.id, question?.id ?? null, [{ role: 'assistant', content: 'a regenerated answer' }]);
    await ada.client.patch(`/api/v1/chats/${chat.id}`, { title: 'Renamed chat' });
    expect(await view(bob, share.id)).toMatchObject({ status: 200, body: before.body });

    const updated = await ada.client.put<{ share: TestShare }>(`/api/v1/chats/${chat.id}/share`, {});
    expect(updated.status).toBe(200);
    expect(updated.body.share.id).toBe(share.id);
    expect(updated.body.share.title).toBe('Snapshot');
    const after = await view(bob, share.id);
    expect(contents(after)).toEqual([question?.content, 'a regenerated answer']);
    expect(after.body.share.updatedAt > before.body.share.updatedAt).toBe(true);
  });

  it('keeps the link’s settings on update unless changed (S10)', async () => {
    const chat = await createChat(ada, { messages: 2 });
    await shareChat(ada, chat.id, { title: 'Mine', showName: true, access: 'restricted', userIds: [bob.user.id] });
    const again = await shareChat(ada, chat.id, {});
    expect(again).toMatchObject({ title: 'Mine', showName: true, access: 'restricted', userIds: [bob.user.id] });
  });

  it('makes exactly one link from ten concurrent shares of a chat (S4)', async () => {
    const chat = await createChat(ada, { messages: 6 });
    const replies = await Promise.all(
      Array.from({ length: 10 }, () => ada.client.put<{ share: TestShare }>(`/api/v1/chats/${chat.id}/share`, {})),
    );
    expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(replies.map((r) => r.body.share.id)).size).toBe(1);
    expect(await t.db.selectFrom('shares').select('id').execute()).toHaveLength(1);
    expect(await t.db.selectFrom('snapshots').select('id').execute()).toHaveLength(1);
    expect(await t.db.selectFrom('snapshot_nodes').select('id').execute()).toHaveLength(6);
  });

  it('includes every branch with history, or the thread only, never system prompts, with ids of its own (S3)', async () => {
    const chat = await createChat(ada, {
      messages: [
        { role: 'system', content: 'SECRET SYSTEM PROMPT' },
        { role: 'user', content: 'q1' },
        { role: 'assistant', content: 'a1' },
      ],
    });
    const q1 = chat.messages[1]?.id ?? null;
    await appendMessages(t, chat.id, q1, [{ role: 'assistant', content: 'a1 (v2)' }]);

    const thread = await shareChat(ada, chat.id);
    const threadView = await view(bob, thread.id);
    expect(contents(threadView)).toEqual(['q1', 'a1 (v2)']);
    expect(threadView.body.messages[0]?.parentId).toBeNull();
    expect(threadView.text).not.toContain('SECRET SYSTEM PROMPT');

    await shareChat(ada, chat.id, { includeHistory: true });
    const history = await view(bob, thread.id);
    expect(contents(history).sort()).toEqual(['a1', 'a1 (v2)', 'q1']);
    const root = history.body.messages.find((m) => m.content === 'q1');
    expect(history.body.messages.filter((m) => m.parentId === root?.id)).toHaveLength(2);
    expect(history.body.messages.find((m) => m.id === history.body.currentMessageId)?.content).toBe('a1 (v2)');

    const chatIds = new Set([chat.id, ...(await ada.client.get<{ chat: TestChat }>(`/api/v1/chats/${chat.id}`)).body.chat.messages.map((m) => m.id)]);
    for (const m of history.body.messages) expect(chatIds.has(m.id)).toBe(false);
  });

  it('shares up to a chosen message, and leaves out chosen messages', async () => {
    const chat = await createChat(ada, { messages: 6 });
    const ids = chat.messages.map((m) => m.id);
    const share = await shareChat(ada, chat.id, { upToMessageId: ids[3] });
    expect(contents(await view(bob, share.id))).toEqual(chat.messages.slice(0, 4).map((m) => m.content));

    await shareChat(ada, chat.id, { excludeMessageIds: ids.slice(2, 4) });
    const seen = await view(bob, share.id);
    expect(contents(seen)).toEqual([0, 1, 4, 5].map((i) => chat.messages[i]?.content));
    expect(seen.body.messages[2]?.parentId).toBe(seen.body.messages[1]?.id);
  });

  it('changes settings with PATCH without re-snapshotting', async () => {
    const chat = await createChat(ada, { messages: 2 });
    const share = await shareChat(ada, chat.id);
    await appendMessages(t, chat.id, chat.currentMessageId, [{ role: 'user', content: 'not shared yet' }]);
    const patched = await ada.client.patch<{ share: TestShare }>(`/api/v1/shares/${share.id}`, { title: 'New title', showName: true });
    expect(patched.body.share).toMatchObject({ id: share.id, title: 'New title', showName: true });
    const seen = await view(bob, share.id);
    expect(seen.body.share.title).toBe('New title');
    expect(contents(seen)).not.toContain('not shared yet');
  });

  it('expires a link at its expiry time', async () => {
    const chat = await createChat(ada, { messages: 2 });
    const soon = new Date(Date.now() + 60_000).toISOString();
    const share = await shareChat(ada, chat.id, { expiresAt: soon });
    expect(share.expiresAt).toBe(soon);
    expect((await view(bob, share.id)).status).toBe(200);
    await t.db.updateTable('shares').set({ expires_at: new Date(Date.now() - 1).toISOString() }).execute();
    expect((await view(bob, share.id)).status).toBe(404);
    const renewed = await ada.client.patch(`/api/v1/shares/${share.id}`, { expiresAt: null });
    expect(renewed.status).toBe(200);
    expect((await view(bob, share.id)).status).toBe(200);
  });
});

describe('what a viewer receives', () => {
  it('holds only whitelisted fields: no owner email or id, no chat id, no chat message ids', async () => {
    const chat = await createChat(ada, { messages: 4 });
    const share = await shareChat(ada, chat.id, { showName: true });
    const seen = await view(bob, share.id);
    expect(Object.keys(seen.body).sort()).toEqual(['currentMessageId', 'messages', 'share']);
    expect(Object.keys(seen.body.share).sort()).toEqual(['access', 'id', 'sharedBy', 'title', 'updatedAt']);
    for (const m of seen.body.messages) {
      expect(Object.keys(m).sort()).toEqual(['content', 'createdAt', 'id', 'model', 'parentId', 'role', 'status']);
    }
    for (const secret of [ada.user.email, ada.user.id, chat.id, ...chat.messages.map((m) => m.id)]) {
      expect(seen.text).not.toContain(secret);
    }
  });

  it('is kept out of search engines and shared caches, found or not (S16)', async () => {
    const chat = await createChat(ada, { messages: 2 });
    const share = await shareChat(ada, chat.id);
    for (const reply of [await view(bob, share.id), await view(bob, 'nosuchlinknosuchlink00')]) {
      expect(reply.headers['x-robots-tag']).toBe('noindex, nofollow');
      expect(reply.headers['cache-control']).toBe('private, no-store');
    }
  });
});

describe('revoking', () => {
  it('kills the URL at once; sharing again makes a new id and the old one stays dead (S11)', async () => {
    const chat = await createChat(ada, { messages: 2 });
    const first = await shareChat(ada, chat.id);
    expect((await ada.client.delete(`/api/v1/chats/${chat.id}/share`)).status).toBe(204);
    expect((await view(bob, first.id)).status).toBe(404);
    expect((await ada.client.get(`/api/v1/chats/${chat.id}`)).status).toBe(200);
    expect((await ada.client.get(`/api/v1/chats/${chat.id}/share`)).status).toBe(404);
    const second = await shareChat(ada, chat.id);
    expect(second.id).not.toBe(first.id);
    expect((await view(bob, first.id)).status).toBe(404);
    expect((await view(bob, second.id)).status).toBe(200);
  });

  it('deletes the link with its chat, in the same transaction; archiving changes nothing (S12)', async () => {
    const chat = await createChat(ada, { messages: 2 });
    const share = await shareChat(ada, chat.id);
    await ada.client.patch(`/api/v1/chats/${chat.id}`, { archived: true });
    expect((await view(bob, share.id)).status).toBe(200);
    expect((await ada.client.delete(`/api/v1/chats/${chat.id}`)).status).toBe(204);
    expect((await view(bob, share.id)).status).toBe(404);
    expect(await t.db.selectFrom('snapshots').select('id').execute()).toEqual([]);
    expect(await t.db.selectFrom('snapshot_nodes').select('id').execute()).toEqual([]);
    expect(await t.db.selectFrom('message_bodies').select('hash').execute()).toEqual([]);
  });

  it('"Unshare all" deletes every link of mine and no one else’s', async () => {
    for (let i = 0; i < 3; i += 1) await shareChat(ada, (await createChat(ada, { messages: 2 })).id);
    const bobs = await shareChat(bob, (await createChat(bob, { messages: 2 })).id);
    const reply = await ada.client.delete<{ deleted: number }>('/api/v1/shares');
    expect(reply.body).toEqual({ deleted: 3 });
    expect((await ada.client.get<ShareList>('/api/v1/shares')).body.items).toEqual([]);
    expect((await view(ada, bobs.id)).status).toBe(200);
  });
});

describe('my links', () => {
  it('lists my links only (admins too), newest or oldest first, searchable by title', async () => {
    for (const title of ['Rust lifetimes', 'Sourdough starter', 'rusty bike repair', 'Tax questions']) {
      await shareChat(ada, (await createChat(ada, { title, messages: 2 })).id);
    }
    await shareChat(admin, (await createChat(admin, { title: 'Admin’s own', messages: 2 })).id);
    await shareChat(bob, (await createChat(bob, { title: 'Rust for Bob', messages: 2 })).id);

    const titles = async (user: TestUser, query: string) =>
      (await user.client.get<ShareList>(`/api/v1/shares${query}`)).body.items.map((s) => s.title);
    expect(await titles(ada, '')).toEqual(['Tax questions', 'rusty bike repair', 'Sourdough starter', 'Rust lifetimes']);
    expect(await titles(ada, '?order=asc')).toEqual(['Rust lifetimes', 'Sourdough starter', 'rusty bike repair', 'Tax questions']);
    expect(await titles(ada, '?q=RUST')).toEqual(['rusty bike repair', 'Rust lifetimes']);
    expect(await titles(ada, '?q=ru')).toEqual(['rusty bike repair', 'Rust lifetimes']);
    expect(await titles(ada, `?q=${encodeURIComponent('%')}`)).toEqual([]);
    expect(await titles(admin, '')).toEqual(['Admin’s own']);
  });

  it('pages through my links alone, in order, however the owners’ links interleave', async () => {
    const mine: string[] = [];
    for (let i = 0; i < 5; i += 1) {
      await shareChat(bob, (await createChat(bob, { title: `Bob ${i}`, messages: 2 })).id);
      mine.push((await shareChat(ada, (await createChat(ada, { title: `Ada ${i}`, messages: 2 })).id)).id);
      await shareChat(admin, (await createChat(admin, { title: `Admin ${i}`, messages: 2 })).id);
    }
    for (const order of ['desc', 'asc'] as const) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const url: string = `/api/v1/shares?order=${order}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await ada.client.get<ShareList>(url);
        expect(page.status).toBe(200);
        seen.push(...page.body.items.map((s) => s.id));
        cursor = page.body.nextCursor;
      } while (cursor !== null);
      expect(seen).toEqual(order === 'asc' ? mine : [...mine].reverse());
    }
  });

  it('pages by cursor without skipping or repeating while links are added and removed', async () => {
    const existing: TestShare[] = [];
    for (let i = 0; i < 23; i += 1) existing.push(await shareChat(ada, (await createChat(ada, { title: `Link ${i}`, messages: 2 })).id));
    for (const order of ['desc', 'asc'] as const) {
      const seen: string[] = [];
      const removed = new Set<string>();
      let cursor: string | null = null;
      let round = 0;
      do {
        const url: string = `/api/v1/shares?order=${order}&limit=5${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await ada.client.get<ShareList>(url);
        expect(page.status).toBe(200);
        seen.push(...page.body.items.map((s) => s.id));
        cursor = page.body.nextCursor;
        // Between pages, someone adds a link and removes one not yet seen.
        round += 1;
        await shareChat(ada, (await createChat(ada, { title: `New ${order} ${round}`, messages: 2 })).id);
        const victim = existing.find((s) => !seen.includes(s.id) && !removed.has(s.id));
        if (victim && round % 2 === 0) {
          await ada.client.delete(`/api/v1/shares/${victim.id}`);
          removed.add(victim.id);
        }
      } while (cursor !== null);
      expect(new Set(seen).size).toBe(seen.length);
      for (const share of existing) if (!removed.has(share.id)) expect(seen).toContain(share.id);
      for (const id of removed) existing.splice(existing.findIndex((s) => s.id === id), 1);
    }
  });
});

describe('instance settings', () => {
  it('refuses users’ share calls with 403 when sharing is off, but not revoking; admins still share', async () => {
    const chat = await createChat(ada, { messages: 2 });
    const share = await shareChat(ada, chat.id);
    await admin.client.patch('/api/v1/admin/settings', { sharing: { enabled: false } });
    expect((await ada.client.put(`/api/v1/chats/${chat.id}/share`, {})).status).toBe(403);
    expect((await ada.client.patch(`/api/v1/shares/${share.id}`, { title: 'x' })).status).toBe(403);
    expect((await ada.client.delete(`/api/v1/shares/${share.id}`)).status).toBe(204);
    expect((await admin.client.put(`/api/v1/chats/${(await createChat(admin, { messages: 2 })).id}/share`, {})).status).toBe(201);
  });

  it('offers public links only when allowed, and suspends them when turned off (S22)', async () => {
    const chat = await createChat(ada, { messages: 2 });
    expect((await ada.client.put(`/api/v1/chats/${chat.id}/share`, { access: 'public' })).status).toBe(403);
    await admin.client.patch('/api/v1/admin/settings', { sharing: { publicLinks: true } });
    const share = await shareChat(ada, chat.id, { access: 'public' });
    expect((await anonymous(t).get(`/api/v1/shares/${share.id}`)).status).toBe(200);
    await admin.client.patch('/api/v1/admin/settings', { sharing: { publicLinks: false } });
    expect((await anonymous(t).get(`/api/v1/shares/${share.id}`)).status).toBe(404);
    expect((await view(bob, share.id)).status).toBe(404);
  });

  it('uses the admin’s default access for new links', async () => {
    await admin.client.patch('/api/v1/admin/settings', { sharing: { publicLinks: true, defaultAccess: 'public' } });
    expect((await shareChat(ada, (await createChat(ada, { messages: 2 })).id)).access).toBe('public');
  });
});

describe('forking', () => {
  it('makes a chat of the viewer’s from the snapshot; the original and the link are untouched (S9)', async () => {
    const chat = await createChat(ada, { title: 'Worth continuing', messages: 4 });
    const share = await shareChat(ada, chat.id);
    const originalBefore = (await ada.client.get<{ chat: TestChat }>(`/api/v1/chats/${chat.id}`)).body.chat;
    const linkBefore = (await view(bob, share.id)).body;
    const fork = await bob.client.post<{ chatId: string }>(`/api/v1/shares/${share.id}/fork`);
    expect(fork.status).toBe(201);
    const forked = await bob.client.get<{ chat: TestChat }>(`/api/v1/chats/${fork.body.chatId}`);
    expect(forked.body.chat.title).toBe('Worth continuing');
    expect(forked.body.chat.messages.map((m) => m.content)).toEqual(chat.messages.map((m) => m.content));
    expect(forked.body.chat.currentMessageId).toBe(forked.body.chat.messages.at(-1)?.id);
    const row = await t.db.selectFrom('chats').select('forked_from_share_id').where('id', '=', fork.body.chatId).executeTakeFirst();
    expect(row?.forked_from_share_id).toBe(share.id);

    expect((await ada.client.get<{ chat: TestChat }>(`/api/v1/chats/${chat.id}`)).body.chat).toEqual(originalBefore);
    expect((await view(bob, share.id)).body).toEqual(linkBefore);
    // The fork reads the snapshot's own ids, which its viewer saw already; never the sharer's chat ids.
    for (const message of chat.messages) expect(forked.body.chat.messages.map((m) => m.id)).not.toContain(message.id);
    expect((await ada.client.get<{ items: unknown[] }>('/api/v1/chats')).body.items).toHaveLength(1);
    expect((await ada.client.get(`/api/v1/chats/${fork.body.chatId}`)).status).toBe(404);
  });

  it('costs one chat row, however long the chat, and builds on the snapshot as the fork goes on', async () => {
    const chat = await createChat(ada, { messages: 40 });
    const share = await shareChat(ada, chat.id);
    const count = async (table: 'messages' | 'message_bodies' | 'snapshot_nodes') => (await t.db.selectFrom(table).selectAll().execute()).length;
    const before = { messages: await count('messages'), bodies: await count('message_bodies'), nodes: await count('snapshot_nodes') };
    const forks = await Promise.all([1, 2, 3].map(() => bob.client.post<{ chatId: string }>(`/api/v1/shares/${share.id}/fork`)));
    expect({ messages: await count('messages'), bodies: await count('message_bodies'), nodes: await count('snapshot_nodes') }).toEqual(before);

    // Bob goes on from the last shared message, and edits the first prompt: both are his own rows.
    const forkId = forks[0]?.body.chatId ?? '';
    const fork = (await bob.client.get<{ chat: TestChat }>(`/api/v1/chats/${forkId}`)).body.chat;
    const [firstPrompt] = fork.messages;
    await appendMessages(t, forkId, fork.currentMessageId, [{ role: 'user', content: 'Bob goes on' }]);
    await appendMessages(t, forkId, null, [{ role: 'user', content: 'Bob edits the first prompt' }]);
    const grown = (await bob.client.get<{ chat: TestChat }>(`/api/v1/chats/${forkId}`)).body.chat;
    expect(grown.messages).toHaveLength(42);
    expect(grown.messages.at(-2)).toMatchObject({ content: 'Bob goes on', parentId: fork.currentMessageId });
    expect(grown.messages.at(-1)).toMatchObject({ content: 'Bob edits the first prompt', parentId: firstPrompt?.parentId });
    expect((await bob.client.patch(`/api/v1/chats/${forkId}`, { currentMessageId: firstPrompt?.id })).status).toBe(200);

    // Sharing the fork makes a snapshot of all of it, base and own.
    await bob.client.patch(`/api/v1/chats/${forkId}`, { currentMessageId: grown.messages.at(-2)?.id });
    const reshared = await shareChat(bob, forkId);
    const seen = await view(ada, reshared.id);
    expect(contents(seen)).toEqual([...chat.messages.map((m) => m.content), 'Bob goes on']);
  });

  it('keeps forks whole when the link is updated or revoked, and frees the text when the last user goes', async () => {
    const chat = await createChat(ada, { messages: [{ role: 'user', content: 'the original words' }, { role: 'assistant', content: 'reply' }] });
    const share = await shareChat(ada, chat.id);
    const fork = await bob.client.post<{ chatId: string }>(`/api/v1/shares/${share.id}/fork`);
    await appendMessages(t, chat.id, chat.currentMessageId, [{ role: 'user', content: 'later words' }]);
    await shareChat(ada, chat.id);
    await ada.client.delete(`/api/v1/chats/${chat.id}`);
    const forked = await bob.client.get<{ chat: TestChat }>(`/api/v1/chats/${fork.body.chatId}`);
    expect(forked.body.chat.messages.map((m) => m.content)).toEqual(['the original words', 'reply']);
    const texts = async () => (await t.db.selectFrom('message_bodies').select('content').execute()).map((b) => b.content);
    expect(await texts()).toContain('the original words');
    expect(await texts()).not.toContain('later words');
    expect((await bob.client.delete(`/api/v1/chats/${fork.body.chatId}`)).status).toBe(204);
    expect(await texts()).toEqual([]);
    expect(await t.db.selectFrom('snapshots').select('id').execute()).toEqual([]);
  });

  it('stores no text for a fork, and the fork keeps its text when the original is deleted', async () => {
    const chat = await createChat(ada, { messages: 4 });
    const share = await shareChat(ada, chat.id);
    const bodiesBefore = (await t.db.selectFrom('message_bodies').select('hash').execute()).length;
    const fork = await bob.client.post<{ chatId: string }>(`/api/v1/shares/${share.id}/fork`);
    expect((await t.db.selectFrom('message_bodies').select('hash').execute()).length).toBe(bodiesBefore);
    await ada.client.delete(`/api/v1/chats/${chat.id}`);
    const forked = await bob.client.get<{ chat: TestChat }>(`/api/v1/chats/${fork.body.chatId}`);
    expect(forked.body.chat.messages.map((m) => m.content)).toEqual(chat.messages.map((m) => m.content));
  });
});

describe('privacy', () => {
  it('records no views and logs the route, never the share id (S15)', async () => {
    const lines: string[] = [];
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
    const logged = await startTestApp({ logLevel: 'info' }, { logStream: stream });
    try {
      const owner = await createUser(logged);
      const viewer = await createUser(logged);
      const share = await shareChat(owner, (await createChat(owner, { messages: 2 })).id);
      expect((await viewer.client.get(`/api/v1/shares/${share.id}`)).status).toBe(200);
      expect((await viewer.client.post(`/api/v1/shares/${share.id}/fork`)).status).toBe(201);
      expect((await viewer.client.get('/api/v1/shares/AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404);
      const log = lines.join('');
      expect(log).toContain('"route":"/api/v1/shares/:shareId"');
      expect(log).not.toContain(share.id);
      expect(log).not.toContain('AAAAAAAAAAAAAAAAAAAAAA');
    } finally {
      await logged.close();
    }
  });
});

describe('bad input', () => {
  it('answers 400 naming the field, and writes nothing', async () => {
    const chat = await createChat(ada, { messages: 2 });
    const other = await createChat(bob, { messages: 2 });
    const cases: [string, Record<string, unknown>, string][] = [
      ['access', { access: 'everyone' }, 'access'],
      ['title', { title: '' }, 'title'],
      ['title type', { title: 42 }, 'title'],
      ['showName', { showName: 'yes' }, 'showName'],
      ['expiresAt format', { expiresAt: 'tomorrow' }, 'expiresAt'],
      ['expiresAt past', { expiresAt: '2001-01-01T00:00:00Z' }, 'expiresAt'],
      ['upToMessageId unknown', { upToMessageId: 'nope' }, 'upToMessageId'],
      ['upToMessageId of another chat', { upToMessageId: other.messages[0]?.id }, 'upToMessageId'],
      ['excludeMessageIds', { excludeMessageIds: ['nope'] }, 'excludeMessageIds'],
      ['userIds unknown', { access: 'restricted', userIds: ['nobody'] }, 'userIds'],
      ['groupIds unknown', { access: 'restricted', groupIds: ['nogroup'] }, 'groupIds'],
      ['unknown field', { password: 'x' }, 'password'],
    ];
    for (const [name, body, field] of cases) {
      const reply = await ada.client.put<{ error: { fields?: { field: string }[] } }>(`/api/v1/chats/${chat.id}/share`, body);
      expect(reply.status, name).toBe(400);
      expect(reply.body.error.fields?.map((f) => f.field), name).toContain(field);
    }
    expect(await t.db.selectFrom('shares').select('id').execute()).toEqual([]);
    expect((await ada.client.put(`/api/v1/chats/${other.id}/share`, {})).status).toBe(404);
    expect((await ada.client.get('/api/v1/shares?order=sideways')).status).toBe(400);
    expect((await ada.client.get('/api/v1/shares?cursor=%%%')).status).toBe(400);
    expect((await ada.client.patch('/api/v1/shares/AAAAAAAAAAAAAAAAAAAAAA', { access: 'x' })).status).toBe(400);
  });
});
