import { insertMessages, nextSeq } from '../server/chats/chats.repository.js';
import { threadRows } from '../server/chats/chats.service.js';
import { sampleView } from '../server/share-page/share-page.fixtures.js';
import { appendMessages, createChat, type TestChat, type TestUser } from '../server/test/factories.js';
import type { TestApp } from '../server/test/harness.js';

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

const fixture = (id: string) => {
  const message = sampleView.messages.find((m) => m.id === id);
  if (!message) throw new Error(`no message ${id} in the share page's fixture`);
  return { role: message.role === 'user' ? ('user' as const) : ('assistant' as const), content: message.content, model: message.model ?? undefined };
};

/**
 * The share page's sample chat (server/share-page/share-page.fixtures.ts) as a real chat of
 * `owner`: a question with code and math, its reply regenerated twice, and a follow-up under the
 * second version, which is the current thread. Returns the chat's id.
 */
export async function createSampleChat(t: TestApp, owner: TestUser): Promise<string> {
  const chat = await createChat(owner, { title: sampleView.share.title, messages: [fixture('m1'), fixture('m2')] });
  const question = chat.messages[0]?.id ?? '';
  const [, , followUpReply = ''] = await appendMessages(t, chat.id, question, [fixture('m3'), fixture('m4'), fixture('m5')]);
  await appendMessages(t, chat.id, question, [fixture('m6')]);
  const reply = await owner.client.patch(`/api/v1/chats/${chat.id}`, { currentMessageId: followUpReply });
  if (reply.status !== 200) throw new Error(`createSampleChat: ${reply.status} ${reply.text}`);
  return chat.id;
}
