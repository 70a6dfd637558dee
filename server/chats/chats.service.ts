import type { LlmLimits } from '../config.js';
import type { Db } from '../db/database.js';
import { retryOnRace } from '../db/errors.js';
import type { ChatRow, MessageRow, NewMessageRow, UserRow } from '../db/schema.js';
import { BadRequestError, NotFoundError } from '../http/errors.js';
import { decodeCursor, toPage } from '../http/pagination.js';
import { newId, nowIso } from '../lib/ids.js';
import type { SeedMessage } from '../../common/api/chats.js';
import { putBodies } from '../content/bodies.repository.js';
import { deleteWithContent } from '../content/references.js';
import { withChatAttachments, type Attachment } from '../content/files.repository.js';
import {
  findOwnChat,
  lockOwnChat,
  firstMatchingMessages,
  listChatIdsOfUser,
  insertChat,
  insertMessages,
  listChats,
  listMessagesWithContent,
  listMessageViews,
  type MessageView,
  updateChat as updateChatRow,
} from './chats.repository.js';
import { failStaleReplies } from './messages.repository.js';

export const DEFAULT_TITLE = 'New Chat';

export type StoredMessage = MessageRow & { content: string; attachments?: Attachment[] };

/** A message of a whole chat as its reader is shown it. */
export type ChatMessage = MessageView & { attachments?: Attachment[] };

/**
 * The actor's chat or 404: another user's chat is not found, for every method. With `lock`, the
 * chat's row stays locked until the transaction ends (see `lockOwnChat`).
 */
export async function getOwnChat(db: Db, actor: UserRow, chatId: string, options: { lock?: boolean } = {}): Promise<ChatRow> {
  const chat = await (options.lock === true ? lockOwnChat : findOwnChat)(db, actor.id, chatId);
  if (!chat) throw new NotFoundError('Chat not found.');
  return chat;
}

/**
 * Fails the streaming replies (of one chat, or every one) whose writer is gone: no heartbeat for
 * `staleReplyMs` (docs/architecture.md, Faults). Run lazily when a chat is read or written to, and
 * at start; a reply some instance is still writing beats, and is left alone.
 */
export async function failCutOffReplies(db: Db, limits: Pick<LlmLimits, 'staleReplyMs'>, chatId: string | null): Promise<number> {
  return failStaleReplies(db, chatId, new Date(Date.now() - limits.staleReplyMs).toISOString());
}

/** The actor's chat with its whole message tree; replies whose writer is gone read as failed. */
export async function readChat(
  db: Db,
  limits: Pick<LlmLimits, 'staleReplyMs'>,
  actor: UserRow,
  chatId: string,
): Promise<{ chat: ChatRow; messages: ChatMessage[] }> {
  const chat = await getOwnChat(db, actor, chatId);
  await failCutOffReplies(db, limits, chat.id);
  return { chat, messages: await withChatAttachments(db, chat, await listMessageViews(db, chat.id)) };
}

/**
 * Builds message rows for a thread: each message the parent of the next, with its text stored
 * once by hash. `at` gives each its creation time (import keeps the original times).
 */
export async function threadRows(
  db: Db,
  chatId: string,
  messages: readonly (SeedMessage & { createdAt?: string })[],
  firstSeq = 0,
  parentId: string | null = null,
): Promise<NewMessageRow[]> {
  const hashes = await putBodies(db, messages.map((m) => m.content));
  const now = nowIso();
  let parent = parentId;
  return messages.map((message, i) => {
    const id = newId();
    const row: NewMessageRow = {
      id,
      chat_id: chatId,
      parent_id: parent,
      seq: firstSeq + i,
      role: message.role,
      body_hash: hashes[i] ?? '',
      model: message.model ?? null,
      status: 'complete',
      error: null,
      created_at: message.createdAt ?? now,
    };
    parent = id;
    return row;
  });
}

/** Creates a chat owned by the actor, optionally seeded with a thread of messages. */
export async function createChat(
  db: Db,
  actor: UserRow,
  input: { title?: string | undefined; messages?: SeedMessage[] | undefined },
): Promise<{ chat: ChatRow; messages: StoredMessage[] }> {
  return db.transaction().execute(async (trx) => {
    const now = nowIso();
    const chatId = newId();
    const rows = await threadRows(trx, chatId, input.messages ?? []);
    const chat = await insertChat(trx, {
      id: chatId,
      user_id: actor.id,
      title: input.title ?? DEFAULT_TITLE,
      current_message_id: rows.at(-1)?.id ?? null,
      forked_from_share_id: null,
      base_snapshot_id: null,
      created_at: now,
      updated_at: now,
    });
    await insertMessages(trx, rows);
    return { chat, messages: await listMessagesWithContent(trx, chatId) };
  });
}

