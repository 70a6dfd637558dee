import type { Db } from '../db/database.js';
import type { MessageStatus } from '../db/schema.js';
import type { StoredMessage } from './chats.service.js';
import { nowIso } from '../lib/ids.js';

/** One of the chat's own messages (not its base snapshot's) with its text, by id. */
export function findMessageWithContent(db: Db, messageId: string): Promise<StoredMessage | undefined> {
  return db
    .selectFrom('messages')
    .innerJoin('message_bodies', 'message_bodies.hash', 'messages.body_hash')
    .selectAll('messages')
    .select('message_bodies.content')
    .where('messages.id', '=', messageId)
    .executeTakeFirst();
}

/** Saves a streaming reply's text so far (a heartbeat too); false when the reply is no longer streaming (stopped elsewhere). */
export async function setStreamingBody(db: Db, messageId: string, bodyHash: string): Promise<boolean> {
  const result = await db
    .updateTable('messages')
    .set({ body_hash: bodyHash, heartbeat_at: nowIso() })
    .where('id', '=', messageId)
    .where('status', '=', 'streaming')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The writer of a streaming reply is alive; false when the reply is no longer streaming (stopped elsewhere). */
export async function touchStreamingReply(db: Db, messageId: string): Promise<boolean> {
  const result = await db
    .updateTable('messages')
    .set({ heartbeat_at: nowIso() })
    .where('id', '=', messageId)
    .where('status', '=', 'streaming')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Fails the streaming replies (of one chat, or all) whose writer stopped beating before
 * `staleBefore`: the instance writing them crashed or was killed. What arrived stays. Only stale
 * ones: a reply another instance is writing beats, and is left alone. Returns how many.
 */
export async function failStaleReplies(db: Db, chatId: string | null, staleBefore: string): Promise<number> {
  let query = db
    .updateTable('messages')
    .set({ status: 'failed', error: 'The reply was cut off: the server writing it stopped.' })
    .where('status', '=', 'streaming')
    .where((eb) => eb(eb.fn.coalesce('heartbeat_at', 'created_at'), '<', staleBefore));
  if (chatId !== null) query = query.where('chat_id', '=', chatId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Ends a reply: its final text, status and (for a failed one) why. */
export async function finishMessage(
  db: Db,
  messageId: string,
  end: { bodyHash: string; status: MessageStatus; error: string | null },
): Promise<void> {
  await db
    .updateTable('messages')
    .set({ body_hash: end.bodyHash, status: end.status, error: end.error })
    .where('id', '=', messageId)
    .execute();
}

/** Marks a reply that is still streaming as failed; false when it had already ended. */
export async function failStreamingMessage(db: Db, messageId: string, error: string): Promise<boolean> {
  const result = await db
    .updateTable('messages')
    .set({ status: 'failed', error })
    .where('id', '=', messageId)
    .where('status', '=', 'streaming')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function messageStatus(db: Db, messageId: string): Promise<MessageStatus | undefined> {
  const row = await db.selectFrom('messages').select('status').where('id', '=', messageId).executeTakeFirst();
  return row?.status;
}
