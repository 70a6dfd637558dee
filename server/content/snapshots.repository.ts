import type { Db } from '../db/database.js';
import type { SnapshotNodeRow, SnapshotRow } from '../db/schema.js';
import { newId, nowIso } from '../lib/ids.js';
import type { Snapshot } from './snapshot.js';

const CHUNK = 500;

export type SnapshotNodeWithContent = SnapshotNodeRow & { content: string };

/** Stores a frozen snapshot; returns its id. */
export async function insertSnapshot(db: Db, snapshot: Snapshot): Promise<string> {
  const id = newId();
  await db.insertInto('snapshots').values({ id, current_node_id: snapshot.currentNodeId, created_at: nowIso() }).execute();
  const rows = snapshot.nodes.map((n) => ({
    snapshot_id: id,
    id: n.id,
    parent_id: n.parentId,
    seq: n.seq,
    role: n.role,
    body_hash: n.bodyHash,
    model: n.model,
    created_at: n.createdAt,
  }));
  for (let i = 0; i < rows.length; i += CHUNK) await db.insertInto('snapshot_nodes').values(rows.slice(i, i + CHUNK)).execute();
  return id;
}

export function findSnapshot(db: Db, id: string): Promise<SnapshotRow | undefined> {
  return db.selectFrom('snapshots').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listSnapshotNodes(db: Db, snapshotId: string): Promise<SnapshotNodeWithContent[]> {
  return db
    .selectFrom('snapshot_nodes')
    .innerJoin('message_bodies', 'message_bodies.hash', 'snapshot_nodes.body_hash')
    .selectAll('snapshot_nodes')
    .select('message_bodies.content')
    .where('snapshot_nodes.snapshot_id', '=', snapshotId)
    .orderBy('snapshot_nodes.seq')
    .execute();
}

/** One node of a snapshot with its text. */
export function findSnapshotNode(db: Db, snapshotId: string, nodeId: string): Promise<SnapshotNodeWithContent | undefined> {
  return db
    .selectFrom('snapshot_nodes')
    .innerJoin('message_bodies', 'message_bodies.hash', 'snapshot_nodes.body_hash')
    .selectAll('snapshot_nodes')
    .select('message_bodies.content')
    .where('snapshot_nodes.snapshot_id', '=', snapshotId)
    .where('snapshot_nodes.id', '=', nodeId)
    .executeTakeFirst();
}

/** A snapshot's nodes with their text, and the node it shows; empty for none. */
export async function readSnapshot(db: Db, snapshotId: string | null): Promise<{ nodes: SnapshotNodeWithContent[]; currentNodeId: string | null }> {
  const snapshot = snapshotId === null ? undefined : await findSnapshot(db, snapshotId);
  return {
    nodes: snapshot ? await listSnapshotNodes(db, snapshot.id) : [],
    currentNodeId: snapshot?.current_node_id ?? null,
  };
}
