import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { isAnyOf } from '../db/bulk.js';
import { isPostgres, type Db } from '../db/database.js';
import { deleteNodes, lockContent, unheldNodes } from './snapshots.repository.js';

/**
 * What keeps stored content alive, in one place (docs/architecture.md, Storage). A message body
 * lives while a row of BODY_REFERENCES names it, a snapshot while a row of SNAPSHOT_REFERENCES
 * does. A table that starts to refer to bodies or snapshots is added here and nowhere else.
 */
export const BODY_REFERENCES = [
  { table: 'messages', column: 'body_hash' },
  { table: 'snapshot_nodes', column: 'body_hash' },
] as const;

export const SNAPSHOT_REFERENCES = [
  // The snapshot a link shows.
  { table: 'shares', column: 'snapshot_id' },
  // The snapshot a fork builds on.
  { table: 'chats', column: 'base_snapshot_id' },
  // The snapshot a hub upload publishes.
  { table: 'community_chats', column: 'snapshot_id' },
] as const;

/*
 * A snapshot's nodes are held by its leaves (`snapshot_leaves`) and, through `parent_id`, by the
 * nodes below them: a node lives while it leads to the leaf of some snapshot. A fork's own
 * messages answer nodes of its base snapshot, which the fork's SNAPSHOT_REFERENCES row keeps.
 */

/** An upload lives while a message carries it (its uploader's account holds it too: deleting the user removes it). */
export const FILE_REFERENCES = [{ table: 'message_files', column: 'file_id' }] as const;

/** A file's bytes live while an upload or a snapshot node's file names their hash (rule S21). */
export const BLOB_REFERENCES = [
  { table: 'files', column: 'hash' },
  { table: 'snapshot_node_files', column: 'hash' },
] as const;

type Reference = (typeof BODY_REFERENCES | typeof SNAPSHOT_REFERENCES | typeof FILE_REFERENCES | typeof BLOB_REFERENCES)[number];

/** `key` is named by no row of any of the references. */
function unreferenced(references: readonly Reference[], key: Expression<string>): RawBuilder<SqlBool> {
  return sql<SqlBool>`${sql.join(
    references.map(
      (ref) => sql`not exists (select 1 from ${sql.table(ref.table)} r where r.${sql.ref(ref.column)} = ${key})`,
    ),
    sql` and `,
  )}`;
}

/** Content that lost a reference: candidates for collection. */
export interface Released {
  bodies?: readonly string[];
  snapshots?: readonly (string | null)[];
  /** Upload ids. */
  files?: readonly string[];
  /** File hashes. */
  blobs?: readonly string[];
}

const CHUNK = 500;

/**
 * Deletes those of the released snapshots and bodies that nothing refers to any more: first the
 * snapshots, with the nodes no other snapshot holds (a node is held by the snapshots whose leaves
 * it leads to), then the bodies, those nodes' included. Call it in the transaction that removed
 * the references.
 */
