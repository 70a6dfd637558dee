import type { Db } from '../db/database.js';
import type { CommunityChatRow } from '../db/schema.js';
import { titleMatches } from '../db/title-search.js';

export async function insertCommunityChat(db: Db, chat: CommunityChatRow): Promise<void> {
  await db.insertInto('community_chats').values(chat).execute();
}

export function findCommunityChat(db: Db, id: string): Promise<CommunityChatRow | undefined> {
  return db.selectFrom('community_chats').selectAll().where('id', '=', id).executeTakeFirst();
}

export function updateCommunityChat(
  db: Db,
  id: string,
  update: Partial<Pick<CommunityChatRow, 'title' | 'visibility' | 'updated_at'>>,
): Promise<CommunityChatRow | undefined> {
  return db.updateTable('community_chats').set(update).where('id', '=', id).returningAll().executeTakeFirst();
}

/** Public uploads (or one user's, all of them), newest first, optionally by title. */
export function listCommunityChats(
  db: Db,
  filter: { userId: string | null; q: string | null; limit: number; after: { at: string; id: string } | null },
): Promise<CommunityChatRow[]> {
  let query = db.selectFrom('community_chats').selectAll();
  query =
    filter.userId === null
      ? query.where('visibility', 'in', ['public', 'public_full_history'])
      : query.where('user_id', '=', filter.userId);
  const q = filter.q;
  if (q !== null) query = query.where(() => titleMatches(db, 'community_chats', q));
  const after = filter.after;
  if (after !== null) {
    query = query.where((eb) =>
      eb.or([eb('updated_at', '<', after.at), eb.and([eb('updated_at', '=', after.at), eb('id', '<', after.id)])]),
    );
  }
  return query.orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}
