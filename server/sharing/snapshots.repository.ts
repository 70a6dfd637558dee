import { deleteOrphanBodies } from '../chats/bodies.repository.js';
import type { Db } from '../db/database.js';
import type { SnapshotNodeRow, SnapshotRow } from '../db/schema.js';
import { newId, nowIso } from '../lib/ids.js';
import type { Snapshot } from './snapshot.js';

const CHUNK = 500;

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

export function listSnapshotNodes(db: Db, snapshotId: string): Promise<(SnapshotNodeRow & { content: string })[]> {
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
export function findSnapshotNode(db: Db, snapshotId: string, nodeId: string): Promise<(SnapshotNodeRow & { content: string }) | undefined> {
  return db
    .selectFrom('snapshot_nodes')
    .innerJoin('message_bodies', 'message_bodies.hash', 'snapshot_nodes.body_hash')
    .selectAll('snapshot_nodes')
    .select('message_bodies.content')
    .where('snapshot_nodes.snapshot_id', '=', snapshotId)
    .where('snapshot_nodes.id', '=', nodeId)
    .executeTakeFirst();
}

/**
 * Deletes those of the snapshots that no link shows, no fork builds on and no hub publishes any more, with the
 * text nothing else refers to. Call it after removing a reference, in the same transaction.
 */
export async function releaseSnapshots(db: Db, snapshotIds: readonly (string | null)[]): Promise<void> {
  const ids = [...new Set(snapshotIds.filter((id): id is string => id !== null))];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const unused = await db
      .selectFrom('snapshots')
      .select('snapshots.id')
      .where('snapshots.id', 'in', ids.slice(i, i + CHUNK))
      .where((eb) => eb.not(eb.exists(eb.selectFrom('shares').select('shares.id').whereRef('shares.snapshot_id', '=', 'snapshots.id'))))
      .where((eb) =>
        eb.not(eb.exists(eb.selectFrom('chats').select('chats.id').whereRef('chats.base_snapshot_id', '=', 'snapshots.id'))),
      )
      .where((eb) =>
        eb.not(
          eb.exists(eb.selectFrom('community_chats').select('community_chats.id').whereRef('community_chats.snapshot_id', '=', 'snapshots.id')),
        ),
      )
      .execute();
    if (unused.length === 0) continue;
    const unusedIds = unused.map((s) => s.id);
    const bodies = await db.selectFrom('snapshot_nodes').select('body_hash').distinct().where('snapshot_id', 'in', unusedIds).execute();
    await db.deleteFrom('snapshots').where('id', 'in', unusedIds).execute();
    await deleteOrphanBodies(db, bodies.map((b) => b.body_hash));
  }
}