/** The actor's chats, newest first, filtered by archived and by text in the title or a message (with where it matched). */
export async function listOwnChats(
  db: Db,
  actor: UserRow,
  query: { archived: boolean; q?: string | undefined; limit: number; cursor?: string | undefined },
) {
  const after = decodeCursor(query.cursor);
  const rows = await listChats(db, {
    userId: actor.id,
    archived: query.archived,
    q: query.q ? query.q : null,
    limit: query.limit + 1,
    after: after && { updatedAt: after.at, id: after.id },
  });
  const page = toPage(rows, query.limit, (row) => ({ at: row.updated_at, id: row.id }));
  const q = query.q;
  const found = q ? await firstMatchingMessages(db, page.items.map((c) => c.id), q) : [];
  const matches = new Map(found.map((m) => [m.chat_id, { messageId: m.id, snippet: snippetAround(m.content, q ?? '') }]));
  return { ...page, matches };
}

/** Some whole words either side of where `q` first stands in `text`, on one line. */
export function snippetAround(text: string, q: string, width = 60): string {
  const at = Math.max(0, text.toLowerCase().indexOf(q.toLowerCase()));
  let start = Math.max(0, at - width);
  let end = Math.min(text.length, at + q.length + width);
  // Cut between words, not inside one.
  if (start > 0) start = Math.min(at, text.indexOf(' ', start) + 1 || at);
  if (end < text.length) end = Math.max(at + q.length, text.lastIndexOf(' ', end));
  const piece = text.slice(start, end).replace(/\s+/g, ' ').trim();
  return `${start > 0 ? '…' : ''}${piece}${end < text.length ? '…' : ''}`;
}

/** Renames, archives, pins or switches the shown branch of the actor's chat. */
export async function updateChat(
  db: Db,
  actor: UserRow,
  chatId: string,
  patch: { title?: string | undefined; archived?: boolean | undefined; pinned?: boolean | undefined; currentMessageId?: string | undefined },
): Promise<{ chat: ChatRow; messages: ChatMessage[] }> {
  return db.transaction().execute(async (trx) => {
    const chat = await getOwnChat(trx, actor, chatId);
    const messages = await withChatAttachments(trx, chat, await listMessageViews(trx, chat.id));
    if (patch.currentMessageId !== undefined && !messages.some((m) => m.id === patch.currentMessageId)) {
      throw new BadRequestError('currentMessageId is not a message of this chat.', [
        { field: 'currentMessageId', message: 'is not a message of this chat' },
      ]);
    }
    const updated = await updateChatRow(trx, chat.id, {
      ...(patch.title !== undefined && { title: patch.title }),
      ...(patch.archived !== undefined && { archived: patch.archived ? 1 : 0 }),
      ...(patch.pinned !== undefined && { pinned: patch.pinned ? 1 : 0 }),
      ...(patch.currentMessageId !== undefined && { current_message_id: patch.currentMessageId }),
      updated_at: nowIso(),
    });
    if (!updated) throw new NotFoundError('Chat not found.');
    return { chat: updated, messages };
  });
}

/** Deletes every chat of the actor's, archived ones too, with their links and text; returns how many. */
export async function deleteAllChats(db: Db, actor: UserRow): Promise<number> {
  return retryOnRace(() =>
    db.transaction().execute(async (trx) => {
      const ids = await listChatIdsOfUser(trx, actor.id);
      await deleteWithContent(trx, 'chats', ids);
      return ids.length;
    }),
  );
}

/** Deletes the actor's chat, its link (rule S12) and the text nothing else refers to, in one transaction. */
export async function deleteChat(db: Db, actor: UserRow, chatId: string): Promise<void> {
  await retryOnRace(() =>
    db.transaction().execute(async (trx) => {
      const chat = await getOwnChat(trx, actor, chatId, { lock: true });
      await deleteWithContent(trx, 'chats', [chat.id]);
    }),
  );
}
