import { sql, type Kysely } from 'kysely';

/**
 * Snapshot nodes stored once, however many snapshots hold them: a node's id is the hash of its
 * content and its parent's id, and a snapshot is the set of its leaves (every path from a root to
 * a leaf). Re-sharing a chat after two new messages then stores two nodes, not the whole list.
 * Nodes of existing snapshots keep their ids (random, so unique) and thereby every link to them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('node_store')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('parent_id', 'varchar(32)')
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('body_hash', 'varchar(64)', (c) => c.notNull().references('message_bodies.hash'))
    .addColumn('model', 'varchar(200)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('complete'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await sql`insert into node_store (id, parent_id, seq, role, body_hash, model, status, created_at)
    select id, parent_id, seq, role, body_hash, model, 'complete', created_at from snapshot_nodes`.execute(db);

  await db.schema
    .createTable('snapshot_leaves')
    .addColumn('snapshot_id', 'varchar(32)', (c) => c.notNull().references('snapshots.id').onDelete('cascade'))
    .addColumn('node_id', 'varchar(32)', (c) => c.notNull().references('node_store.id'))
    .addPrimaryKeyConstraint('snapshot_leaves_pk', ['snapshot_id', 'node_id'])
    .execute();
  await sql`insert into snapshot_leaves (snapshot_id, node_id)
    select n.snapshot_id, n.id from snapshot_nodes n
    where not exists (select 1 from snapshot_nodes c where c.snapshot_id = n.snapshot_id and c.parent_id = n.id)`.execute(db);

  await db.schema.dropTable('snapshot_nodes').execute();
  await db.schema.alterTable('node_store').renameTo('snapshot_nodes').execute();
  await db.schema.createIndex('snapshot_nodes_parent').on('snapshot_nodes').column('parent_id').execute();
  await db.schema.createIndex('snapshot_nodes_body').on('snapshot_nodes').column('body_hash').execute();
  await db.schema.createIndex('snapshot_leaves_node').on('snapshot_leaves').column('node_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('node_list')
    .addColumn('snapshot_id', 'varchar(32)', (c) => c.notNull().references('snapshots.id').onDelete('cascade'))
    .addColumn('id', 'varchar(32)', (c) => c.notNull())
    .addColumn('parent_id', 'varchar(32)')
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('body_hash', 'varchar(64)', (c) => c.notNull().references('message_bodies.hash'))
    .addColumn('model', 'varchar(200)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('snapshot_nodes_pk', ['snapshot_id', 'id'])
    .execute();
  await sql`insert into node_list (snapshot_id, id, parent_id, seq, role, body_hash, model, created_at)
    with recursive path(snapshot_id, id) as (
      select snapshot_id, node_id from snapshot_leaves
      union
      select p.snapshot_id, n.parent_id from snapshot_nodes n join path p on n.id = p.id where n.parent_id is not null
    )
    select p.snapshot_id, n.id, n.parent_id, n.seq, n.role, n.body_hash, n.model, n.created_at
    from path p join snapshot_nodes n on n.id = p.id`.execute(db);
  await db.schema.dropTable('snapshot_leaves').execute();
  await db.schema.dropTable('snapshot_nodes').execute();
  await db.schema.alterTable('node_list').renameTo('snapshot_nodes').execute();
  await db.schema.createIndex('snapshot_nodes_body_hash').on('snapshot_nodes').column('body_hash').execute();
}
