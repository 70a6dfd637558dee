import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import { registerHotReader } from './hot-query.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;
export type Dialect = DatabaseConfig['dialect'];

// COUNT(*) and BIGINT columns come back as strings by default; our counts fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** Opens the database the config names: the embedded SQLite file or a PostgreSQL pool. */
export function openDatabase(config: DatabaseConfig): Db {
  switch (config.dialect) {
    case 'sqlite': {
      mkdirSync(path.dirname(config.file), { recursive: true });
      const sqlite = new SQLite(config.file);
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = NORMAL');
      sqlite.pragma('foreign_keys = ON');
      sqlite.pragma('busy_timeout = 5000');
      const reader = new SQLite(config.file, { readonly: true });
      reader.pragma('busy_timeout = 5000');
      const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite, [reader]) }) });
      registerHotReader(db, { sqlite: reader });
      return db;
    }
    case 'postgres': {
      const pool = new pg.Pool({ connectionString: config.url, max: 10, connectionTimeoutMillis: 5_000 });
      // An idle connection broken by PostgreSQL restarting is dropped by the pool, which then
      // reports it here; unheard, the report would end the process. Requests meanwhile answer 503.
      pool.on('error', () => undefined);
      // So is one broken while a transaction holds it between two queries: its next query fails
      // (503), and the pool drops it when it comes back.
      pool.on('connect', (client) => client.on('error', () => undefined));
      const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
      registerHotReader(db, { pool });
      return db;
    }
  }
}

/** Whether the handle talks to PostgreSQL (for the few queries that differ: title search). */
export function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Kysely prepares every query anew; on SQLite, preparing costs more than running most of ours.
 * Reuse prepared statements by their SQL (a bounded, least-recently-used cache).
 */
function withStatementCache(sqlite: SQLite.Database, alsoClose: SQLite.Database[], size = 500): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      for (const other of alsoClose) other.close();
      sqlite.close();
    },
    prepare: (query: string) => {
      let statement = statements.get(query);
      if (statement) {
        statements.delete(query);
      } else {
        statement = sqlite.prepare(query);
        if (statements.size >= size) {
          const oldest = statements.keys().next();
          if (oldest.done !== true) statements.delete(oldest.value);
        }
      }
      statements.set(query, statement);
      return statement;
    },
  };
}
