import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse } from '../test/client.js';
import { contentProblems, NO_CONTENT_PROBLEMS } from '../test/content-invariant.js';
import { appendMessages, createChat, createUser, shareChat, type TestUser } from '../test/factories.js';
import { GENEROUS_RATE_LIMITS, startTestApp, type TestApp } from '../test/harness.js';

/**
 * Writes racing on one chat (issue 11, item 2): re-shares against deleting the chat, re-shares
 * against revoking, forks against both. Every request ends in a clean answer, never a 500, and
 * afterwards no text outlives what referred to it (docs/architecture.md, Storage).
 */

const CLEAN = [200, 201, 204, 404, 409];
const ROUNDS = 8;

let t: TestApp;
let ada: TestUser;
let bob: TestUser;

beforeAll(async () => {
  t = await startTestApp({ rateLimits: GENEROUS_RATE_LIMITS });
  ada = await createUser(t, { name: 'Ada' });
  bob = await createUser(t, { name: 'Bob' });
});
afterAll(async () => {
  await t.close();
});

function statuses(replies: ApiResponse[]): number[] {
  return replies.map((r) => r.status);
}

function expectClean(replies: ApiResponse[], step: string): void {
  const unclean = replies.filter((r) => !CLEAN.includes(r.status)).map((r) => `${r.status} ${r.text.slice(0, 200)}`);
  expect(unclean, step).toEqual([]);
}

/** A shared chat with a new message since, so that each PUT writes a new snapshot. */
async function sharedChat(round: number) {
  const chat = await createChat(ada, {
    messages: [
      { role: 'user', content: `race ${round} question ${Math.random()}` },
      { role: 'assistant', content: `race ${round} answer ${Math.random()}` },
    ],
  });
  const link = await shareChat(ada, chat.id);
  await appendMessages(t, chat.id, chat.currentMessageId, [{ role: 'user', content: `race ${round} follow-up ${Math.random()}` }]);
  return { chat, link };
}

describe('racing writes on one chat', () => {
  it('re-shares racing the chat being deleted end in 2xx or 404, and leave no text behind', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const { chat } = await sharedChat(round);
      const puts = Array.from({ length: 9 }, (_, i) => ada.client.put(`/api/v1/chats/${chat.id}/share`, { title: `v${i}` }));
      const replies = await Promise.all([...puts.slice(0, 4), ada.client.delete(`/api/v1/chats/${chat.id}`), ...puts.slice(4)]);
      expectClean(replies, `round ${round}: ${statuses(replies).join(',')}`);
      expect((await ada.client.get(`/api/v1/chats/${chat.id}`)).status).toBe(404);
      expect(await contentProblems(t.db), `round ${round}`).toEqual(NO_CONTENT_PROBLEMS);
    }
    const left = await t.db.selectFrom('message_bodies').select('content').where('content', 'like', 'race %').execute();
    expect(left).toEqual([]);
  });

  it('re-shares racing revokes and forks end in 2xx, 404 or 409, and the link is whole or gone', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const { chat, link } = await sharedChat(round);
      const replies = await Promise.all([
        ada.client.put(`/api/v1/chats/${chat.id}/share`, {}),
        ada.client.delete(`/api/v1/chats/${chat.id}/share`),
        bob.client.post(`/api/v1/shares/${link.id}/fork`),
        ada.client.put(`/api/v1/chats/${chat.id}/share`, { includeHistory: true }),
        ada.client.delete(`/api/v1/shares/${link.id}`),
        ada.client.put(`/api/v1/chats/${chat.id}/share`, {}),
        bob.client.post(`/api/v1/shares/${link.id}/fork`),
        ada.client.delete(`/api/v1/chats/${chat.id}/share`),
        ada.client.put(`/api/v1/chats/${chat.id}/share`, {}),
      ]);
      expectClean(replies, `round ${round}: ${statuses(replies).join(',')}`);
      const now = await ada.client.get<{ share: { id: string } }>(`/api/v1/chats/${chat.id}/share`);
      expect([200, 404]).toContain(now.status);
      if (now.status === 200) {
        const page = await bob.client.get(`/s/${now.body.share.id}`);
        expect(page.status).toBe(200);
      }
      expect(await contentProblems(t.db), `round ${round}`).toEqual(NO_CONTENT_PROBLEMS);
      expect((await ada.client.delete(`/api/v1/chats/${chat.id}`)).status).toBe(204);
    }
    expect(await contentProblems(t.db)).toEqual(NO_CONTENT_PROBLEMS);
  });

  it('forks and deletes racing on shared content keep every fork whole', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      const { chat, link } = await sharedChat(round);
      const replies = await Promise.all([
        bob.client.post<{ chatId: string }>(`/api/v1/shares/${link.id}/fork`),
        ada.client.delete(`/api/v1/chats/${chat.id}`),
        bob.client.post<{ chatId: string }>(`/api/v1/shares/${link.id}/fork`),
        ada.client.put(`/api/v1/chats/${chat.id}/share`, {}),
      ]);
      expectClean(replies, `round ${round}: ${statuses(replies).join(',')}`);
      for (const fork of [replies[0], replies[2]]) {
        if (fork.status !== 201) continue;
        const forked = await bob.client.get<{ chat: { messages: unknown[] } }>(`/api/v1/chats/${fork.body.chatId}`);
        expect(forked.status).toBe(200);
        expect(forked.body.chat.messages.length).toBeGreaterThanOrEqual(2);
      }
      expect(await contentProblems(t.db), `round ${round}`).toEqual(NO_CONTENT_PROBLEMS);
    }
  });

  it('a re-share storing nodes that a revoke is collecting keeps every node it builds on', async () => {
    for (let round = 0; round < ROUNDS; round += 1) {
      // Two chats saying the same thing at the same times: their snapshots share every node.
      const seed = [
        { role: 'user' as const, content: `twin ${round} question ${Math.random()}` },
        { role: 'assistant' as const, content: `twin ${round} answer` },
        { role: 'user' as const, content: `twin ${round} again` },
      ];
      const first = await createChat(ada, { messages: seed });
      const second = await createChat(ada, { messages: seed });
      for (const [seq, at] of ['2026-01-01T00:00:00.000Z', '2026-01-01T00:00:01.000Z', '2026-01-01T00:00:02.000Z'].entries()) {
        await t.db.updateTable('messages').set({ created_at: at }).where('chat_id', 'in', [first.id, second.id]).where('seq', '=', seq).execute();
      }
      await shareChat(ada, first.id);
      const replies = await Promise.all([
        ada.client.delete(`/api/v1/chats/${first.id}/share`),
        ada.client.put(`/api/v1/chats/${second.id}/share`, {}),
        ada.client.delete(`/api/v1/chats/${first.id}`),
        ada.client.put(`/api/v1/chats/${second.id}/share`, {}),
      ]);
      expectClean(replies, `round ${round}: ${statuses(replies).join(',')}`);
      expect(await contentProblems(t.db), `round ${round}`).toEqual(NO_CONTENT_PROBLEMS);
      const link = await ada.client.get<{ share: { id: string } }>(`/api/v1/chats/${second.id}/share`);
      const viewed = await bob.client.get<{ messages: unknown[] }>(`/api/v1/shares/${link.body.share.id}`);
      expect(viewed.body.messages).toHaveLength(3);
      expect((await ada.client.delete(`/api/v1/chats/${second.id}`)).status).toBe(204);
    }
  });
});
