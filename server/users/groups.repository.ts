import type { Db } from '../db/database.js';
import type { GroupRow } from '../db/schema.js';

export function listGroups(db: Db): Promise<GroupRow[]> {
  return db.selectFrom('groups').selectAll().orderBy('name').execute();
}

export function findGroup(db: Db, id: string): Promise<GroupRow | undefined> {
  return db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertGroup(db: Db, group: GroupRow): Promise<void> {
  await db.insertInto('groups').values(group).execute();
}

export async function renameGroup(db: Db, id: string, name: string): Promise<void> {
  await db.updateTable('groups').set({ name }).where('id', '=', id).execute();
}

export async function deleteGroup(db: Db, id: string): Promise<void> {
  await db.deleteFrom('groups').where('id', '=', id).execute();
}

export async function replaceMembers(db: Db, groupId: string, userIds: readonly string[]): Promise<void> {
  await db.deleteFrom('group_members').where('group_id', '=', groupId).execute();
  if (userIds.length > 0) {
    await db.insertInto('group_members').values(userIds.map((userId) => ({ group_id: groupId, user_id: userId }))).execute();
  }
}

export async function membersByGroup(db: Db): Promise<Map<string, string[]>> {
  const rows = await db.selectFrom('group_members').selectAll().execute();
  const members = new Map<string, string[]>();
  for (const row of rows) members.set(row.group_id, [...(members.get(row.group_id) ?? []), row.user_id]);
  return members;
}
