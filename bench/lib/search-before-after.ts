import path from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, type Dialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../../server/db/schema.js';
import { listShares } from '../../server/sharing/sharing.repository.js';
import { SEARCH_WORD, type SeededDatabase } from './seed.js';
import { summarize, type Summary } from './stats.js';

/**
 * The two title searches as they were before migration 0017 (the SQL and the indexes of then)
 * against the present ones, on the same seeded database, alternating old and new. On SQLite one
 * connection holds the old indexes in a transaction it rolls back, while another reads the
 * committed schema; on PostgreSQL, whose DROP INDEX locks the table, each side runs in turn
 * (the old inside a transaction rolled back). Both sides must return the same rows.
 */
export interface BeforeAfter {
  search: 'owner' | 'admin';
  old: Summary;
  now: Summary;
  oldPlan: string;
}

const SELECT = `select "shares".*, "users"."name" as "owner_name", "users"."email" as "owner_email", "users"."role" as "owner_role" from "shares" inner join "users" on "users"."id" = "shares"."user_id"`;
const ORDER = `order by "shares"."updated_at" desc, "shares"."id" desc limit 51`;

/** The SQL the present repository sends for a search (captured from Kysely's log). */
async function presentQueries(dialect: Dialect, userId: string | null): Promise<CompiledQuery[]> {
  const captured: CompiledQuery[] = [];
  const db = new Kysely<Database>({
    dialect,
    log: (e) => {
      if (e.level === 'query') captured.push(e.query);
    },
  });
  try {
    await listShares(db, { userId, q: SEARCH_WORD, order: 'desc', limit: 51, after: null });
  } finally {
    await db.destroy();
  }
  return captured;
}

const idsOf = (rows: unknown[]) => JSON.stringify(rows.map((r) => (r as { id: string }).id));

export async function searchBeforeAfter(seed: SeededDatabase, benchUserId: string, rounds: number): Promise<BeforeAfter[]> {
  return seed.databaseUrl ? postgres(seed.databaseUrl, benchUserId, rounds) : sqlite(path.join(seed.dataDir, 'parley.db'), benchUserId, rounds);
}

async function sqlite(file: string, benchUserId: string, rounds: number): Promise<BeforeAfter[]> {
  const old = new SQLite(file);
  const now = new SQLite(file, { readonly: true });
  const results: BeforeAfter[] = [];
  try {
    old.exec('begin');
    old.exec(`drop index shares_updated_title; drop index shares_user_updated_title;
      create index shares_updated on shares (updated_at, id); create index shares_user_updated on shares (user_id, updated_at, id)`);
    for (const search of ['owner', 'admin'] as const) {
      const userId = search === 'owner' ? benchUserId : null;
      const oldSql = `${SELECT} where ${userId ? '"shares"."user_id" = ? and ' : ''}("shares"."rowid" in (select rowid from "shares_title_fts" where "shares_title_fts" match ?) and lower("shares"."title") like ? escape '\\') ${ORDER}`;
      const oldArgs = [...(userId ? [userId] : []), `"${SEARCH_WORD}"`, `%${SEARCH_WORD}%`];
      const present = (await presentQueries(new SqliteDialect({ database: new SQLite(file, { readonly: true }) }), userId)).map((q) => ({
        statement: now.prepare(q.sql),
        values: [...q.parameters],
      }));
      const oldStatement = old.prepare(oldSql);
      const times = { old: [] as number[], now: [] as number[] };
      for (let round = 0; round < rounds; round += 1) {
        let started = performance.now();
        const oldRows = oldStatement.all(...oldArgs);
        times.old.push(performance.now() - started);
        started = performance.now();
        let rows: unknown[] = [];
        for (const q of present) rows = q.statement.all(...q.values);
        times.now.push(performance.now() - started);
        if (round === 0 && idsOf(oldRows) !== idsOf(rows)) throw new Error(`SQLite ${search} search: old and new rows differ`);
      }
      const oldPlan = (old.prepare(`explain query plan ${oldSql}`).all(...oldArgs) as { detail: string }[]).map((r) => r.detail).join('; ');
      results.push({ search, old: summarize(times.old), now: summarize(times.now), oldPlan });
    }
  } finally {
    old.exec('rollback');
    old.close();
    now.close();
  }
  return results;
}

async function postgres(url: string, benchUserId: string, rounds: number): Promise<BeforeAfter[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const results: BeforeAfter[] = [];
  try {
    for (const search of ['owner', 'admin'] as const) {
      const userId = search === 'owner' ? benchUserId : null;
      const oldSql = `${SELECT} where ${userId ? '"shares"."user_id" = $1 and ' : ''}lower("shares"."title") like $${userId ? 2 : 1} escape '\\' ${ORDER}`;
      const oldArgs = [...(userId ? [userId] : []), `%${SEARCH_WORD}%`];
      const present = await presentQueries(new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }), userId);
      const times = { old: [] as number[], now: [] as number[] };
      const ids: string[] = [];
      let oldPlan = '';
      // Old and new in turns of 10, so that both meet the same moments of a shared machine.
      for (let turn = 0; turn < Math.max(1, Math.round(rounds / 10)); turn += 1) {
        await client.query('begin');
        try {
          await client.query('drop index shares_user_title_trgm');
          await client.query('drop index shares_updated_title');
          await client.query('create index shares_updated on shares (updated_at, id)');
          for (let i = 0; i < 10; i += 1) {
            const started = performance.now();
            const result = await client.query(oldSql, oldArgs);
            times.old.push(performance.now() - started);
            if (turn === 0 && i === 0) ids.push(idsOf(result.rows));
          }
          if (turn === 0) {
            const plan = await client.query<{ 'QUERY PLAN': string }>(`explain ${oldSql}`, oldArgs);
            oldPlan = plan.rows.map((r) => r['QUERY PLAN'].trim()).filter((l) => /Scan|Sort/.test(l)).map((l) => l.replace(/^->\s*/, '').replace(/\s*\(cost=.*$/, '')).join('; ');
          }
        } finally {
          await client.query('rollback');
        }
        for (let i = 0; i < 10; i += 1) {
          const started = performance.now();
          let rows: unknown[] = [];
          for (const q of present) rows = (await client.query(q.sql, [...q.parameters])).rows;
          times.now.push(performance.now() - started);
          if (turn === 0 && i === 0) ids.push(idsOf(rows));
        }
      }
      if (ids[0] !== ids[1]) throw new Error(`PostgreSQL ${search} search: old and new rows differ`);
      results.push({ search, old: summarize(times.old), now: summarize(times.now), oldPlan });
    }
  } finally {
    await client.end();
  }
  return results;
}
