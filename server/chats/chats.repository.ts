import { sql } from 'kysely';
import { isPostgres, type Db } from '../db/database.js';
import { containsText } from '../db/like.js';
import { indexedContains } from '../db/title-search.js';
import { snapshotNodeIds } from '../content/snapshots.repository.js';
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

/**
 * The user's own chat, locked until the transaction ends (`SELECT … FOR UPDATE` on PostgreSQL;
 * SQLite runs one writing transaction at a time anyway). Writes that touch a chat's link or
 * delete the chat take it first, so they run one after the other instead of interleaving.
 */
export function lockOwnChat(db: Db, userId: string, chatId: string): Promise<ChatRow | undefined> {
  const query = db.selectFrom('chats').selectAll().where('id', '=', chatId).where('user_id', '=', userId);
  return (isPostgres(db) ? query.forUpdate() : query).executeTakeFirst();
}

/**
 * A chat's messages: its own rows, and for a fork the nodes of the snapshot it builds on, which
 * read as messages of the chat (in their order, before the fork's own).
 */
function chatMessages(db: Db, chatId: string, messageId?: string) {
  let own = db
    .selectFrom('messages')
    .select([
      'messages.id',
      'messages.chat_id',
      'messages.parent_id',
      'messages.seq',
      'messages.role',
      'messages.body_hash',
      'messages.model',
      'messages.status',
      'messages.error',
      'messages.created_at',
      'messages.heartbeat_at',
    ])
    .where('messages.chat_id', '=', chatId);
  const baseSnapshot = db.selectFrom('chats').select('chats.base_snapshot_id as id').where('chats.id', '=', chatId);
  let base = db
    .selectFrom('snapshot_nodes')
    .select([
      'snapshot_nodes.id',
      sql<string>`cast(${chatId} as varchar(32))`.as('chat_id'),
      'snapshot_nodes.parent_id',
      'snapshot_nodes.seq',
      'snapshot_nodes.role',
      'snapshot_nodes.body_hash',
      'snapshot_nodes.model',
      'snapshot_nodes.status',
      sql<string | null>`null`.as('error'),
      'snapshot_nodes.created_at',
      sql<string | null>`cast(null as varchar(32))`.as('heartbeat_at'),
    ])
    .where('snapshot_nodes.id', 'in', snapshotNodeIds(db, baseSnapshot));
  if (messageId !== undefined) {
    own = own.where('messages.id', '=', messageId);
    base = base.where('snapshot_nodes.id', '=', messageId);
  }
  return own.unionAll(base);
}

/** A chat's messages without their text, in order of creation: enough to walk the tree. */
export function listMessageRows(db: Db, chatId: string): Promise<MessageRow[]> {
  return db.selectFrom(chatMessages(db, chatId).as('m')).selectAll().orderBy('seq').execute();
}

/** A chat's messages with their text, in order of creation. */
export function listMessagesWithContent(db: Db, chatId: string): Promise<(MessageRow & { content: string })[]> {
  return db
    .selectFrom(chatMessages(db, chatId).as('m'))
    .innerJoin('message_bodies', 'message_bodies.hash', 'm.body_hash')
    .selectAll('m')
    .select('message_bodies.content')
    .orderBy('m.seq')
    .execute();
}

/** A message as a chat's reader sees it: what the presenter shows, and nothing else to carry. */
export type MessageView = Pick<MessageRow, 'id' | 'parent_id' | 'role' | 'model' | 'status' | 'created_at'> & { content: string };

/**
 * A chat's messages with their text, in order of creation, only the columns a reader is shown: a
 * 10,000-message chat is 10,000 rows, and each column more is 10,000 values for the driver to
 * parse (on PostgreSQL the full rows took about twice as long to read).
 */
export function listMessageViews(db: Db, chatId: string): Promise<MessageView[]> {
  return db
    .selectFrom(chatMessages(db, chatId).as('m'))
    .innerJoin('message_bodies', 'message_bodies.hash', 'm.body_hash')
    .select(['m.id', 'm.parent_id', 'm.role', 'm.model', 'm.status', 'm.created_at', 'message_bodies.content'])
    .orderBy('m.seq')
    .execute();
}

/** What a snapshot is built from: each message's place in the tree and its body's hash, never its text. */
export function listSnapshotSources(db: Db, chatId: string) {
  return db
    .selectFrom(chatMessages(db, chatId).as('m'))
    .select(['m.id', 'm.parent_id', 'm.seq', 'm.role', 'm.body_hash', 'm.model', 'm.status', 'm.created_at'])
    .orderBy('m.seq')
    .execute();
}

/** One message of the chat (its own or its base snapshot's) with its text. */
export function findChatMessageWithContent(db: Db, chatId: string, messageId: string): Promise<(MessageRow & { content: string }) | undefined> {
  return db
    .selectFrom(chatMessages(db, chatId, messageId).as('m'))
    .innerJoin('message_bodies', 'message_bodies.hash', 'm.body_hash')
    .selectAll('m')
    .select('message_bodies.content')
    .executeTakeFirst();
}

export async function nextSeq(db: Db, chatId: string): Promise<number> {
  const row = await db
    .selectFrom(chatMessages(db, chatId).as('m'))
    .select((eb) => eb.fn.max('m.seq').as('max'))
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
    // In the title, or in the text of one of the chat's own messages (through the index on bodies).
    const inMessages = db
      .selectFrom('messages')
      .innerJoin('message_bodies', 'message_bodies.hash', 'messages.body_hash')
      .innerJoin('chats as owner', 'owner.id', 'messages.chat_id')
      .select('messages.chat_id')
      .where('owner.user_id', '=', filter.userId)
      .where(() => indexedContains(db, 'message_bodies.content', q));
    query = query.where((eb) => eb.or([containsText(eb.ref('chats.title'), q), eb('chats.id', 'in', inMessages)]));
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

/** Every chat of the user's, archived ones too, newest first: ids only. */
export async function listChatIdsOfUser(db: Db, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('chats').select('id').where('user_id', '=', userId).orderBy('updated_at', 'desc').orderBy('id', 'desc').execute();
  return rows.map((r) => r.id);
}

/** For each of the chats, its first message whose text contains `q`: where a search matched. */
export async function firstMatchingMessages(db: Db, chatIds: readonly string[], q: string): Promise<{ chat_id: string; id: string; content: string }[]> {
  if (chatIds.length === 0) return [];
  const result = await sql<{ chat_id: string; id: string; content: string }>`
    select chat_id, id, content from (
      select m.chat_id, m.id, b.content, row_number() over (partition by m.chat_id order by m.seq) as n
      from messages m join message_bodies b on b.hash = m.body_hash
      where m.chat_id in (${sql.join(chatIds)}) and ${containsText(sql.ref('b.content'), q)}
    ) as found
    where n = 1`.execute(db);
  return result.rows;
}
