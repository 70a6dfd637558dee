import { insertMessages, nextSeq } from '../server/chats/chats.repository.js';
import { threadRows } from '../server/chats/chats.service.js';
import type { TestApp } from '../server/test/harness.js';
import type { TestChat, TestUser } from '../server/test/factories.js';
import { newId, nowIso } from '../server/lib/ids.js';

/**
 * Seeds what the API cannot make yet (a reply's regenerated sibling, a link), straight into the
 * database through the server's own repositories, as the chat service itself would store it.
 */

/** Adds a thread under `parentId` (a new branch beside its existing children); returns the new messages' ids. */
export async function addBranch(
  t: TestApp,
  chat: TestChat,
  parentId: string | null,
  messages: { role: 'user' | 'assistant'; content: string; model?: string }[],
): Promise<string[]> {
  const rows = await threadRows(t.db, chat.id, messages, await nextSeq(t.db, chat.id), parentId);
  await insertMessages(t.db, rows);
  return rows.map((row) => row.id);
}

/** Gives the chat a link row, as sharing it would (the chat list then reports its shareId). */
export async function markShared(t: TestApp, owner: TestUser, chat: TestChat): Promise<void> {
  const now = nowIso();
  await t.db
    .insertInto('shares')
    .values({
      id: newId(),
      chat_id: chat.id,
      user_id: owner.user.id,
      title: chat.title,
      show_name: 0,
      access: 'members',
      include_history: 0,
      expires_at: null,
      version: 1,
      current_node_id: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
}
