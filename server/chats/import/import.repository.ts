import type { Db } from '../../db/database.js';
import type { NewChatRow } from '../../db/schema.js';

const CHUNK = 500;

/** Inserts many chats, a few hundred rows per statement. */
export async function insertChats(db: Db, chats: readonly NewChatRow[]): Promise<void> {
  for (let i = 0; i < chats.length; i += CHUNK) {
    await db.insertInto('chats').values(chats.slice(i, i + CHUNK)).execute();
  }
}
