import { createHash } from 'node:crypto';
import type { Db } from '../db/database.js';
import { isAnyOf } from '../db/bulk.js';
import type { FileRow } from '../db/schema.js';
import { newId, nowIso } from '../lib/ids.js';
import { snapshotNodeIds } from './snapshots.repository.js';

const CHUNK = 500;

/** A file as a message or a snapshot node carries it: `id` is the upload's, or the snapshot's own. */
export interface Attachment {
  id: string;
  hash: string;
  name: string;
  mediaType: string;
  size: number;
}

export type StoredFile = FileRow & { media_type: string; size: number };

/** Records an upload of the user's: the blob once per hash, a file row per upload. */
export async function insertFile(db: Db, file: { userId: string; hash: string; name: string; mediaType: string; size: number }): Promise<StoredFile> {
  const createdAt = nowIso();
  await db
    .insertInto('file_blobs')
    .values({ hash: file.hash, size: file.size, media_type: file.mediaType, created_at: createdAt })
    .onConflict((oc) => oc.column('hash').doNothing())
    .execute();
  // A blob being uploaded again is no longer garbage.
  await db.deleteFrom('file_trash').where('hash', '=', file.hash).execute();
  const row = await db
    .insertInto('files')
    .values({ id: newId(), user_id: file.userId, hash: file.hash, name: file.name, created_at: createdAt })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...row, media_type: file.mediaType, size: file.size };
}

/**
 * Records bytes that no upload of a user's carries (a hub upload's images, referred to by hash from
 * its snapshot's nodes): the blob once per hash, no longer garbage if it was.
 */
export async function putBlobs(db: Db, blobs: readonly { hash: string; size: number; mediaType: string }[]): Promise<void> {
  if (blobs.length === 0) return;
  const createdAt = nowIso();
  await db
    .insertInto('file_blobs')
    .values(blobs.map((b) => ({ hash: b.hash, size: b.size, media_type: b.mediaType, created_at: createdAt })))
    .onConflict((oc) => oc.column('hash').doNothing())
    .execute();
  await db.deleteFrom('file_trash').where('hash', 'in', blobs.map((b) => b.hash)).execute();
}

/** Puts hashes in the trash: their bytes leave the disk at the next sweep unless a blob row names them. */
export async function trashBlobs(db: Db, hashes: readonly string[]): Promise<void> {
  if (hashes.length === 0) return;
  await db
    .insertInto('file_trash')
    .values(hashes.map((hash) => ({ hash })))
    .onConflict((oc) => oc.column('hash').doNothing())
    .execute();
}

/** The user's own upload, or undefined: another user's file is as good as absent. */
export function findOwnFile(db: Db, userId: string, fileId: string): Promise<StoredFile | undefined> {
  return db
    .selectFrom('files')
    .innerJoin('file_blobs', 'file_blobs.hash', 'files.hash')
    .selectAll('files')
    .select(['file_blobs.media_type', 'file_blobs.size'])
    .where('files.id', '=', fileId)
    .where('files.user_id', '=', userId)
    .executeTakeFirst();
}

/** Those of `fileIds` that are the user's uploads, in the order asked for. */
export async function ownUploads(db: Db, userId: string, fileIds: readonly string[]): Promise<Attachment[]> {
  if (fileIds.length === 0) return [];
  const rows = await db
    .selectFrom('files')
    .innerJoin('file_blobs', 'file_blobs.hash', 'files.hash')
    .select(['files.id', 'files.hash', 'files.name', 'file_blobs.media_type', 'file_blobs.size'])
    .where('files.user_id', '=', userId)
    .where('files.id', 'in', [...fileIds])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, { id: r.id, hash: r.hash, name: r.name, mediaType: r.media_type, size: r.size }]));
  return fileIds.flatMap((id) => byId.get(id) ?? []);
}

/** Whether any message carries the file. */
export async function isAttached(db: Db, fileId: string): Promise<boolean> {
  const row = await db.selectFrom('message_files').select('file_id').where('file_id', '=', fileId).executeTakeFirst();
  return row !== undefined;
}

/** Attaches the files, in order, to a message. */
export async function attachFiles(db: Db, messageId: string, fileIds: readonly string[]): Promise<void> {
  if (fileIds.length === 0) return;
  await db
    .insertInto('message_files')
    .values(fileIds.map((fileId, position) => ({ message_id: messageId, position, file_id: fileId })))
    .execute();
}

type AttachmentRow = { owner: string; id: string; hash: string; name: string; media_type: string; size: number };

function byOwner(rows: readonly AttachmentRow[], into = new Map<string, Attachment[]>()): Map<string, Attachment[]> {
  for (const row of rows) {
    const list = into.get(row.owner) ?? [];
    list.push({ id: row.id, hash: row.hash, name: row.name, mediaType: row.media_type, size: row.size });
    into.set(row.owner, list);
  }
  return into;
}

function messageFiles(db: Db) {
  return db
    .selectFrom('message_files')
    .innerJoin('files', 'files.id', 'message_files.file_id')
    .innerJoin('file_blobs', 'file_blobs.hash', 'files.hash')
    .select(['message_files.message_id as owner', 'files.id', 'files.hash', 'files.name', 'file_blobs.media_type', 'file_blobs.size'])
    .orderBy('message_files.message_id')
    .orderBy('message_files.position');
}

