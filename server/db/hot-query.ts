import type SQLite from 'better-sqlite3';
import { CompiledQuery, PostgresAdapter } from 'kysely';
import type pg from 'pg';
import type { Db } from './database.js';

/**
 * A read that runs on every request of a hot path (the share page, the settings): its SQL is
 * written by hand once, with `?` placeholders, and prepared once per connection — a better-sqlite3
 * statement kept by name, a named prepared statement on PostgreSQL — so no query is built or
 * compiled per request. Everything else goes through Kysely (docs/architecture.md, Repository).
 */
export interface HotQuery {
  readonly name: string;
  readonly sqlite: string;
  readonly postgres: string;
}

export function hotQuery(name: string, text: string): HotQuery {
  let n = 0;
  return { name, sqlite: text, postgres: text.replace(/\?/g, () => `$${(n += 1)}`) };
}

type Reader =
  | { kind: 'sqlite'; connection: SQLite.Database; statements: Map<string, SQLite.Statement> }
  | { kind: 'postgres'; pool: pg.Pool };

const readers = new WeakMap<object, Reader>();

/**
 * Where an app's hot reads run. On SQLite that is a second, read-only connection: it sees only
 * committed rows (WAL), never the open transaction of the main connection, which Kysely holds
 * behind its own lock. On PostgreSQL it is the app's pool.
 */
export function registerHotReader(db: Db, reader: { sqlite: SQLite.Database } | { pool: pg.Pool }): void {
  readers.set(db, 'sqlite' in reader ? { kind: 'sqlite', connection: reader.sqlite, statements: new Map() } : { kind: 'postgres', pool: reader.pool });
}

/** The first row of `query`, or undefined; `db` may be a transaction, which runs it through Kysely. */
export async function readFirst<Row>(db: Db, query: HotQuery, values: readonly unknown[]): Promise<Row | undefined> {
  const reader = readers.get(db);
  if (reader === undefined) {
    const text = db.getExecutor().adapter instanceof PostgresAdapter ? query.postgres : query.sqlite;
    return (await db.executeQuery<Row>(CompiledQuery.raw(text, [...values]))).rows[0];
  }
  if (reader.kind === 'postgres') {
    return (await reader.pool.query<Row & pg.QueryResultRow>({ name: query.name, text: query.postgres, values: [...values] })).rows[0];
  }
  let statement = reader.statements.get(query.name);
  if (statement === undefined) {
    statement = reader.connection.prepare(query.sqlite);
    reader.statements.set(query.name, statement);
  }
  return statement.get(...values) as Row | undefined;
}
