import { sql, type SelectQueryBuilder } from 'kysely';
import { isPostgres, type Db } from '../db/database.js';
import { insertRows, isAnyOf } from '../db/bulk.js';
import type { Database, SnapshotNodeRow, SnapshotRow } from '../db/schema.js';
import { newId, nowIso } from '../lib/ids.js';
import { insertNodeFiles } from './files.repository.js';
import type { Snapshot } from './snapshot.js';

export type SnapshotNodeWithContent = SnapshotNodeRow & { content: string };

/** The leaves of a set of nodes: those no other node of the set answers. */
function leavesOf(snapshot: Snapshot): string[] {
  const parents = new Set(snapshot.nodes.map((n) => n.parentId));
  return snapshot.nodes.filter((n) => !parents.has(n.id)).map((n) => n.id);
}

/** The key of the transaction-level advisory lock that keeps storing and collecting nodes apart. */
const CONTENT_LOCK = 7_110_011;

/**
 * Takes the content lock until the transaction ends (PostgreSQL; SQLite writes one transaction at
 * a time). Nodes are shared and have no reference count: a snapshot being stored may build on a
 * node that a collection is deleting as unheld. Both take this lock, so the collection sees the
 * new snapshot's leaves, or the new snapshot stores the node again.
 */
export async function lockContent(db: Db): Promise<void> {
  if (isPostgres(db)) await sql`select pg_advisory_xact_lock(${CONTENT_LOCK})`.execute(db);
}

const NODE_COLUMNS = [
  { name: 'id', type: 'varchar' },
  { name: 'parent_id', type: 'varchar' },
  { name: 'seq', type: 'integer' },
  { name: 'role', type: 'varchar' },
  { name: 'body_hash', type: 'varchar' },
  { name: 'model', type: 'varchar' },
  { name: 'status', type: 'varchar' },
  { name: 'created_at', type: 'varchar' },
] as const;

/** Leaves per INSERT: 2 columns × 5,000 stays well under either dialect's limit on bound parameters. */
const LEAF_ROWS = 5000;

/** Those of `ids` that are stored nodes. */
async function storedNodeIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('snapshot_nodes')
    .select('snapshot_nodes.id')
    .where((eb) => isAnyOf(db, eb.ref('snapshot_nodes.id'), ids))
    .execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * Stores a frozen snapshot: only the nodes not stored already, then its leaves. Returns its id.
 * Nodes are named by their content, so a stored node is this very node, files included: updating a
 * link after two new messages writes two nodes, not the whole chat again. Under the content lock no
 * collection deletes a node between the look-up and the insert.
 */
export async function insertSnapshot(db: Db, snapshot: Snapshot): Promise<string> {
  await lockContent(db);
  const id = newId();
  const stored = await storedNodeIds(db, snapshot.nodes.map((n) => n.id));
  const fresh = snapshot.nodes.filter((n) => !stored.has(n.id));
  const rows = fresh.map((n) => ({
    id: n.id,
    parent_id: n.parentId,
    seq: n.seq,
    role: n.role,
    body_hash: n.bodyHash,
    model: n.model,
    status: n.status,
    created_at: n.createdAt,
  }));
  await insertRows(db, 'snapshot_nodes', NODE_COLUMNS, rows, 'id');
  await insertNodeFiles(db, fresh);
  await db.insertInto('snapshots').values({ id, current_node_id: snapshot.currentNodeId, created_at: nowIso() }).execute();
  const leaves = leavesOf(snapshot).map((nodeId) => ({ snapshot_id: id, node_id: nodeId }));
  for (let i = 0; i < leaves.length; i += LEAF_ROWS) await db.insertInto('snapshot_leaves').values(leaves.slice(i, i + LEAF_ROWS)).execute();
  return id;
}

export function findSnapshot(db: Db, id: string): Promise<SnapshotRow | undefined> {
  return db.selectFrom('snapshots').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The ids of a snapshot's nodes (its leaves and every node above them), as a subquery.
 * `snapshot` is the snapshot's id, or a query that selects it (a fork's base, say).
 */
export function snapshotNodeIds(db: Db, snapshot: string | SelectQueryBuilder<Database, keyof Database, { id: string | null }>) {
  return db
    .withRecursive('snapshot_path(id)', (qc) =>
      qc
        .selectFrom('snapshot_leaves')
        .select('snapshot_leaves.node_id as id')
        .where('snapshot_leaves.snapshot_id', '=', snapshot)
        .union(
          qc
            .selectFrom('snapshot_nodes')
            .innerJoin('snapshot_path', 'snapshot_path.id', 'snapshot_nodes.id')
            .select('snapshot_nodes.parent_id as id')
            .where('snapshot_nodes.parent_id', 'is not', null)
            .$narrowType<{ id: string }>(),
        ),
    )
    .selectFrom('snapshot_path')
    .select('snapshot_path.id');
}

