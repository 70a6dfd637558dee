import { PostgresAdapter, sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Chats published on a community hub (S18): a snapshot the uploader handed over, and who may see it.
  await db.schema
    .createTable('community_chats')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(32)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('title', 'varchar(500)', (c) => c.notNull())
    .addColumn('visibility', 'varchar(24)', (c) => c.notNull())
    .addColumn('snapshot_id', 'varchar(32)', (c) => c.notNull().references('snapshots.id'))
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('community_chats_visible')
    .on('community_chats')
    .columns(['visibility', 'updated_at', 'id'])
    .execute();
  await db.schema.createIndex('community_chats_user').on('community_chats').columns(['user_id', 'updated_at', 'id']).execute();
  await db.schema.createIndex('community_chats_snapshot').on('community_chats').column('snapshot_id').execute();

  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create index community_chats_title_trgm on community_chats using gin (lower(title) gin_trgm_ops)`.execute(db);
  } else {
    await sql`create virtual table community_chats_title_fts using fts5(title, content='community_chats', content_rowid='rowid', tokenize='trigram')`.execute(
      db,
    );
    await sql`create trigger community_chats_fts_insert after insert on community_chats begin
      insert into community_chats_title_fts(rowid, title) values (new.rowid, new.title); end`.execute(db);
    await sql`create trigger community_chats_fts_delete after delete on community_chats begin
      insert into community_chats_title_fts(community_chats_title_fts, rowid, title) values ('delete', old.rowid, old.title); end`.execute(db);
    await sql`create trigger community_chats_fts_update after update of title on community_chats begin
      insert into community_chats_title_fts(community_chats_title_fts, rowid, title) values ('delete', old.rowid, old.title);
      insert into community_chats_title_fts(rowid, title) values (new.rowid, new.title); end`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
    await sql`drop table if exists community_chats_title_fts`.execute(db);
  }
  await db.schema.dropTable('community_chats').execute();
}