export async function collectContent(db: Db, released: Released): Promise<void> {
  const snapshots = [...new Set((released.snapshots ?? []).filter((id): id is string => id !== null))];
  const bodies = new Set(released.bodies ?? []);
  const blobs = new Set(released.blobs ?? []);
  for (let i = 0; i < snapshots.length; i += CHUNK) {
    const unused = await db
      .selectFrom('snapshots')
      .select('snapshots.id')
      .where('snapshots.id', 'in', snapshots.slice(i, i + CHUNK))
      .where(() => unreferenced(SNAPSHOT_REFERENCES, sql.ref('snapshots.id')))
      .execute();
    if (unused.length === 0) continue;
    const ids = unused.map((s) => s.id);
    const leaves = await db.selectFrom('snapshot_leaves').select('node_id').distinct().where('snapshot_id', 'in', ids).execute();
    await db.deleteFrom('snapshots').where('id', 'in', ids).execute();
    // Nodes are shared between snapshots: only those no remaining snapshot holds go. Under the
    // content lock, no snapshot being stored meanwhile can count on a node deleted here.
    await lockContent(db);
    let frontier = leaves.map((l) => l.node_id);
    while (frontier.length > 0) {
      const unheld = await unheldNodes(db, frontier);
      for (const hash of await deleteNodes(db, unheld.map((n) => n.id))) blobs.add(hash);
      for (const node of unheld) bodies.add(node.body_hash);
      // Where the walk stopped: a parent that may have lost its last child only now.
      const gone = new Set(unheld.map((n) => n.id));
      frontier = [...new Set(unheld.flatMap((n) => (n.parent_id === null || gone.has(n.parent_id) ? [] : [n.parent_id])))];
    }
  }
  if (bodies.size > 0) {
    await db
      .deleteFrom('message_bodies')
      .where((eb) => isAnyOf(db, eb.ref('message_bodies.hash'), [...bodies]))
      .where(() => unreferenced(BODY_REFERENCES, sql.ref('message_bodies.hash')))
      .execute();
  }
  const files = [...new Set(released.files ?? [])];
  for (let i = 0; i < files.length; i += CHUNK) {
    const unused = await db
      .selectFrom('files')
      .select(['files.id', 'files.hash'])
      .where('files.id', 'in', files.slice(i, i + CHUNK))
      .where(() => unreferenced(FILE_REFERENCES, sql.ref('files.id')))
      .execute();
    if (unused.length === 0) continue;
    await db.deleteFrom('files').where('id', 'in', unused.map((f) => f.id)).execute();
    for (const file of unused) blobs.add(file.hash);
  }
  await collectBlobs(db, [...blobs]);
}

/**
 * Deletes the blob rows nothing names any more and puts their hashes in the trash, whose bytes
 * leave the disk after this transaction commits (sweepFileTrash): a rolled-back delete keeps them.
 */
async function collectBlobs(db: Db, hashes: readonly string[]): Promise<void> {
  for (let i = 0; i < hashes.length; i += CHUNK) {
    const unused = await db
      .selectFrom('file_blobs')
      .select('file_blobs.hash')
      .where('file_blobs.hash', 'in', hashes.slice(i, i + CHUNK))
      .where(() => unreferenced(BLOB_REFERENCES, sql.ref('file_blobs.hash')))
      .execute();
    if (unused.length === 0) continue;
    const gone = unused.map((b) => b.hash);
    await db.deleteFrom('file_blobs').where('hash', 'in', gone).execute();
    await db
      .insertInto('file_trash')
      .values(gone.map((hash) => ({ hash })))
      .onConflict((oc) => oc.column('hash').doNothing())
      .execute();
  }
}

/** The rows that own references: deleting one drops every reference it holds, and those of the rows that cascade with it. */
export type ContentOwner = 'users' | 'chats' | 'shares' | 'communityChats';

