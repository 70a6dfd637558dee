import type { Db } from '../../db/database.js';
import type { NewChatRow } from '../../db/schema.js';

const CHUNK = 500;

/** Inserts many chats, a few hundred rows per statement. */
export async function insertChats(db: Db, chats: readonly NewChatRow[]): Promise<void> {
  for (let i = 0; i < chats.length; i += CHUNK) {
    await db.insertInto('chats').values(chats.slice(i, i + CHUNK)).execute();
  }
}

/** Which of `keys` the user's chats were imported from. */
export async function findImportKeys(db: Db, userId: string, keys: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (let i = 0; i < keys.length; i += CHUNK) {
    const rows = await db
      .selectFrom('chats')
      .select('import_key')
      .where('user_id', '=', userId)
      .where('import_key', 'in', keys.slice(i, i + CHUNK))
      .execute();
    for (const row of rows) if (row.import_key !== null) found.push(row.import_key);
  }
  return found;
}

/** Which of `ids` are chats of the user's. */
export async function findOwnChatIds(db: Db, userId: string, ids: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db.selectFrom('chats').select('id').where('user_id', '=', userId).where('id', 'in', ids.slice(i, i + CHUNK)).execute();
    found.push(...rows.map((r) => r.id));
  }
  return found;
}
