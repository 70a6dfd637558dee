import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { hashPassword } from '../../server/auth/password.js';
import { bodyHash } from '../../server/content/bodies.repository.js';
import { freezeTree, type TreeEntry } from '../../server/content/snapshot.js';
import { openDatabase } from '../../server/db/database.js';
import { migrateToLatest } from '../../server/db/migrate.js';

/**
 * A fast generator of big Parley databases, for the benchmarks: bulk inserts in transactions
 * straight into a database built by the real migrations (not through HTTP). What it writes is
 * what Parley itself would write: bodies keyed by their SHA-256, snapshot nodes named by
 * freezeTree (server/content/snapshot.ts), one snapshot and one leaf per link, and the FTS and
 * trigram indexes kept by the schema's own triggers and indexes.
 *
 * Every chat is shared (a public link of its current thread). One user — the benchmark's admin,
 * BENCH_EMAIL — owns `userLinks` of them; the rest belong to other users, 100 links each.
 */

export interface SeedSize {
  links: number;
  messages: number;
  /** Links of the benchmark's own user (the Shared Chats list and its search). */
  userLinks: number;
}

export const BENCH_EMAIL = 'bench@example.com';
export const BENCH_PASSWORD = 'benchmark password';
/** A word in 1 title of 100: what the searches look for. */
export const SEARCH_WORD = 'zebra';

const BODY_POOL = 2000;
const BATCH = 5000;
const WORDS = ['model', 'share', 'link', 'snapshot', 'token', 'context', 'reply', 'prompt', 'branch', 'fork', 'python', 'merge', 'index', 'query'];
const TOPICS = ['Merging sorted lists', 'A trip to Lisbon', 'Tax forms explained', 'Sourdough starter', 'Rust lifetimes', 'Postgres vacuum', 'Birthday poem', 'Garden planning'];

export interface SeededDatabase {
  /** DATA_DIR for Parley (holds the SQLite file and the secret key). */
  dataDir: string;
  /** PostgreSQL only. */
  databaseUrl: string | undefined;
  size: SeedSize;
  /** A public link of the benchmark user's, and one of someone else's, both of `messages / links` messages. */
  sampleShareIds: string[];
  seconds: number;
  reused: boolean;
  drop(): Promise<void>;
}

function bodyText(i: number): string {
  const length = 300 + ((i * 7919) % 1200);
  let text = `Message ${i}: `;
  for (let w = 0; text.length < length; w += 1) text += `${WORDS[(i + w * 31) % WORDS.length] ?? ''} `;
  return text;
}

function shareTitle(i: number): string {
  const base = `${TOPICS[i % TOPICS.length] ?? ''}, part ${i}`;
  return i % 100 === 7 ? `${base} with a ${SEARCH_WORD}` : base;
}

/** A table's rows go in by batches; each dialect supplies how. */
interface Writer {
  insert(table: string, columns: string[], rows: unknown[][]): Promise<void>;
  close(): Promise<void>;
}

