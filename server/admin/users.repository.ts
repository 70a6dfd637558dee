import type { Db } from '../db/database.js';
import { containsText } from '../db/like.js';
import type { UserRow } from '../db/schema.js';

export function listUsers(db: Db, filter: { q: string | null; limit: number; after: { at: string; id: string } | null }): Promise<UserRow[]> {
  let query = db.selectFrom('users').selectAll();
  const q = filter.q;
  if (q !== null) query = query.where((eb) => eb.or([containsText(eb.ref('name'), q), containsText(eb.ref('email'), q)]));
  const after = filter.after;
  if (after !== null) {
    query = query.where((eb) =>
      eb.or([eb('created_at', '>', after.at), eb.and([eb('created_at', '=', after.at), eb('id', '>', after.id)])]),
    );
  }
  return query.orderBy('created_at').orderBy('id').limit(filter.limit).execute();
}

export async function countAdmins(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', 'admin')
    .executeTakeFirstOrThrow();
  return row.n;
}

/**
 * Deletes the user; chats, messages, links, hub uploads, sessions and keys cascade. Returns the bodies their
 * messages referred to and the snapshots their chats and links used, for the caller to release.
 */
export async function deleteUser(db: Db, userId: string): Promise<{ bodies: string[]; snapshots: (string | null)[] }> {
  const bodies = await db
    .selectFrom('messages')
    .innerJoin('chats', 'chats.id', 'messages.chat_id')
    .select('messages.body_hash')
    .distinct()
    .where('chats.user_id', '=', userId)
    .execute();
  const snapshots = await db
    .selectFrom('shares')
    .select('shares.snapshot_id as id')
    .where('shares.user_id', '=', userId)
    .union(db.selectFrom('chats').select('chats.base_snapshot_id as id').where('chats.user_id', '=', userId))
    .union(db.selectFrom('community_chats').select('community_chats.snapshot_id as id').where('community_chats.user_id', '=', userId))
    .execute();
  await db.deleteFrom('share_grants').where('kind', '=', 'user').where('principal_id', '=', userId).execute();
  await db.deleteFrom('users').where('id', '=', userId).execute();
  return { bodies: bodies.map((r) => r.body_hash), snapshots: snapshots.map((r) => r.id) };
}
