import { deleteWithContent } from '../content/references.js';
import type { Db } from '../db/database.js';
import { retryOnRace } from '../db/errors.js';
import type { Role, UserRow } from '../db/schema.js';
import { ConflictError, NotFoundError } from '../http/errors.js';
import { decodeCursor, toPage } from '../http/pagination.js';
import { countAdmins, deleteGrantsOf, findUserById, listUsers, updateUser } from './users.repository.js';

/** The Admin Panel's work on users; the routes let only admins in. */

async function targetUser(db: Db, userId: string): Promise<UserRow> {
  const user = await findUserById(db, userId);
  if (!user) throw new NotFoundError('User not found.');
  return user;
}

/** Every user, oldest first, searchable by name or email. */
export async function listAllUsers(db: Db, query: { q?: string | undefined; limit: number; cursor?: string | undefined }) {
  const rows = await listUsers(db, { q: query.q ? query.q : null, limit: query.limit + 1, after: decodeCursor(query.cursor) });
  return toPage(rows, query.limit, (u) => ({ at: u.created_at, id: u.id }));
}

/** Changes a user's role or name; the last admin cannot be demoted. */
export async function updateUserAsAdmin(
  db: Db,
  userId: string,
  patch: { role?: Role | undefined; name?: string | undefined },
): Promise<UserRow> {
  return db.transaction().execute(async (trx) => {
    const user = await targetUser(trx, userId);
    if (user.role === 'admin' && patch.role !== undefined && patch.role !== 'admin' && (await countAdmins(trx)) <= 1) {
      throw new ConflictError('This is the last admin; make someone else admin first.');
    }
    const update = {
      ...(patch.role !== undefined && { role: patch.role }),
      ...(patch.name !== undefined && { name: patch.name }),
    };
    // An empty PATCH changes nothing and answers the user as they are (an empty SET is no SQL).
    if (Object.keys(update).length === 0) return user;
    const updated = await updateUser(trx, user.id, update);
    if (!updated) throw new NotFoundError('User not found.');
    return updated;
  });
}

/** Deletes a user with their chats, links and hub uploads, and the text nothing else refers to (rule S13). */
export async function deleteUserAsAdmin(db: Db, userId: string): Promise<void> {
  await retryOnRace(() =>
    db.transaction().execute(async (trx) => {
      const user = await targetUser(trx, userId);
      if (user.role === 'admin' && (await countAdmins(trx)) <= 1) {
        throw new ConflictError('This is the last admin; make someone else admin first.');
      }
      await deleteGrantsOf(trx, 'user', user.id);
      await deleteWithContent(trx, 'users', [user.id]);
    }),
  );
}
