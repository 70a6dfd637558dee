import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Shared Chats and the admin's list stay fast as links grow (docs/architecture.md, Repository):
// - the date indexes carry the title, so a search walking links newest first filters them in the
//   index without reading each row (on PostgreSQL lower(title) as a key and title as INCLUDE, for
//   an index-only scan that does not lower each title again; on SQLite a last key column);
// - on PostgreSQL, one owner's titles are searched through a trigram index that also holds the
//   owner (btree_gin), so the search reads only that owner's matches.
// On an existing PostgreSQL database the indexes are built in the migration's transaction, which
// holds writes to shares while it runs: about half a minute for a million links.
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create extension if not exists btree_gin`.execute(db);
    await sql`create index if not exists shares_user_title_trgm on shares using gin (user_id, lower(title) gin_trgm_ops)`.execute(db);
    await sql`create index if not exists shares_updated_title on shares (updated_at, id, lower(title)) include (title)`.execute(db);
    await sql`drop index if exists shares_updated`.execute(db);
    return;
  }
  await sql`create index if not exists shares_updated_title on shares (updated_at, id, title)`.execute(db);
  await sql`create index if not exists shares_user_updated_title on shares (user_id, updated_at, id, title)`.execute(db);
  await sql`drop index if exists shares_updated`.execute(db);
  await sql`drop index if exists shares_user_updated`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`create index if not exists shares_updated on shares (updated_at, id)`.execute(db);
  await sql`drop index if exists shares_updated_title`.execute(db);
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`drop index if exists shares_user_title_trgm`.execute(db);
    return;
  }
  await sql`create index if not exists shares_user_updated on shares (user_id, updated_at, id)`.execute(db);
  await sql`drop index if exists shares_user_updated_title`.execute(db);
}