function sqliteWriter(file: string): Writer {
  const db = new SQLite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1000000');
  // The generator writes parents before children; checking each row's references only slows it.
  db.pragma('foreign_keys = OFF');
  // Secondary indexes are built once at the end, from sorted data, rather than row by row.
  const indexes = db.prepare<[], { name: string; sql: string }>("select name, sql from sqlite_master where type = 'index' and sql is not null").all();
  for (const index of indexes) db.exec(`drop index "${index.name}"`);
  const statements = new Map<string, SQLite.Statement>();
  return {
    insert(table, columns, rows) {
      const key = `${table}(${columns.join(',')})`;
      let statement = statements.get(key);
      if (!statement) {
        statement = db.prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`);
        statements.set(key, statement);
      }
      const run = statement;
      db.transaction(() => {
        for (const row of rows) run.run(row);
      })();
      return Promise.resolve();
    },
    close() {
      for (const index of indexes) db.exec(index.sql);
      db.pragma('wal_checkpoint(truncate)');
      db.exec('analyze');
      db.close();
      return Promise.resolve();
    },
  };
}

async function postgresWriter(url: string): Promise<Writer> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('set synchronous_commit = off');
  // Skips the foreign-key triggers, one per row and reference (half the time of the messages and
  // nodes); the generator writes parents before children, and the bench database is its own.
  await client.query('set session_replication_role = replica');
  await client.query("set maintenance_work_mem = '256MB'");
  // Secondary indexes (those that back no constraint) are built once at the end, not row by row.
  const indexes = (
    await client.query<{ name: string; definition: string }>(
      `select indexname as name, indexdef as definition from pg_indexes i where schemaname = current_schema()
       and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`,
    )
  ).rows;
  for (const index of indexes) await client.query(`drop index "${index.name}"`);
  const types = new Map<string, string>();
  const columnType = async (table: string, column: string) => {
    const key = `${table}.${column}`;
    if (!types.has(key)) {
      const result = await client.query<{ t: string }>(
        'select format_type(atttypid, atttypmod) as t from pg_attribute where attrelid = $1::regclass and attname = $2',
        [table, column],
      );
      types.set(key, result.rows[0]?.t ?? 'text');
    }
    return types.get(key) ?? 'text';
  };
  return {
    async insert(table, columns, rows) {
      // One statement per batch: a column array each, unnested into rows.
      const casts: string[] = [];
      for (const column of columns) casts.push(await columnType(table, column));
      const arrays = columns.map((_, ci) => rows.map((r) => r[ci]));
      const selects = casts.map((t, i) => `$${i + 1}::${t}[]`).join(', ');
      await client.query(`insert into ${table} (${columns.join(', ')}) select * from unnest(${selects})`, arrays);
    },
    async close() {
      for (const index of indexes) await client.query(index.definition);
      // As autovacuum would on a live database: the visibility map lets index-only scans skip the rows.
      await client.query('vacuum analyze');
      await client.end();
    },
  };
}

/** A buffer of rows per table, written when full and at the end. */
class Batches {
  private readonly pending = new Map<string, { columns: string[]; rows: unknown[][] }>();
  constructor(private readonly writer: Writer) {}
  async add(table: string, columns: string[], row: unknown[]): Promise<void> {
    let entry = this.pending.get(table);
    if (!entry) {
      entry = { columns, rows: [] };
      this.pending.set(table, entry);
    }
    entry.rows.push(row);
    // All tables at once, in the order first seen: rows go in after those they refer to.
    if (entry.rows.length >= BATCH) await this.flush();
  }
  async flush(table?: string): Promise<void> {
    for (const [name, entry] of this.pending) {
      if (table !== undefined && name !== table) continue;
      if (entry.rows.length > 0) await this.writer.insert(name, entry.columns, entry.rows);
      entry.rows = [];
    }
  }
}

const ids = (n: number): string[] => {
  const bytes = randomBytes(16 * n);
  return Array.from({ length: n }, (_, i) => bytes.subarray(i * 16, i * 16 + 16).toString('base64url'));
};

async function fill(writer: Writer, size: SeedSize, log: (line: string) => void): Promise<string[]> {
  const batches = new Batches(writer);
  const t0 = Date.now();
  const created = '2026-01-01T00:00:00.000Z';
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const otherUsers = Math.max(1, Math.ceil(Math.max(0, size.links - size.userLinks) / 100));
  const userIds = ids(otherUsers + 1);
  const benchUser = userIds[0] ?? '';
  for (const [i, id] of userIds.entries()) {
    const email = i === 0 ? BENCH_EMAIL : `user${i}@example.com`;
    await batches.add('users', ['id', 'email', 'name', 'role', 'password_hash', 'created_at'], [id, email, i === 0 ? 'Bench' : `User ${i}`, i === 0 ? 'admin' : 'user', passwordHash, created]);
  }
  await batches.add('settings', ['key', 'value', 'updated_at'], ['instance', JSON.stringify({ sharing: { enabled: true, publicLinks: true, defaultAccess: 'members' } }), created]);
  await batches.flush();

  const bodies: string[] = [];
  for (let i = 0; i < BODY_POOL; i += 1) {
    const content = bodyText(i);
    const hash = bodyHash(content);
    bodies.push(hash);
    await batches.add('message_bodies', ['hash', 'content', 'size', 'created_at'], [hash, content, Buffer.byteLength(content), created]);
  }
  await batches.flush();

  const perChat = Math.max(1, Math.round(size.messages / Math.max(1, size.links)));
  const samples: string[] = [];
  const start = Date.parse(created);
  for (let link = 0; link < size.links; link += 1) {
    const owner = link < size.userLinks ? benchUser : (userIds[1 + Math.floor((link - size.userLinks) / 100)] ?? benchUser);
    const [chatId = '', shareId = '', snapshotId = '', ...messageIds] = ids(3 + perChat);
    const at = (k: number) => new Date(start + link * 60_000 + k * 1000).toISOString();
    const entries: TreeEntry[] = [];
    for (let k = 0; k < perChat; k += 1) {
      const role = k % 2 === 0 ? 'user' : 'assistant';
      const hash = bodies[(link * 7 + k) % BODY_POOL] ?? '';
      const model = role === 'assistant' ? 'llama3.1:8b' : null;
      entries.push({ key: messageIds[k] ?? '', parentKey: k === 0 ? null : (messageIds[k - 1] ?? null), role, bodyHash: hash, model, status: 'complete', createdAt: at(k) });
    }
    const last = messageIds[perChat - 1] ?? null;
    const title = shareTitle(link);
    await batches.add('chats', ['id', 'user_id', 'title', 'archived', 'pinned', 'current_message_id', 'created_at', 'updated_at'], [chatId, owner, title, 0, 0, last, at(0), at(perChat)]);
    for (const [k, e] of entries.entries()) {
      await batches.add('messages', ['id', 'chat_id', 'parent_id', 'seq', 'role', 'body_hash', 'model', 'status', 'created_at'], [e.key, chatId, e.parentKey, k, e.role, e.bodyHash, e.model, 'complete', e.createdAt]);
    }
    const snapshot = freezeTree(entries, last);
    for (const n of snapshot.nodes) {
      await batches.add('snapshot_nodes', ['id', 'parent_id', 'seq', 'role', 'body_hash', 'model', 'status', 'created_at'], [n.id, n.parentId, n.seq, n.role, n.bodyHash, n.model, n.status, n.createdAt]);
    }
    await batches.add('snapshots', ['id', 'current_node_id', 'created_at'], [snapshotId, snapshot.currentNodeId, at(perChat)]);
    await batches.add('snapshot_leaves', ['snapshot_id', 'node_id'], [snapshotId, snapshot.currentNodeId]);
    await batches.add('shares', ['id', 'chat_id', 'user_id', 'title', 'show_name', 'access', 'include_history', 'expires_at', 'version', 'snapshot_id', 'created_at', 'updated_at'], [shareId, chatId, owner, title, 1, 'public', 0, null, 1, snapshotId, at(perChat), at(perChat)]);
    if (link === Math.floor(size.userLinks / 2) || link === size.links - 1) samples.push(shareId);
    if (link % 100_000 === 99_999) log(`  ${link + 1} links seeded (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  // Parents before children, tables before those that refer to them.
  for (const table of ['chats', 'messages', 'snapshot_nodes', 'snapshots', 'snapshot_leaves', 'shares']) await batches.flush(table);
  return samples;
}

/**
 * A seeded database of `size` (SQLite, or PostgreSQL when `postgresUrl` is given), under
 * `root`. With `keep`, a database seeded before with the same size is reused, and kept.
 */
export async function seedDatabase(options: {
  root: string;
  size: SeedSize;
  postgresUrl?: string | undefined;
  keep: boolean;
  log?: (line: string) => void;
}): Promise<SeededDatabase> {
  const { size, keep } = options;
  const log = options.log ?? ((line: string) => console.error(line));
  const dialect = options.postgresUrl ? 'postgres' : 'sqlite';
  const key = `${dialect}-${size.links}-${size.messages}-${size.userLinks}`;
  const dataDir = path.join(options.root, key);
  const marker = path.join(dataDir, 'seeded.json');
  // A kept database has a name of its size, to be found again; a throwaway one a name of its own.
  const dbName = `parley_bench_${size.links}_${size.messages}_${size.userLinks}${keep ? '' : `_${randomBytes(4).toString('hex')}`}`;
  let databaseUrl: string | undefined;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: options.postgresUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  if (options.postgresUrl) {
    const url = new URL(options.postgresUrl);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  const drop = async () => {
    if (keep) return;
    if (options.postgresUrl) await admin(`drop database if exists ${dbName} with (force)`);
    rmSync(dataDir, { recursive: true, force: true });
  };
  const stillThere = async () => {
    if (!options.postgresUrl) return existsSync(path.join(dataDir, 'parley.db'));
    const client = new pg.Client({ connectionString: options.postgresUrl });
    await client.connect();
    try {
      return (await client.query('select 1 from pg_database where datname = $1', [dbName])).rowCount === 1;
    } finally {
      await client.end();
    }
  };
  if (keep && existsSync(marker) && (await stillThere())) {
    const saved = JSON.parse(await import('node:fs/promises').then((fs) => fs.readFile(marker, 'utf8'))) as { sampleShareIds: string[]; seconds: number };
    return { dataDir, databaseUrl, size, sampleShareIds: saved.sampleShareIds, seconds: saved.seconds, reused: true, drop };
  }
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  if (options.postgresUrl) {
    await admin(`drop database if exists ${dbName} with (force)`);
    await admin(`create database ${dbName}`);
  }
  const started = Date.now();
  const sqliteFile = path.join(dataDir, 'parley.db');
  const db = openDatabase(databaseUrl ? { dialect: 'postgres', url: databaseUrl } : { dialect: 'sqlite', file: sqliteFile });
  await migrateToLatest(db);
  await db.destroy();
  const writer = databaseUrl ? await postgresWriter(databaseUrl) : sqliteWriter(sqliteFile);
  const sampleShareIds = await fill(writer, size, log);
  await writer.close();
  const seconds = (Date.now() - started) / 1000;
  writeFileSync(marker, JSON.stringify({ sampleShareIds, seconds }));
  return { dataDir, databaseUrl, size, sampleShareIds, seconds, reused: false, drop };
}
