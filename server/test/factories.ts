import type { User } from '../../common/api/auth.js';
import type { Chat, Message } from '../../common/api/chats.js';
import type { PutShareInput, Share } from '../../common/api/sharing.js';
import { startSession } from '../auth/auth.service.js';
import { insertMessages, nextSeq } from '../chats/chats.repository.js';
import { threadRows } from '../chats/chats.service.js';
import { hashPassword } from '../auth/password.js';
import type { Role } from '../db/schema.js';
import { newId, nowIso } from '../lib/ids.js';
import { presentUser } from '../users/users.presenter.js';
import { insertUser } from '../users/users.repository.js';
import { ApiClient } from './client.js';
import type { TestApp } from './harness.js';

export const DEFAULT_PASSWORD = 'correct horse battery staple';
let defaultPasswordHash: Promise<string> | undefined;

let counter = 0;

export interface TestUser {
  user: User;
  password: string;
  /** Signed in with a session cookie. */
  client: ApiClient;
}

/** A user of the given role, already signed in. */
export async function createUser(
  t: TestApp,
  options: { role?: Role; email?: string; name?: string; password?: string } = {},
): Promise<TestUser> {
  counter += 1;
  const password = options.password ?? DEFAULT_PASSWORD;
  const passwordHash =
    options.password === undefined ? await (defaultPasswordHash ??= hashPassword(DEFAULT_PASSWORD)) : await hashPassword(password);
  const row = await insertUser(t.db, {
    id: newId(),
    email: options.email ?? `user${counter}-${newId().slice(0, 6).toLowerCase()}@example.com`,
    name: options.name ?? `Test User ${counter}`,
    role: options.role ?? 'user',
    password_hash: passwordHash,
    created_at: nowIso(),
  });
  const sessionToken = await startSession(t.db, t.config, row.id);
  return { user: presentUser(row), password, client: new ApiClient(t.app, { sessionToken }) };
}

/** A client with no session: a signed-out browser on the instance's own origin. */
export function anonymous(t: TestApp): ApiClient {
  return new ApiClient(t.app);
}

/** A chat and its messages, as the API gives them. */
export type TestChat = Chat;
export type TestMessage = Message;

/** A chat of the user's through the API, seeded with `messages` alternating user/assistant turns. */
export async function createChat(
  owner: TestUser,
  options: { title?: string; messages?: number | { role: 'user' | 'assistant' | 'system'; content: string; model?: string }[] } = {},
): Promise<TestChat> {
  const seed =
    typeof options.messages === 'number'
      ? Array.from({ length: options.messages }, (_, i) =>
          i % 2 === 0
            ? { role: 'user' as const, content: `Question ${i / 2 + 1}: what about ${newId()}?` }
            : { role: 'assistant' as const, content: `Answer ${(i + 1) / 2}, with **Markdown**.`, model: 'test-model' },
        )
      : options.messages;
  const reply = await owner.client.post<{ chat: TestChat }>('/api/v1/chats', { title: options.title, messages: seed });
  if (reply.status !== 201) throw new Error(`createChat: ${reply.status} ${reply.text}`);
  return reply.body.chat;
}

export type TestShare = Share;

/** Shares the chat through the API (PUT /chats/:id/share). */
export async function shareChat(owner: TestUser, chatId: string, options: PutShareInput = {}): Promise<TestShare> {
  const reply = await owner.client.put<{ share: TestShare }>(`/api/v1/chats/${chatId}/share`, options);
  if (reply.status !== 201 && reply.status !== 200) throw new Error(`shareChat: ${reply.status} ${reply.text}`);
  return reply.body.share;
}

/**
 * Adds messages to a chat under `parentId` and (unless told not to) makes the last one current,
 * as replies, regenerations and edits do; written straight to the database so that tests of
 * sharing and of the tree do not depend on a model server.
 */
export async function appendMessages(
  t: TestApp,
  chatId: string,
  parentId: string | null,
  messages: { role: 'user' | 'assistant' | 'system'; content: string; model?: string }[],
  options: { makeCurrent?: boolean } = {},
): Promise<string[]> {
  const rows = await threadRows(t.db, chatId, messages, await nextSeq(t.db, chatId), parentId);
  await insertMessages(t.db, rows);
  if (options.makeCurrent === false) return rows.map((r) => r.id);
  await t.db
    .updateTable('chats')
    .set({ current_message_id: rows.at(-1)?.id ?? parentId, updated_at: nowIso() })
    .where('id', '=', chatId)
    .execute();
  return rows.map((r) => r.id);
}
