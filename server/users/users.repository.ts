import type { Db } from '../db/database.js';
import { containsText } from '../db/like.js';
import type { NewUserRow, UserRow, UserUpdate } from '../db/schema.js';

export function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function insertUser(db: Db, user: NewUserRow): Promise<UserRow> {
  return db.insertInto('users').values(user).returningAll().executeTakeFirstOrThrow();
}

export async function updateUser(db: Db, id: string, update: UserUpdate): Promise<UserRow | undefined> {
  return db.updateTable('users').set(update).where('id', '=', id).returningAll().executeTakeFirst();
}

export async function anyUserExists(db: Db): Promise<boolean> {
  return (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;
}

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

/** How many of `ids` name existing users or groups. */
export async function countExisting(db: Db, table: 'users' | 'groups', ids: readonly string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('id', 'in', [...ids])
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Forgets a user or a group wherever a restricted link names it (grants have no foreign key: they name either). */
export async function deleteGrantsOf(db: Db, kind: 'user' | 'group', principalId: string): Promise<void> {
  await db.deleteFrom('share_grants').where('kind', '=', kind).where('principal_id', '=', principalId).execute();
}
