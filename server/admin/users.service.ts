import { deleteOrphanBodies } from '../chats/bodies.repository.js';
import type { Db } from '../db/database.js';
import { retryOnForeignKeyRace } from '../db/errors.js';
import { releaseSnapshots } from '../sharing/snapshots.repository.js';
import type { Role, UserRow } from '../db/schema.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../http/errors.js';
import { decodeCursor, toPage } from '../http/pagination.js';
import { findUserById, updateUser } from '../users/users.repository.js';
import { countAdmins, deleteUser as deleteUserRow, listUsers } from './users.repository.js';

function requireAdmin(actor: UserRow): void {
  if (actor.role !== 'admin') throw new ForbiddenError('Only admins can manage users.');
}

async function targetUser(db: Db, userId: string): Promise<UserRow> {
  const user = await findUserById(db, userId);
  if (!user) throw new NotFoundError('User not found.');
  return user;
}

/** Admin only: every user, oldest first, searchable by name or email. */
export async function listAllUsers(db: Db, actor: UserRow, query: { q?: string | undefined; limit: number; cursor?: string | undefined }) {
  requireAdmin(actor);
  const rows = await listUsers(db, { q: query.q ? query.q : null, limit: query.limit + 1, after: decodeCursor(query.cursor) });
  return toPage(rows, query.limit, (u) => ({ at: u.created_at, id: u.id }));
}

/** Admin only: changes a user's role or name; the last admin cannot be demoted. */
export async function updateUserAsAdmin(
  db: Db,
  actor: UserRow,
  userId: string,
  patch: { role?: Role | undefined; name?: string | undefined },
): Promise<UserRow> {
  requireAdmin(actor);
  return db.transaction().execute(async (trx) => {
    const user = await targetUser(trx, userId);
    if (user.role === 'admin' && patch.role !== undefined && patch.role !== 'admin' && (await countAdmins(trx)) <= 1) {
      throw new ConflictError('This is the last admin; make someone else admin first.');
    }
    const updated = await updateUser(trx, user.id, {
      ...(patch.role !== undefined && { role: patch.role }),
      ...(patch.name !== undefined && { name: patch.name }),
    });
    if (!updated) throw new NotFoundError('User not found.');
    return updated;
  });
}

/** Admin only: deletes a user with their chats and links, and the text nothing else refers to (S13). */
export async function deleteUserAsAdmin(db: Db, actor: UserRow, userId: string): Promise<void> {
  requireAdmin(actor);
  await retryOnForeignKeyRace(() =>
    db.transaction().execute(async (trx) => {
      const user = await targetUser(trx, userId);
      if (user.role === 'admin' && (await countAdmins(trx)) <= 1) {
        throw new ConflictError('This is the last admin; make someone else admin first.');
      }
      const { bodies, snapshots } = await deleteUserRow(trx, user.id);
      await deleteOrphanBodies(trx, bodies);
      await releaseSnapshots(trx, snapshots);
    }),
  );
}
