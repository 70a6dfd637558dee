import { insertMessages, nextSeq } from '../server/chats/chats.repository.js';
import { threadRows } from '../server/chats/chats.service.js';
import type { TestApp } from '../server/test/harness.js';
import type { TestChat } from '../server/test/factories.js';

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
