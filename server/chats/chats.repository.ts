import type { Db } from '../db/database.js';
import { containsText } from '../db/like.js';
import type { ChatRow, MessageRow, NewChatRow, NewMessageRow } from '../db/schema.js';

const CHUNK = 500;

export interface ChatListFilter {
  userId: string;
  archived: boolean;
  q: string | null;
  limit: number;
  after: { updatedAt: string; id: string } | null;
}

export function insertChat(db: Db, chat: NewChatRow): Promise<ChatRow> {
  return db.insertInto('chats').values(chat).returningAll().executeTakeFirstOrThrow();
}

export async function insertMessages(db: Db, messages: readonly NewMessageRow[]): Promise<void> {
  for (let i = 0; i < messages.length; i += CHUNK) {
    await db.insertInto('messages').values(messages.slice(i, i + CHUNK)).execute();
  }
}

/** The user's own chat, or undefined: another user's chat is as good as absent. */
export function findOwnChat(db: Db, userId: string, chatId: string): Promise<ChatRow | undefined> {
  return db.selectFrom('chats').selectAll().where('id', '=', chatId).where('user_id', '=', userId).executeTakeFirst();
}

/** A chat's messages with their text, in order of creation. */
export function listMessagesWithContent(db: Db, chatId: string): Promise<(MessageRow & { content: string })[]> {
  return db
    .selectFrom('messages')
    .innerJoin('message_bodies', 'message_bodies.hash', 'messages.body_hash')
    .selectAll('messages')
    .select('message_bodies.content')
    .where('messages.chat_id', '=', chatId)
    .orderBy('messages.seq')
    .execute();
}

export function findMessage(db: Db, chatId: string, messageId: string): Promise<MessageRow | undefined> {
  return db
    .selectFrom('messages')
    .selectAll()
    .where('chat_id', '=', chatId)
    .where('id', '=', messageId)
    .executeTakeFirst();
}

export async function nextSeq(db: Db, chatId: string): Promise<number> {
  const row = await db
    .selectFrom('messages')
    .select((eb) => eb.fn.max('seq').as('max'))
    .where('chat_id', '=', chatId)
    .executeTakeFirst();
  return (row?.max ?? -1) + 1;
}

export function listChats(db: Db, filter: ChatListFilter): Promise<(ChatRow & { share_id: string | null })[]> {
  let query = db
    .selectFrom('chats')
    .leftJoin('shares', 'shares.chat_id', 'chats.id')
    .selectAll('chats')
    .select('shares.id as share_id')
    .where('chats.user_id', '=', filter.userId)
    .where('chats.archived', '=', filter.archived ? 1 : 0);
  if (filter.q !== null) {
    const q = filter.q;
    query = query.where((eb) => containsText(eb.ref('chats.title'), q));
  }
  const after = filter.after;
  if (after !== null) {
    query = query.where((eb) =>
      eb.or([
        eb('chats.updated_at', '<', after.updatedAt),
        eb.and([eb('chats.updated_at', '=', after.updatedAt), eb('chats.id', '<', after.id)]),
      ]),
    );
  }
  return query.orderBy('chats.updated_at', 'desc').orderBy('chats.id', 'desc').limit(filter.limit).execute();
}

export function updateChat(
  db: Db,
  chatId: string,
  update: Partial<Pick<ChatRow, 'title' | 'archived' | 'pinned' | 'current_message_id' | 'updated_at'>>,
): Promise<ChatRow | undefined> {
  return db.updateTable('chats').set(update).where('id', '=', chatId).returningAll().executeTakeFirst();
}

/**
 * Deletes the chat; its messages, its link and the link's snapshot go with it (foreign keys
 * cascade). Returns the bodies they referred to, for the caller to collect.
 */
export async function deleteChat(db: Db, chatId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('messages')
    .select('body_hash')
    .where('chat_id', '=', chatId)
    .union(
      db
        .selectFrom('share_nodes')
        .innerJoin('shares', 'shares.id', 'share_nodes.share_id')
        .select('share_nodes.body_hash')
        .where('shares.chat_id', '=', chatId),
    )
    .execute();
  await db.deleteFrom('chats').where('id', '=', chatId).execute();
  return rows.map((r) => r.body_hash);
}