/** Whether `nodeId` is on the thread that ends at `leafId`: the leaf itself or one of its ancestors. */
export async function isOnThread(db: Db, leafId: string, nodeId: string): Promise<boolean> {
  const row = await db
    .withRecursive('thread_path(id)', (qc) =>
      qc
        .selectFrom('snapshot_nodes')
        .select('snapshot_nodes.id')
        .where('snapshot_nodes.id', '=', leafId)
        .union(
          qc
            .selectFrom('snapshot_nodes')
            .innerJoin('thread_path', 'thread_path.id', 'snapshot_nodes.id')
            .select('snapshot_nodes.parent_id as id')
            .where('snapshot_nodes.parent_id', 'is not', null)
            .$narrowType<{ id: string }>(),
        ),
    )
    .selectFrom('thread_path')
    .select('thread_path.id')
    .where('thread_path.id', '=', nodeId)
    .executeTakeFirst();
  return row !== undefined;
}

/** A snapshot's nodes with their text, in order of creation. */
export function listSnapshotNodes(db: Db, snapshotId: string): Promise<SnapshotNodeWithContent[]> {
  return db
    .selectFrom('snapshot_nodes')
    .innerJoin('message_bodies', 'message_bodies.hash', 'snapshot_nodes.body_hash')
    .selectAll('snapshot_nodes')
    .select('message_bodies.content')
    .where('snapshot_nodes.id', 'in', snapshotNodeIds(db, snapshotId))
    .orderBy('snapshot_nodes.seq')
    .orderBy('snapshot_nodes.created_at')
    .orderBy('snapshot_nodes.id')
    .execute();
}

/** One node of a snapshot with its text; undefined when the snapshot does not hold it. */
export function findSnapshotNode(db: Db, snapshotId: string, nodeId: string): Promise<SnapshotNodeWithContent | undefined> {
  return db
    .selectFrom('snapshot_nodes')
    .innerJoin('message_bodies', 'message_bodies.hash', 'snapshot_nodes.body_hash')
    .selectAll('snapshot_nodes')
    .select('message_bodies.content')
    .where('snapshot_nodes.id', '=', nodeId)
    .where('snapshot_nodes.id', 'in', snapshotNodeIds(db, snapshotId))
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

/**
 * Nodes no snapshot holds any more, among those that led to `leaves` (the leaves of snapshots just
 * deleted): a node is held while it is a remaining snapshot's leaf or has a child. Walking up from
 * each released leaf, a node goes when it is no leaf and has no child but the one just gone; the
 * walk stops at the first node still held, so updating a link (whose old leaf now has a child)
 * reads one node, not the whole chat. A node where two released branches met keeps its other child
 * during the walk, so each round walks again from the parents where the last one stopped.
 * Returns the nodes with their bodies; the caller deletes them, round by round.
 */
export async function unheldNodes(db: Db, leaves: readonly string[]): Promise<{ id: string; parent_id: string | null; body_hash: string }[]> {
  if (leaves.length === 0) return [];
  const result = await sql<{ id: string; parent_id: string | null; body_hash: string }>`
    with recursive gone(id, parent_id, body_hash) as (
      select n.id, n.parent_id, n.body_hash from snapshot_nodes n
      where ${isAnyOf(db, sql.ref('n.id'), leaves)}
        and not exists (select 1 from snapshot_leaves l where l.node_id = n.id)
        and not exists (select 1 from snapshot_nodes c where c.parent_id = n.id)
      union
      select p.id, p.parent_id, p.body_hash from gone g join snapshot_nodes p on p.id = g.parent_id
      where not exists (select 1 from snapshot_leaves l where l.node_id = p.id)
        and not exists (select 1 from snapshot_nodes c where c.parent_id = p.id and c.id <> g.id)
    )
    select id, parent_id, body_hash from gone`.execute(db);
  return result.rows;
}

/** Deletes the nodes (their files' rows go with them); returns the hashes of those files' bytes. */
export async function deleteNodes(db: Db, ids: readonly string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const files = await db.selectFrom('snapshot_node_files').select('hash').distinct().where((eb) => isAnyOf(db, eb.ref('node_id'), ids)).execute();
  await db.deleteFrom('snapshot_nodes').where((eb) => isAnyOf(db, eb.ref('id'), ids)).execute();
  return files.map((f) => f.hash);
}
