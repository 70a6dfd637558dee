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
  | { kind: 'sqlite'; connection: SQLite.Database; statements: Map<string, SQLite.Statement>; arrays: Map<string, SQLite.Statement> }
  | { kind: 'postgres'; pool: pg.Pool };

const readers = new WeakMap<object, Reader>();

/**
 * Where an app's hot reads run. On SQLite that is a second, read-only connection: it sees only
 * committed rows (WAL), never the open transaction of the main connection, which Kysely holds
 * behind its own lock. On PostgreSQL it is the app's pool.
 */
export function registerHotReader(db: Db, reader: { sqlite: SQLite.Database } | { pool: pg.Pool }): void {
  readers.set(db, 'sqlite' in reader ? { kind: 'sqlite', connection: reader.sqlite, statements: new Map(), arrays: new Map() } : { kind: 'postgres', pool: reader.pool });
}

/**
 * The first row of `query`, or undefined; `db` may be a transaction, which runs it through Kysely.
 * Not async: the one promise is the driver's, or SQLite's answer already settled.
 */
export function readFirst<Row>(db: Db, query: HotQuery, values: readonly unknown[]): Promise<Row | undefined> {
  const reader = readers.get(db);
  if (reader === undefined) {
    const text = db.getExecutor().adapter instanceof PostgresAdapter ? query.postgres : query.sqlite;
    return db.executeQuery<Row>(CompiledQuery.raw(text, [...values])).then(({ rows }) => rows[0]);
  }
  if (reader.kind === 'postgres') {
    return reader.pool.query<Row & pg.QueryResultRow>({ name: query.name, text: query.postgres, values: [...values] }).then(({ rows }) => rows[0]);
  }
  return settled(() => prepared(reader.connection, reader.statements, query, false).get(...values) as Row | undefined);
}

/**
 * The first row of `query` as an array of its columns in the order selected, or undefined: no
 * object is built per row (better-sqlite3's raw mode, pg's `rowMode: 'array'`, which also skips
 * naming the fields). For the reads of every request (the share page); `db` may be a transaction.
 * Not async: the one promise is the driver's, or SQLite's answer already settled.
 */
export function readFirstValues(db: Db, query: HotQuery, values: readonly unknown[]): Promise<unknown[] | undefined> {
  const reader = readers.get(db);
  if (reader === undefined) {
    const text = db.getExecutor().adapter instanceof PostgresAdapter ? query.postgres : query.sqlite;
    return db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, [...values])).then(({ rows }) => (rows[0] === undefined ? undefined : Object.values(rows[0])));
  }
  if (reader.kind === 'postgres') {
    return reader.pool.query<unknown[]>({ name: query.name, text: query.postgres, values: [...values], rowMode: 'array' }).then(({ rows }) => rows[0]);
  }
  return settled(() => prepared(reader.connection, reader.arrays, query, true).get(...values) as unknown[] | undefined);
}

/** A synchronous read as a promise, settled already: rejected if it throws, as an async function's would be. */
function settled<T>(read: () => T): Promise<T> {
  try {
    return Promise.resolve(read());
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

function prepared(connection: SQLite.Database, statements: Map<string, SQLite.Statement>, query: HotQuery, raw: boolean): SQLite.Statement {
  let statement = statements.get(query.name);
  if (statement === undefined) {
    statement = connection.prepare(query.sqlite);
    if (raw) statement.raw(true);
    statements.set(query.name, statement);
  }
  return statement;
}
