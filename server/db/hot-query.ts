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

/**
 * A hot read asked by many requests at once: the items asked for within one turn of the event loop
 * are read together, after the poll phase in which their requests arrived. Items with the same key
 * (the same link and session, say) share one read, and on PostgreSQL all of them go in one
 * statement: one round trip and one execution on the server instead of one each. Each row is still
 * read from the database after its request arrived, so nothing is answered from an earlier read
 * (docs/architecture.md, Hot reads).
 */
export interface BatchedHotQuery<Item> {
  readonly name: string;
  /** The PostgreSQL statement for a list of items, `$n`-numbered: one row per item, in their order. */
  readonly postgres: string;
  /** Its values for these distinct items. */
  values(items: readonly Item[]): unknown[];
  /** Items with the same key read the same row. */
  key(item: Item): string;
}

/** More distinct items than this wait for the next statement: a bound on one statement's values and rows. */
const MAX_BATCH = 64;

interface Waiter {
  resolve: (row: unknown[] | undefined) => void;
  reject: (error: Error) => void;
}

/** One distinct item of a batch: its values for the one-item query, and the requests waiting for its row. */
interface Entry<Item> {
  item: Item;
  values: readonly unknown[];
  waiting: Waiter[];
}

interface Batch<Item> {
  entries: Array<Entry<Item>>;
  byKey: Map<string, Entry<Item>>;
}

/** The batch still filling, per reader and query name. */
const filling = new WeakMap<object, Map<string, Batch<unknown>>>();

/**
 * The row of `item` as an array of its columns, read with the other items asked for in this turn
 * (see BatchedHotQuery): on PostgreSQL by `batched`, on SQLite (in-process: no round trip to save)
 * by the one-item `single` with `singleValues` once per distinct item. In a transaction, `single`
 * at once. The promise settles in the check phase of the turn it was asked in, or on the driver's answer.
 */
export function readValuesBatched<Item>(
  db: Db,
  batched: BatchedHotQuery<Item>,
  item: Item,
  single: HotQuery,
  singleValues: readonly unknown[],
): Promise<unknown[] | undefined> {
  const reader = readers.get(db);
  if (reader === undefined) return readFirstValues(db, single, singleValues);
  const owner = reader.kind === 'postgres' ? reader.pool : reader.connection;
  let batches = filling.get(owner);
  if (batches === undefined) filling.set(owner, (batches = new Map<string, Batch<unknown>>()));
  let batch = batches.get(batched.name) as Batch<Item> | undefined;
  if (batch === undefined || batch.entries.length >= MAX_BATCH) {
    const fresh: Batch<Item> = { entries: [], byKey: new Map() };
    const open = batches;
    open.set(batched.name, fresh);
    // The check phase follows the poll phase: every request read from the sockets in this turn has asked by then.
    setImmediate(() => {
      if (open.get(batched.name) === (fresh as Batch<unknown>)) open.delete(batched.name);
      if (reader.kind === 'postgres') readBatchPostgres(reader.pool, batched, fresh.entries);
      else readBatchSqlite(prepared(reader.connection, reader.arrays, single, true), fresh.entries);
    });
    batch = fresh;
  }
  const key = batched.key(item);
  let entry = batch.byKey.get(key);
  if (entry === undefined) {
    entry = { item, values: singleValues, waiting: [] };
    batch.byKey.set(key, entry);
    batch.entries.push(entry);
  }
  const { waiting } = entry;
  return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
}

function readBatchSqlite(statement: SQLite.Statement, entries: ReadonlyArray<Entry<unknown>>): void {
  for (const entry of entries) {
    let row: unknown[] | undefined;
    try {
      row = statement.get(...entry.values) as unknown[] | undefined;
    } catch (error) {
      fail([entry], error);
      continue;
    }
    for (const waiter of entry.waiting) waiter.resolve(row);
  }
}

function readBatchPostgres<Item>(pool: pg.Pool, batched: BatchedHotQuery<Item>, entries: ReadonlyArray<Entry<Item>>): void {
  const values = batched.values(entries.map((entry) => entry.item));
  pool.query<unknown[]>({ name: batched.name, text: batched.postgres, values, rowMode: 'array' }).then(
    ({ rows }) => {
      if (rows.length !== entries.length) {
        fail(entries, new Error(`${batched.name} answered ${rows.length} rows for ${entries.length} items`));
        return;
      }
      entries.forEach((entry, i) => {
        for (const waiter of entry.waiting) waiter.resolve(rows[i]);
      });
    },
    (error: unknown) => fail(entries, error),
  );
}

function fail(entries: ReadonlyArray<Entry<unknown>>, error: unknown): void {
  const failure = error instanceof Error ? error : new Error(String(error));
  for (const entry of entries) for (const waiter of entry.waiting) waiter.reject(failure);
}
