import type { Group } from '../../common/api/admin.js';
import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import { BadRequestError, ConflictError, NotFoundError } from '../http/errors.js';
import { newId, nowIso } from '../lib/ids.js';
import { countExisting, deleteGrantsOf } from './users.repository.js';
import { deleteGroup as deleteGroupRow, findGroup, insertGroup, listGroups, membersByGroup, renameGroup, replaceMembers } from './groups.repository.js';


async function checkUsers(db: Db, userIds: readonly string[]): Promise<string[]> {
  const unique = [...new Set(userIds)];
  if ((await countExisting(db, 'users', unique)) !== unique.length) {
    throw new BadRequestError('userIds names unknown users.', [{ field: 'userIds', message: 'names unknown users' }]);
  }
  return unique;
}

async function withUniqueName<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError('A group with this name exists already.');
    throw error;
  }
}

/** Every group with its members. */
export async function listAllGroups(db: Db): Promise<Group[]> {
  const members = await membersByGroup(db);
  return (await listGroups(db)).map((g) => ({ id: g.id, name: g.name, userIds: members.get(g.id) ?? [], createdAt: g.created_at }));
}

/** A new group, for restricted links. */
export async function createGroup(db: Db, input: { name: string; userIds?: string[] | undefined }): Promise<Group> {
  return withUniqueName(() =>
    db.transaction().execute(async (trx) => {
      const userIds = await checkUsers(trx, input.userIds ?? []);
      const group = { id: newId(), name: input.name, created_at: nowIso() };
      await insertGroup(trx, group);
      await replaceMembers(trx, group.id, userIds);
      return { id: group.id, name: group.name, userIds, createdAt: group.created_at };
    }),
  );
}

/** Renames a group or replaces its members. */
export async function updateGroup(
  db: Db,
  groupId: string,
  input: { name?: string | undefined; userIds?: string[] | undefined },
): Promise<Group> {
  return withUniqueName(() =>
    db.transaction().execute(async (trx) => {
      const group = await findGroup(trx, groupId);
      if (!group) throw new NotFoundError('Group not found.');
      if (input.name !== undefined) await renameGroup(trx, group.id, input.name);
      if (input.userIds !== undefined) await replaceMembers(trx, group.id, await checkUsers(trx, input.userIds));
      const members = await membersByGroup(trx);
      return { id: group.id, name: input.name ?? group.name, userIds: members.get(group.id) ?? [], createdAt: group.created_at };
    }),
  );
}

/** Deletes a group; links that named it no longer let its members in. */
export async function deleteGroup(db: Db, groupId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    if (!(await findGroup(trx, groupId))) throw new NotFoundError('Group not found.');
    await deleteGroupRow(trx, groupId);
    await deleteGrantsOf(trx, 'group', groupId);
  });
}
