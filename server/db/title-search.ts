import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { isPostgres, type Db } from './database.js';
import { containsText } from './like.js';

/**
 * `<table>.title` contains `q`, found through an index on both dialects: the trigram GIN index
 * on lower(title) on PostgreSQL; on SQLite the table's FTS5 trigram index `<table>_title_fts`
 * (for three characters or more; shorter text is checked against rows other conditions narrowed).
 */
export function titleMatches(db: Db, table: 'shares' | 'community_chats', q: string): RawBuilder<SqlBool> {
  const contains = containsText(sql.ref<string>(`${table}.title`), q);
  if (isPostgres(db) || q.length < 3) return contains;
  const fts = sql.table(`${table}_title_fts`);
  const phrase = `"${q.replaceAll('"', '""')}"`;
  return sql<SqlBool>`(${sql.ref(`${table}.rowid`)} in (select rowid from ${fts} where ${fts} match ${phrase}) and ${contains})`;
}
