import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('groups')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('name', 'varchar(200)', (c) => c.notNull().unique())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('group_members')
    .addColumn('group_id', 'varchar(32)', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('user_id', 'varchar(32)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('group_members_pk', ['group_id', 'user_id'])
    .execute();
  await db.schema.createIndex('group_members_user').on('group_members').column('user_id').execute();

  // A snapshot: immutable nodes with ids of their own, referring to stored bodies (S2, S3). A
  // link shows one; forks build on one without copying it; it lives while either refers to it.
  await db.schema
    .createTable('snapshots')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('current_node_id', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('snapshot_nodes')
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
  await db.schema.createIndex('snapshot_nodes_body_hash').on('snapshot_nodes').column('body_hash').execute();

  // A fork is its base snapshot plus its own messages: one small row, however long the chat.
  await db.schema
    .alterTable('chats')
    .addColumn('base_snapshot_id', 'varchar(32)', (c) => c.references('snapshots.id'))
    .execute();
  await db.schema.createIndex('chats_base_snapshot').on('chats').column('base_snapshot_id').execute();

  // One link per chat: the unique chat_id is what makes concurrent shares of a chat one link (S4).
  await db.schema
    .createTable('shares')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('chat_id', 'varchar(32)', (c) => c.notNull().unique().references('chats.id').onDelete('cascade'))
    .addColumn('user_id', 'varchar(32)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('title', 'varchar(500)', (c) => c.notNull())
    .addColumn('show_name', 'integer', (c) => c.notNull())
    .addColumn('access', 'varchar(16)', (c) => c.notNull())
    .addColumn('include_history', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'varchar(32)')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('snapshot_id', 'varchar(32)', (c) => c.references('snapshots.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('shares_user_updated').on('shares').columns(['user_id', 'updated_at', 'id']).execute();
  await db.schema.createIndex('shares_updated').on('shares').columns(['updated_at', 'id']).execute();
  await db.schema.createIndex('shares_snapshot').on('shares').column('snapshot_id').execute();

  // Who may open a restricted link: named users and groups.
  await db.schema
    .createTable('share_grants')
    .addColumn('share_id', 'varchar(32)', (c) => c.notNull().references('shares.id').onDelete('cascade'))
    .addColumn('kind', 'varchar(8)', (c) => c.notNull())
    .addColumn('principal_id', 'varchar(32)', (c) => c.notNull())
    .addPrimaryKeyConstraint('share_grants_pk', ['share_id', 'kind', 'principal_id'])
    .execute();

  // Title search on an index on both dialects: trigram GIN on PostgreSQL, FTS5 trigram on SQLite.
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create extension if not exists pg_trgm`.execute(db);
    await sql`create index shares_title_trgm on shares using gin (lower(title) gin_trgm_ops)`.execute(db);
  } else {
    await sql`create virtual table shares_title_fts using fts5(title, content='shares', content_rowid='rowid', tokenize='trigram')`.execute(
      db,
    );
    await sql`create trigger shares_title_fts_insert after insert on shares begin
      insert into shares_title_fts(rowid, title) values (new.rowid, new.title); end`.execute(db);
    await sql`create trigger shares_title_fts_delete after delete on shares begin
      insert into shares_title_fts(shares_title_fts, rowid, title) values ('delete', old.rowid, old.title); end`.execute(db);
    await sql`create trigger shares_title_fts_update after update of title on shares begin
      insert into shares_title_fts(shares_title_fts, rowid, title) values ('delete', old.rowid, old.title);
      insert into shares_title_fts(rowid, title) values (new.rowid, new.title); end`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
    await sql`drop table if exists shares_title_fts`.execute(db);
  }
  await db.schema.dropTable('share_grants').execute();
  await db.schema.dropTable('shares').execute();
  await db.schema.dropIndex('chats_base_snapshot').execute();
  await db.schema.alterTable('chats').dropColumn('base_snapshot_id').execute();
  await db.schema.dropTable('snapshot_nodes').execute();
  await db.schema.dropTable('snapshots').execute();
  await db.schema.dropTable('group_members').execute();
  await db.schema.dropTable('groups').execute();
}
