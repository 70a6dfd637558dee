import type { Db } from '../db/database.js';
import { hotQuery, readValuesBatched, type BatchedHotQuery } from '../db/hot-query.js';
import type { ApiKeyRow, Role, UserRow } from '../db/schema.js';

export async function insertSession(
  db: Db,
  session: { tokenHash: string; userId: string; createdAt: string; expiresAt: string },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({
      token_hash: session.tokenHash,
      user_id: session.userId,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
    })
    .execute();
}

const USER_COLUMNS = 'u.id, u.email, u.name, u.role, u.password_hash, u.created_at';

/** Read on every signed-in request: prepared once, never rebuilt (server/db/hot-query.ts). */
const SESSION_USER = hotQuery(
  'parley_session_user_v1',
  `SELECT ${USER_COLUMNS} FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?`,
);

/** The same for the sessions asked in one turn (PostgreSQL): a row per session, its columns null when it is not live. */
const SESSION_USERS: BatchedHotQuery = {
  name: 'parley_session_users_v2',
  asked: ['token_hash', 'now'],
  postgres: (asked) => `SELECT ${USER_COLUMNS} FROM ${asked}
   LEFT JOIN sessions s ON s.token_hash = p.token_hash AND s.expires_at > p.now
   LEFT JOIN users u ON u.id = s.user_id
   ORDER BY p.n`,
  // Asked in the same turn, `now` differs by less than the turn: the first one's is used.
  key: ([tokenHash]) => String(tokenHash),
};

/** The user behind a live session, in one indexed lookup. */
export function findUserBySessionHash(db: Db, tokenHash: string, now: string): Promise<UserRow | undefined> {
  return readValuesBatched(db, SESSION_USERS, SESSION_USER, [tokenHash, now]).then((row) => {
    const [id, email, name, role, passwordHash, createdAt] = row ?? [];
    if (typeof id !== 'string') return undefined;
    return { id, email: String(email), name: String(name), role: role as Role, password_hash: String(passwordHash), created_at: String(createdAt) };
  });
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteExpiredSessions(db: Db, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}

export async function insertApiKey(db: Db, key: ApiKeyRow): Promise<void> {
  await db.insertInto('api_keys').values(key).execute();
}

/** A live (unexpired) API key and its user, in one indexed lookup. */
export async function findApiKeyByHash(
  db: Db,
  keyHash: string,
  now: string,
): Promise<{ user: UserRow; key: Pick<ApiKeyRow, 'id' | 'last_used_at' | 'can_manage_keys'> } | undefined> {
  const row = await db
    .selectFrom('api_keys')
    .innerJoin('users', 'users.id', 'api_keys.user_id')
    .selectAll('users')
    .select(['api_keys.id as key_id', 'api_keys.last_used_at as key_last_used_at', 'api_keys.can_manage_keys as key_can_manage_keys'])
    .where('api_keys.key_hash', '=', keyHash)
    .where((eb) => eb.or([eb('api_keys.expires_at', 'is', null), eb('api_keys.expires_at', '>', now)]))
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const { key_id, key_last_used_at, key_can_manage_keys, ...user } = row;
  return { user, key: { id: key_id, last_used_at: key_last_used_at, can_manage_keys: key_can_manage_keys } };
}

/** Records a use of the key unless one was recorded since `staleBefore` (another instance may have). */
export async function touchApiKey(db: Db, id: string, now: string, staleBefore: string): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', staleBefore)]))
    .execute();
}

export function listApiKeys(db: Db, userId: string): Promise<ApiKeyRow[]> {
  return db.selectFrom('api_keys').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
}

export async function deleteApiKey(db: Db, userId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('api_keys').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
