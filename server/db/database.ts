import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
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
      return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    }
    case 'postgres': {
      const pool = new pg.Pool({ connectionString: config.url, max: 10 });
      return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    }
  }
}

/** Whether the handle talks to PostgreSQL (for the few queries that differ: title search). */
export function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
