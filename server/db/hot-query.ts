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

/**
 * The first row of `query` as an array of its columns, run through Kysely on `db`, a transaction
 * (which has no hot reader of its own: it must see its own writes).
 */
function readInTransaction(db: Db, query: HotQuery, values: readonly unknown[]): Promise<unknown[] | undefined> {
  const text = db.getExecutor().adapter instanceof PostgresAdapter ? query.postgres : query.sqlite;
  return db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, [...values])).then(({ rows }) => (rows[0] === undefined ? undefined : Object.values(rows[0])));
}

/**
 * Every row of `query` as arrays of its columns: on the hot reader, prepared once per connection
 * (on PostgreSQL a named statement, whose plan is kept; with `plan: 'each'` an unnamed one,
 * planned for its values each time, for a statement whose best plan depends on them, such as a
 * LIKE pattern); in a transaction through Kysely.
 */
export function readRows(db: Db, query: HotQuery, values: readonly unknown[], options: { plan: 'once' | 'each' } = { plan: 'once' }): Promise<unknown[][]> {
  const reader = readers.get(db);
  if (reader === undefined) {
    const text = db.getExecutor().adapter instanceof PostgresAdapter ? query.postgres : query.sqlite;
    return db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, [...values])).then(({ rows }) => rows.map((row) => Object.values(row)));
  }
  if (reader.kind === 'sqlite') {
    try {
      return Promise.resolve(prepared(reader, query).all(...values) as unknown[][]);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }
  const statement = { text: query.postgres, values: [...values], rowMode: 'array' as const };
  return reader.pool.query<unknown[]>(options.plan === 'once' ? { ...statement, name: query.name } : statement).then(({ rows }) => rows);
}

/** `query` prepared on the reader's connection once, rows as arrays (better-sqlite3's raw mode). */
function prepared(reader: Extract<Reader, { kind: 'sqlite' }>, query: HotQuery): SQLite.Statement {
  let statement = reader.statements.get(query.name);
  if (statement === undefined) {
    statement = reader.connection.prepare(query.sqlite).raw(true);
    reader.statements.set(query.name, statement);
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
export interface BatchedHotQuery {
  readonly name: string;
  /** The columns of `p`, the items asked: one per value of the one-item query, in its order (all text). */
  readonly asked: readonly string[];
  /**
   * The PostgreSQL statement over `asked`, which names `p`: a VALUES list of the items, each with
   * `n`, its place. One row per item, ordered by `p.n`. A VALUES list rather than arrays, so that the
   * planner knows how many rows come and keeps one plan for each count (with arrays it saw 100 rows,
   * found the generic plan dear on a big database, and planned every execution afresh).
   */
  postgres(asked: string): string;
  /** Items whose one-item values give the same key read the same row. */
  key(values: readonly unknown[]): string;
}

/** `p`, the items asked, for `count` items of these columns, numbered from $1. */
function askedValues(count: number, columns: readonly string[]): string {
  let placeholder = 0;
  const rows = Array.from({ length: count }, (_, n) => `(${columns.map(() => `$${(placeholder += 1)}::text`).join(', ')}, ${n})`);
  return `(VALUES ${rows.join(', ')}) AS p(${columns.join(', ')}, n)`;
}

/** Each batched query's statement text per count of items, built once. */
const batchedTexts = new WeakMap<BatchedHotQuery, string[]>();

function batchedText(query: BatchedHotQuery, count: number): string {
  let texts = batchedTexts.get(query);
  if (texts === undefined) batchedTexts.set(query, (texts = []));
  return (texts[count] ??= query.postgres(askedValues(count, query.asked)));
}

/** More distinct items than this wait for the next statement: a bound on one statement's values and rows. */
const MAX_BATCH = 64;

interface Waiter {
  resolve: (row: unknown[] | undefined) => void;
  reject: (error: Error) => void;
}

/** One distinct item of a batch: its values for the one-item query, and the requests waiting for its row. */
interface Entry {
  values: readonly unknown[];
  waiting: Waiter[];
}

interface Batch {
  entries: Entry[];
  byKey: Map<string, Entry>;
}

/** The batch still filling, per reader and query name. */
const filling = new WeakMap<object, Map<string, Batch>>();

/**
 * The row of the one-item query `single` with `values`, as an array of its columns, read with the
 * other items asked for in this turn (see BatchedHotQuery): on PostgreSQL by `batched`, on SQLite
 * (in-process: no round trip to save) by `single` once per distinct item. In a transaction,
 * `single` at once. The promise settles in the check phase of the turn it was asked in, or on the
 * driver's answer.
 */
export function readValuesBatched(db: Db, batched: BatchedHotQuery, single: HotQuery, values: readonly unknown[]): Promise<unknown[] | undefined> {
  const reader = readers.get(db);
  if (reader === undefined) return readInTransaction(db, single, values);
  const owner = reader.kind === 'postgres' ? reader.pool : reader.connection;
  let batches = filling.get(owner);
  if (batches === undefined) filling.set(owner, (batches = new Map<string, Batch>()));
  let batch = batches.get(batched.name);
  if (batch === undefined || batch.entries.length >= MAX_BATCH) {
    const fresh: Batch = { entries: [], byKey: new Map() };
    const open = batches;
    open.set(batched.name, fresh);
    // The check phase follows the poll phase: every request read from the sockets in this turn has asked by then.
    setImmediate(() => {
      if (open.get(batched.name) === fresh) open.delete(batched.name);
      if (reader.kind === 'postgres') readBatchPostgres(reader.pool, batched, fresh.entries);
      else readBatchSqlite(prepared(reader, single), fresh.entries);
    });
    batch = fresh;
  }
  const key = batched.key(values);
  let entry = batch.byKey.get(key);
  if (entry === undefined) {
    entry = { values, waiting: [] };
    batch.byKey.set(key, entry);
    batch.entries.push(entry);
  }
  const { waiting } = entry;
  return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
}

function readBatchSqlite(statement: SQLite.Statement, entries: readonly Entry[]): void {
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

function readBatchPostgres(pool: pg.Pool, batched: BatchedHotQuery, entries: readonly Entry[]): void {
  const count = entries.length;
  const query = { name: `${batched.name}_${count}`, text: batchedText(batched, count), values: entries.flatMap((entry) => entry.values), rowMode: 'array' as const };
  pool.query<unknown[]>(query).then(
    ({ rows }) => {
      if (rows.length !== count) {
        fail(entries, new Error(`${batched.name} answered ${rows.length} rows for ${count} items`));
        return;
      }
      entries.forEach((entry, i) => {
        for (const waiter of entry.waiting) waiter.resolve(rows[i]);
      });
    },
    (error: unknown) => fail(entries, error),
  );
}

function fail(entries: readonly Entry[], error: unknown): void {
  const failure = error instanceof Error ? error : new Error(String(error));
  for (const entry of entries) for (const waiter of entry.waiting) waiter.reject(failure);
}
