import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { isPostgres, type Db } from './database.js';
import { containsText } from './like.js';

/** A text column searched through an index: its table, and on SQLite its FTS5 trigram table. */
const INDEXED = {
  'shares.title': { table: 'shares', column: 'title', fts: 'shares_title_fts' },
  'community_chats.title': { table: 'community_chats', column: 'title', fts: 'community_chats_title_fts' },
  'message_bodies.content': { table: 'message_bodies', column: 'content', fts: 'message_bodies_fts' },
} as const;

/**
 * `column` contains `q`, found through an index on both dialects: the trigram GIN index on
 * lower(column) on PostgreSQL; on SQLite the FTS5 trigram table (for three characters or more;
 * shorter text is checked against rows other conditions narrowed).
 */
export function indexedContains(db: Db, column: keyof typeof INDEXED, q: string): RawBuilder<SqlBool> {
  const { table, fts } = INDEXED[column];
  const contains = containsText(sql.ref<string>(column), q);
  if (isPostgres(db) || q.length < 3) return contains;
  const index = sql.table(fts);
  const phrase = `"${q.replaceAll('"', '""')}"`;
  return sql<SqlBool>`(${sql.ref(`${table}.rowid`)} in (select rowid from ${index} where ${index} match ${phrase}) and ${contains})`;
}

/** `<table>.title` contains `q` (see indexedContains). */
export function titleMatches(db: Db, table: 'shares' | 'community_chats', q: string): RawBuilder<SqlBool> {
  return indexedContains(db, `${table}.title`, q);
}
