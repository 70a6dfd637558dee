import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createParley, type App } from '../app.js';
import { loadConfig, type Config, type DatabaseConfig } from '../config.js';
import { testEnvironment } from './environment.js';
import type { Db } from '../db/database.js';

export interface TestApp {
  app: App;
  config: Config;
  db: Db;
  close(): Promise<void>;
}

export const TEST_PUBLIC_URL = 'http://parley.test';

const plenty = { max: 1_000_000, timeWindowMs: 60_000 };
/** Rate limits no test reaches: for tests (and benchmarks) about something else than rate limits. */
export const GENEROUS_RATE_LIMITS: Config['rateLimits'] = {
  signIn: plenty,
  signUp: plenty,
  share: plenty,
  fork: plenty,
  import: plenty,
};

/** A throwaway database of the dialect under test, and how to drop it. */
export async function createTestDatabase(dataDir: string): Promise<{ database: DatabaseConfig; drop: () => Promise<void> }> {
  const env = testEnvironment();
  if (env.dialect !== 'postgres') {
    return { database: { dialect: 'sqlite', file: path.join(dataDir, 'parley.db') }, drop: () => Promise.resolve() };
  }
  if (env.databaseUrl === null) throw new Error('PARLEY_TEST_DIALECT=postgres needs TEST_DATABASE_URL');
  const adminUrl = env.databaseUrl;
  const name = `parley_test_${randomBytes(8).toString('hex')}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // Dropping while the closed pool's last backends are still exiting would kill them mid-goodbye
  // (an unhandled FATAL in the test run); wait for them instead, and force only as a last resort.
  const drop = async () => {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      try {
        await run(`DROP DATABASE IF EXISTS ${name}`);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== '55006') throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    await run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  };
  return { database: { dialect: 'postgres', url: url.toString() }, drop };
}

/** The real app on a fresh real database (SQLite file, or PostgreSQL when testing that dialect). */
export async function startTestApp(
  overrides: Partial<Config> = {},
  options: {
    logStream?: NodeJS.WritableStream;
    /** Routes of the test's own, added before the app is ready. */
    routes?: (app: App) => void;
  } = {},
): Promise<TestApp> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'parley-test-'));
  const { database, drop } = await createTestDatabase(dataDir);
  const config: Config = {
    ...loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PUBLIC_URL: TEST_PUBLIC_URL }),
    database,
    ...overrides,
  };
  const app = await createParley(config, options.logStream ? { logStream: options.logStream } : {});
  options.routes?.(app);
  await app.ready();
  return {
    app,
    config: app.deps.config,
    db: app.deps.db,
    close: async () => {
      await app.close();
      await drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