/** The content `ids` of `owner` refer to, themselves or through the rows that are deleted with them. */
export async function referencesHeldBy(db: Db, owner: ContentOwner, ids: readonly string[]): Promise<Required<Released>> {
  const list = [...ids];
  switch (owner) {
    case 'shares': {
      const rows = await db.selectFrom('shares').select('snapshot_id').where('id', 'in', list).execute();
      return { bodies: [], snapshots: rows.map((r) => r.snapshot_id), files: [], blobs: [] };
    }
    case 'communityChats': {
      const rows = await db.selectFrom('community_chats').select('snapshot_id').where('id', 'in', list).execute();
      return { bodies: [], snapshots: rows.map((r) => r.snapshot_id), files: [], blobs: [] };
    }
    case 'chats': {
      const bodies = await db.selectFrom('messages').select('body_hash').distinct().where('chat_id', 'in', list).execute();
      const snapshots = await db
        .selectFrom('chats')
        .select('chats.base_snapshot_id as id')
        .where('chats.id', 'in', list)
        .union(db.selectFrom('shares').select('shares.snapshot_id as id').where('shares.chat_id', 'in', list))
        .execute();
      const files = await db
        .selectFrom('message_files')
        .innerJoin('messages', 'messages.id', 'message_files.message_id')
        .select('message_files.file_id')
        .distinct()
        .where('messages.chat_id', 'in', list)
        .execute();
      return { bodies: bodies.map((r) => r.body_hash), snapshots: snapshots.map((r) => r.id), files: files.map((r) => r.file_id), blobs: [] };
    }
    case 'users': {
      const bodies = await db
        .selectFrom('messages')
        .innerJoin('chats', 'chats.id', 'messages.chat_id')
        .select('messages.body_hash')
        .distinct()
        .where('chats.user_id', 'in', list)
        .execute();
      // A user's links are links of their own chats; their hub uploads are theirs too.
      const snapshots = await db
        .selectFrom('chats')
        .select('chats.base_snapshot_id as id')
        .where('chats.user_id', 'in', list)
        .union(db.selectFrom('shares').select('shares.snapshot_id as id').where('shares.user_id', 'in', list))
        .union(db.selectFrom('community_chats').select('community_chats.snapshot_id as id').where('community_chats.user_id', 'in', list))
        .execute();
      // Their uploads go with the account (foreign key); the bytes only they named go too.
      const blobs = await db.selectFrom('files').select('hash').distinct().where('user_id', 'in', list).execute();
      return { bodies: bodies.map((r) => r.body_hash), snapshots: snapshots.map((r) => r.id), files: [], blobs: blobs.map((r) => r.hash) };
    }
  }
}

/**
 * Locks the rows about to be deleted, and the chats whose link they are or hold, until the
 * transaction ends (PostgreSQL; SQLite writes one transaction at a time). Re-sharing locks the
 * chat first too, so the references read after this are the last ones: no snapshot written by a
 * concurrent re-share is left behind by the delete. In order of id, to keep clear of deadlocks.
 */
async function lockOwners(db: Db, owner: ContentOwner, ids: readonly string[]): Promise<void> {
  if (!isPostgres(db) || ids.length === 0) return;
  const list = [...ids];
  switch (owner) {
    case 'shares':
      await db
        .selectFrom('chats')
        .select('id')
        .where('id', 'in', db.selectFrom('shares').select('chat_id').where('id', 'in', list))
        .orderBy('id')
        .forUpdate()
        .execute();
      await db.selectFrom('shares').select('id').where('id', 'in', list).orderBy('id').forUpdate().execute();
      return;
    case 'chats':
      await db.selectFrom('chats').select('id').where('id', 'in', list).orderBy('id').forUpdate().execute();
      return;
    case 'users':
      await db.selectFrom('chats').select('id').where('user_id', 'in', list).orderBy('id').forUpdate().execute();
      await db.selectFrom('users').select('id').where('id', 'in', list).orderBy('id').forUpdate().execute();
      return;
    case 'communityChats':
      await db.selectFrom('community_chats').select('id').where('id', 'in', list).orderBy('id').forUpdate().execute();
      return;
  }
}

const OWNER_TABLES = { users: 'users', chats: 'chats', shares: 'shares', communityChats: 'community_chats' } as const;

/**
 * Deletes the rows and, in the same transaction, the content only they referred to: the one way
 * chats, users, links, forks and hub uploads are deleted. Foreign keys cascade the rest
 * (a chat's messages and link, a user's chats, sessions and keys).
 */
export async function deleteWithContent(db: Db, owner: ContentOwner, ids: readonly string[]): Promise<void> {
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += CHUNK) {
    const chunk = unique.slice(i, i + CHUNK);
    await lockOwners(db, owner, chunk);
    const held = await referencesHeldBy(db, owner, chunk);
    await db.deleteFrom(OWNER_TABLES[owner]).where('id', 'in', chunk).execute();
    await collectContent(db, held);
  }
}