/** The files of snapshot nodes, in order: one statement however many nodes (rule S21's ids). */
function nodeFiles(db: Db, nodeIds: readonly string[]): Promise<AttachmentRow[]> {
  if (nodeIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('snapshot_node_files')
    .innerJoin('file_blobs', 'file_blobs.hash', 'snapshot_node_files.hash')
    .select(['snapshot_node_files.node_id as owner', 'snapshot_node_files.id', 'snapshot_node_files.hash', 'snapshot_node_files.name', 'file_blobs.media_type', 'file_blobs.size'])
    .where((eb) => isAnyOf(db, eb.ref('snapshot_node_files.node_id'), nodeIds))
    .orderBy('snapshot_node_files.node_id')
    .orderBy('snapshot_node_files.position')
    .execute();
}

/**
 * The files of each message or snapshot node among `ids`, in order: a chat's own messages carry
 * uploads, a fork's base nodes and a snapshot's nodes carry files under the snapshot's ids.
 */
export async function attachmentsOf(db: Db, ids: readonly string[]): Promise<Map<string, Attachment[]>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const own = await messageFiles(db)
    .where((eb) => isAnyOf(db, eb.ref('message_files.message_id'), unique))
    .execute();
  return byOwner(await nodeFiles(db, unique), byOwner(own));
}

function attach<T extends { id: string }>(messages: readonly T[], attachments: Map<string, Attachment[]>): (T & { attachments?: Attachment[] })[] {
  if (attachments.size === 0) return [...messages];
  return messages.map((m) => {
    const files = attachments.get(m.id);
    return files ? { ...m, attachments: files } : m;
  });
}

/**
 * A whole chat's messages, each with its files: its own messages' uploads found through the chat
 * (one statement, whatever its length), and for a fork the files of the base snapshot's nodes.
 * A chat that is not a fork has no node among its messages, so it asks nothing of node files.
 */
export async function withChatAttachments<T extends { id: string }>(
  db: Db,
  chat: { id: string; base_snapshot_id: string | null },
  messages: readonly T[],
): Promise<(T & { attachments?: Attachment[] })[]> {
  const own = await messageFiles(db).innerJoin('messages', 'messages.id', 'message_files.message_id').where('messages.chat_id', '=', chat.id).execute();
  const attachments = byOwner(own);
  if (chat.base_snapshot_id !== null) byOwner(await nodeFiles(db, messages.map((m) => m.id)), attachments);
  return attach(messages, attachments);
}

/** A snapshot's nodes, each with its files (nodes carry no uploads of their own). */
export async function withNodeAttachments<T extends { id: string }>(db: Db, nodes: readonly T[]): Promise<(T & { attachments?: Attachment[] })[]> {
  return attach(nodes, byOwner(await nodeFiles(db, nodes.map((n) => n.id))));
}

/** A snapshot node's file id: derived from the node and the file's place, never the owner's file id (rule S21). */
export function nodeFileId(nodeId: string, position: number): string {
  return createHash('sha256').update(`${nodeId}:${position}`, 'utf8').digest('base64url').slice(0, 22);
}

/** Stores the files of new snapshot nodes; nodes already stored keep theirs. */
export async function insertNodeFiles(db: Db, nodes: readonly { id: string; files: readonly { hash: string; name: string }[] }[]): Promise<void> {
  const rows = nodes.flatMap((node) =>
    node.files.map((file, position) => ({ id: nodeFileId(node.id, position), node_id: node.id, position, hash: file.hash, name: file.name })),
  );
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('snapshot_node_files')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
}

/** A file of the snapshot (its id, or a query selecting it: a fork's base) by the snapshot's file id. */
export function findSnapshotFile(db: Db, fileId: string, snapshot: Parameters<typeof snapshotNodeIds>[1]) {
  return db
    .selectFrom('snapshot_node_files')
    .innerJoin('file_blobs', 'file_blobs.hash', 'snapshot_node_files.hash')
    .select(['snapshot_node_files.id', 'snapshot_node_files.node_id', 'snapshot_node_files.hash', 'snapshot_node_files.name', 'file_blobs.media_type', 'file_blobs.size'])
    .where('snapshot_node_files.id', '=', fileId)
    .where('snapshot_node_files.node_id', 'in', snapshotNodeIds(db, snapshot))
    .executeTakeFirst();
}

/** A file carried by one of the chat's own messages, by its upload id. */
export function findChatMessageFile(db: Db, chatId: string, fileId: string) {
  return db
    .selectFrom('message_files')
    .innerJoin('messages', 'messages.id', 'message_files.message_id')
    .innerJoin('files', 'files.id', 'message_files.file_id')
    .innerJoin('file_blobs', 'file_blobs.hash', 'files.hash')
    .select(['files.id', 'files.hash', 'files.name', 'file_blobs.media_type', 'file_blobs.size'])
    .where('messages.chat_id', '=', chatId)
    .where('files.id', '=', fileId)
    .executeTakeFirst();
}

/** Hashes waiting for their bytes to leave the disk. */
export async function listTrash(db: Db, limit: number): Promise<string[]> {
  const rows = await db.selectFrom('file_trash').select('hash').limit(limit).execute();
  return rows.map((r) => r.hash);
}

/** Whether a blob row (still, or again) names the hash. */
export async function blobExists(db: Db, hash: string): Promise<boolean> {
  return (await db.selectFrom('file_blobs').select('hash').where('hash', '=', hash).executeTakeFirst()) !== undefined;
}

export async function clearTrash(db: Db, hashes: readonly string[]): Promise<void> {
  if (hashes.length > 0) await db.deleteFrom('file_trash').where('hash', 'in', [...hashes]).execute();
}

/** Deletes the user's upload that no message carries. */
export async function deleteFileRow(db: Db, fileId: string): Promise<void> {
  await db.deleteFrom('files').where('id', '=', fileId).execute();
}

/** The messages (or nodes), each with its files when it has any. */
export async function withAttachments<T extends { id: string }>(db: Db, messages: readonly T[]): Promise<(T & { attachments?: Attachment[] })[]> {
  return attach(messages, await attachmentsOf(db, messages.map((m) => m.id)));
}
