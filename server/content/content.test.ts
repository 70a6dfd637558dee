import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Chat } from '../../common/api/chats.js';
import type { ViewerShare } from '../../common/api/sharing.js';
import { appendMessages, createChat, createUser, shareChat, type TestUser } from '../test/factories.js';
import { contentProblems, NO_CONTENT_PROBLEMS } from '../test/content-invariant.js';
import { GENEROUS_RATE_LIMITS, startTestApp, type TestApp } from '../test/harness.js';

/**
 * Stored content lives exactly as long as something refers to it (docs/architecture.md,
 * Storage): after every delete path (link, chat, fork, hub upload, user, "Unshare all") no body
 * or snapshot is left that nothing refers to, and nothing that is still referred to is gone.
 * The checks below are written out in SQL on their own, not with the list the code uses.
 */

let t: TestApp;
let admin: TestUser;
let ada: TestUser;
let bob: TestUser;

beforeEach(async () => {
  t = await startTestApp({ rateLimits: GENEROUS_RATE_LIMITS });
  admin = await createUser(t, { role: 'admin' });
  ada = await createUser(t, { name: 'Ada' });
  bob = await createUser(t, { name: 'Bob' });
  await admin.client.patch('/api/v1/admin/settings', { communityHub: { enabled: true } });
});
afterEach(async () => {
  await t.close();
});

/** Every body and snapshot is referred to, and every reference finds its body or snapshot. */
async function expectContentAccountedFor(step: string): Promise<void> {
  expect(await contentProblems(t.db), step).toEqual(NO_CONTENT_PROBLEMS);
}

async function storedTexts(): Promise<string[]> {
  return (await t.db.selectFrom('message_bodies').select('content').execute()).map((b) => b.content);
}

async function chatTexts(user: TestUser, chatId: string): Promise<string[]> {
  const reply = await user.client.get<{ chat: Chat }>(`/api/v1/chats/${chatId}`);
  expect(reply.status).toBe(200);
  return reply.body.chat.messages.map((m) => m.content);
}

describe('stored content and what refers to it', () => {
  it('outlives no reference and loses none, through every delete path', async () => {
    const chat = await createChat(ada, {
      title: 'Alpha',
      messages: [
        { role: 'user', content: 'alpha question' },
        { role: 'assistant', content: 'alpha answer' },
      ],
    });
    const link = await shareChat(ada, chat.id);
    const fork = await bob.client.post<{ chatId: string }>(`/api/v1/shares/${link.id}/fork`);
    expect(fork.status).toBe(201);
    await appendMessages(t, fork.body.chatId, chat.currentMessageId, [{ role: 'user', content: 'bob follows up' }]);
    await appendMessages(t, chat.id, chat.currentMessageId, [
      { role: 'user', content: 'beta question' },
      { role: 'assistant', content: 'beta answer' },
    ]);
    await shareChat(ada, chat.id);
    await expectContentAccountedFor('re-shared: the fork keeps the first snapshot');

    const viewed = await ada.client.get<ViewerShare>(`/api/v1/shares/${link.id}`);
    const upload = await ada.client.post<{ id: string }>('/api/v1/community/chats', {
      title: 'Alpha on the hub',
      snapshot: viewed.body,
      visibility: 'public',
    });
    expect(upload.status).toBe(201);
    await expectContentAccountedFor('uploaded to the hub');

    expect((await ada.client.delete(`/api/v1/chats/${chat.id}/share`)).status).toBe(204);
    await expectContentAccountedFor('link revoked');

    expect((await ada.client.delete(`/api/v1/chats/${chat.id}`)).status).toBe(204);
    await expectContentAccountedFor('chat deleted');
    expect(await chatTexts(bob, fork.body.chatId)).toEqual(['alpha question', 'alpha answer', 'bob follows up']);

    expect((await bob.client.delete(`/api/v1/chats/${fork.body.chatId}`)).status).toBe(204);
    await expectContentAccountedFor('fork deleted');
    expect(await storedTexts()).not.toContain('bob follows up');
    // The hub upload still holds its copy of the conversation.
    expect(await storedTexts()).toEqual(expect.arrayContaining(['alpha question', 'beta answer']));

    expect((await ada.client.delete(`/api/v1/community/chats/${upload.body.id}`)).status).toBe(204);
    await expectContentAccountedFor('hub upload deleted');
    expect(await storedTexts()).not.toContain('alpha question');
    expect(await t.db.selectFrom('snapshots').select('id').execute()).toEqual([]);
  });

  it('keeps what a fork builds on when its owner is deleted, and "Unshare all" collects every snapshot', async () => {
    const kept = await createChat(ada, { messages: [{ role: 'user', content: 'forked before the account went' }] });
    const keptLink = await shareChat(ada, kept.id);
    const fork = await bob.client.post<{ chatId: string }>(`/api/v1/shares/${keptLink.id}/fork`);
    const gone = await createChat(ada, { messages: [{ role: 'user', content: 'only Ada had this' }] });
    await shareChat(ada, gone.id);

    expect((await admin.client.delete(`/api/v1/admin/users/${ada.user.id}`)).status).toBe(204);
    await expectContentAccountedFor('user deleted');
    expect(await storedTexts()).not.toContain('only Ada had this');
    expect(await chatTexts(bob, fork.body.chatId)).toEqual(['forked before the account went']);

    const own = await createChat(bob, { messages: [{ role: 'user', content: 'bob shares this twice' }] });
    await shareChat(bob, own.id);
    await shareChat(bob, own.id);
    await shareChat(bob, fork.body.chatId);
    expect((await bob.client.delete('/api/v1/shares')).body).toEqual({ deleted: 2 });
    await expectContentAccountedFor('unshared all');
    expect(await chatTexts(bob, own.id)).toEqual(['bob shares this twice']);
  });

  it('collects every node of a link with history whose branches meet, and an update keeps the nodes it still shows', async () => {
    const chat = await createChat(ada, { messages: [{ role: 'user', content: 'root question' }] });
    const root = chat.currentMessageId;
    // Two answers to the root, each with a follow-up: the snapshot's two leaves meet at the root.
    await appendMessages(t, chat.id, root, [{ role: 'assistant', content: 'first answer' }, { role: 'user', content: 'first follow-up' }]);
    await appendMessages(t, chat.id, root, [{ role: 'assistant', content: 'second answer' }, { role: 'user', content: 'second follow-up' }]);
    const nodes = async () => (await t.db.selectFrom('snapshot_nodes').select('id').execute()).length;

    await shareChat(ada, chat.id, { includeHistory: true });
    expect(await nodes()).toBe(5);
    await appendMessages(t, chat.id, null, [{ role: 'user', content: 'a new thread' }], { makeCurrent: false });
    await shareChat(ada, chat.id, { includeHistory: true });
    await expectContentAccountedFor('updated: the nodes shown before are shown again');
    expect(await nodes()).toBe(6);

    expect((await ada.client.delete(`/api/v1/chats/${chat.id}/share`)).status).toBe(204);
    await expectContentAccountedFor('link with history revoked');
    expect(await nodes()).toBe(0);
  });
});
