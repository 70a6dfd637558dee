import { sampleView } from '../server/share-page/share-page.fixtures.js';
import { appendMessages, createChat, type TestUser } from '../server/test/factories.js';
import type { TestApp } from '../server/test/harness.js';

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
