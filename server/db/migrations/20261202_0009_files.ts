import type { Kysely } from 'kysely';

/**
 * Files and images (rule S21): bytes stored once on disk by their SHA-256 (`file_blobs`), an
 * upload of the user's (`files`), the files of a message (`message_files`), the files of a
 * snapshot node under ids of the snapshot's own (`snapshot_node_files`), and the hashes whose
 * bytes are to be removed from disk once the transaction that released them has committed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('file_blobs')
    .addColumn('hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('media_type', 'varchar(100)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('files')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(32)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('hash', 'varchar(64)', (c) => c.notNull().references('file_blobs.hash'))
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('files_user').on('files').column('user_id').execute();
  await db.schema.createIndex('files_hash').on('files').column('hash').execute();

  await db.schema
    .createTable('message_files')
    .addColumn('message_id', 'varchar(32)', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('file_id', 'varchar(32)', (c) => c.notNull().references('files.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('message_files_pk', ['message_id', 'position'])
    .execute();
  await db.schema.createIndex('message_files_file').on('message_files').column('file_id').execute();

  await db.schema
    .createTable('snapshot_node_files')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('node_id', 'varchar(32)', (c) => c.notNull().references('snapshot_nodes.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('hash', 'varchar(64)', (c) => c.notNull().references('file_blobs.hash'))
    .addColumn('name', 'varchar(255)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('snapshot_node_files_node').on('snapshot_node_files').columns(['node_id', 'position']).execute();
  await db.schema.createIndex('snapshot_node_files_hash').on('snapshot_node_files').column('hash').execute();

  await db.schema.createTable('file_trash').addColumn('hash', 'varchar(64)', (c) => c.primaryKey()).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('file_trash').execute();
  await db.schema.dropTable('snapshot_node_files').execute();
  await db.schema.dropTable('message_files').execute();
  await db.schema.dropTable('files').execute();
  await db.schema.dropTable('file_blobs').execute();
}
