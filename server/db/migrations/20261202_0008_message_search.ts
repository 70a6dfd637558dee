import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Chats are found by the text of their messages, through an index on both dialects: trigram GIN
// on PostgreSQL, an FTS5 trigram table kept by triggers on SQLite (bodies are never updated).
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create index message_bodies_content_trgm on message_bodies using gin (lower(content) gin_trgm_ops)`.execute(db);
    return;
  }
  await sql`create virtual table message_bodies_fts using fts5(content, content='message_bodies', content_rowid='rowid', tokenize='trigram')`.execute(db);
  await sql`create trigger message_bodies_fts_insert after insert on message_bodies begin
    insert into message_bodies_fts(rowid, content) values (new.rowid, new.content); end`.execute(db);
  await sql`create trigger message_bodies_fts_delete after delete on message_bodies begin
    insert into message_bodies_fts(message_bodies_fts, rowid, content) values ('delete', old.rowid, old.content); end`.execute(db);
  await sql`insert into message_bodies_fts(message_bodies_fts) values ('rebuild')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop index message_bodies_content_trgm`.execute(db);
    return;
  }
  await sql`drop trigger message_bodies_fts_insert`.execute(db);
  await sql`drop trigger message_bodies_fts_delete`.execute(db);
  await sql`drop table message_bodies_fts`.execute(db);
}
