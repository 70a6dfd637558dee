/**
 * Target 3, flat as data grows (bench/README.md). Seeds a small and a big database
 * (bench/lib/seed.ts) and measures, alternating small and big:
 *   - the share page's throughput (wrk against a Parley child process of each);
 *   - the Shared Chats list and its title search for a user with `userLinks` links, p95;
 *   - the admin's search over every link, p95;
 * on SQLite, and on PostgreSQL with TEST_DATABASE_URL set; with the query plans of those lists.
 *
 *   npx tsx bench/data-growth.ts [--links 1000000] [--messages 10000000] [--keep-seed] [--quick]
 * (or BENCH_LINKS, BENCH_MESSAGES, BENCH_KEEP_SEED=1, as `npm run bench` passes no arguments)
 */
import { tmpdir } from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect } from 'kysely';
import pg from 'pg';
import type { Database } from '../server/db/schema.js';
import { registerHotReader } from '../server/db/hot-query.js';
import { SETTINGS_KEY } from '../server/settings/settings.service.js';
import { listOwnShares } from '../server/sharing/own-shares.repository.js';
import { listShares, type ShareListFilter } from '../server/sharing/sharing.repository.js';
import { testEnvironment } from '../server/test/environment.js';
import { cpuMs } from './hot-path.js';
import { startParley, signIn, wrk, type ParleyProcess } from './lib/parley.js';
import { BENCH_DIR, flag, hasFlag, QUICK, table, writeChart, writeResult, type ChartRef, type TargetResult } from './lib/report.js';
import { BENCH_EMAIL, BENCH_PASSWORD, SEARCH_WORD, seedDatabase, type SeededDatabase, type SeedSize } from './lib/seed.js';
import { searchBeforeAfter } from './lib/search-before-after.js';
import { ms, summarize, type Summary } from './lib/stats.js';

const BIG: SeedSize = {
  links: Number(flag('links') ?? process.env.BENCH_LINKS ?? (QUICK ? 300 : 1_000_000)),
  messages: Number(flag('messages') ?? process.env.BENCH_MESSAGES ?? (QUICK ? 3000 : 10_000_000)),
  userLinks: Number(flag('user-links') ?? (QUICK ? 200 : 10_000)),
};
const SMALL: SeedSize = { links: 100, messages: 10 * 100, userLinks: 100 };
// Many short rounds rather than a few long ones: the ratio is taken round by round (big against the small run next to it).
const ROUNDS = QUICK ? 2 : 8;
const SECONDS = QUICK ? 1 : 3;
const SAMPLES = QUICK ? 20 : 300;
const KEEP = hasFlag('keep-seed') || process.env.BENCH_KEEP_SEED === '1';
const SEED_ROOT = KEEP ? path.join(BENCH_DIR, '.seed') : path.join(tmpdir(), 'parley-bench-seed');

interface Side {
  seed: SeededDatabase;
  parley: ParleyProcess;
  cookie: string;
  rss: number[];
}

/** Sequential GETs of one URL with the session; the duration of each, in ms. */
async function latencies(side: Side, url: string, n: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const started = performance.now();
    const response = await fetch(`${side.parley.base}${url}`, { headers: { cookie: side.cookie } });
    await response.arrayBuffer();
    samples.push(performance.now() - started);
    if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
  }
  return samples;
}

/**
 * One list as the routes read it: the owner's Shared Chats through own-shares.repository.ts (its
 * statements prepared on the hot reader when `db` has one), the admin's search through listShares.
 */
function readList(db: Kysely<Database>, filter: Pick<ShareListFilter, 'userId' | 'q'>) {
  const page = { order: 'desc', limit: 51, after: null } as const;
  return filter.userId === null ? listShares(db, { ...filter, ...page }) : listOwnShares(db, SETTINGS_KEY, filter.userId, { q: filter.q, ...page });
}

/** The SQL the repository sends for a list (through Kysely: no hot reader here), and its plan on the seeded database. */
async function plans(seed: SeededDatabase, benchUserId: string): Promise<string> {
  const captured: CompiledQuery[] = [];
  const dialect = seed.databaseUrl
    ? new PostgresDialect({ pool: new pg.Pool({ connectionString: seed.databaseUrl, max: 1 }) })
    : new SqliteDialect({ database: new SQLite(path.join(seed.dataDir, 'parley.db'), { readonly: true }) });
  const db = new Kysely<Database>({
    dialect,
    log: (event) => {
      if (event.level === 'query') captured.push(event.query);
    },
  });
  const sections: string[] = [];
  try {
    const cases = [
      { name: 'Shared Chats list (the user’s links, newest first)', filter: { userId: benchUserId, q: null } },
      { name: `Shared Chats search "${SEARCH_WORD}"`, filter: { userId: benchUserId, q: SEARCH_WORD } },
      { name: `Admin search "${SEARCH_WORD}" over every link`, filter: { userId: null, q: SEARCH_WORD } },
    ];
    for (const c of cases) {
      captured.length = 0;
      await readList(db, c.filter);
      const query = captured[0];
      if (!query) continue;
      const explain = seed.databaseUrl ? `explain (analyze, costs off, timing off, summary off) ${query.sql}` : `explain query plan ${query.sql}`;
      const result = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(explain, [...query.parameters]));
      const lines = seed.databaseUrl
        ? result.rows.map((r) => String(r['QUERY PLAN']))
        : result.rows.map((r) => `${'  '.repeat(depthOf(result.rows, r))}${String(r.detail)}`);
      sections.push(`**${c.name}**\n\n\`\`\`sql\n${query.sql}\n\`\`\`\n\n\`\`\`\n${lines.join('\n')}\n\`\`\``);
    }
  } finally {
    await db.destroy();
  }
  return sections.join('\n\n');
}

/**
 * The list queries alone, in this process, straight on the seeded database (no HTTP, no auth, no
 * serialising): what the database costs of each list's p95. Alternating, after a warm-up.
 */
async function queryAlone(seed: SeededDatabase, benchUserId: string, samples: number): Promise<Record<'list' | 'search' | 'admin', number[]>> {
  const file = path.join(seed.dataDir, 'parley.db');
  const pool = seed.databaseUrl ? new pg.Pool({ connectionString: seed.databaseUrl, max: 2 }) : null;
  const db = new Kysely<Database>({ dialect: pool ? new PostgresDialect({ pool }) : new SqliteDialect({ database: new SQLite(file, { readonly: true }) }) });
  // As in the server: the hot reads on the pool, or on a read-only connection of their own.
  const reader = pool ? null : new SQLite(file, { readonly: true });
  registerHotReader(db, reader ? { sqlite: reader } : { pool: pool as pg.Pool });
  const cases = {
    list: { userId: benchUserId, q: null },
    search: { userId: benchUserId, q: SEARCH_WORD },
    admin: { userId: null, q: SEARCH_WORD },
  } as const;
  const times: Record<keyof typeof cases, number[]> = { list: [], search: [], admin: [] };
  try {
    for (let round = -1; round < 10; round += 1) {
      for (const [key, filter] of Object.entries(cases) as [keyof typeof cases, (typeof cases)[keyof typeof cases]][]) {
        for (let i = 0; i < Math.max(1, Math.floor(samples / 10)); i += 1) {
          const started = performance.now();
          await readList(db, filter);
          if (round >= 0) times[key].push(performance.now() - started);
        }
      }
    }
  } finally {
    await db.destroy();
    reader?.close();
  }
  return times;
}

/** Depth of an EXPLAIN QUERY PLAN row, from its parent links. */
function depthOf(rows: Record<string, unknown>[], row: Record<string, unknown>): number {
  let depth = 0;
  let parent = row.parent;
  while (parent !== 0 && parent !== undefined && depth < 20) {
    depth += 1;
    parent = rows.find((r) => r.id === parent)?.parent;
  }
  return depth;
}

async function benchUserIdOf(side: Side): Promise<string> {
  const me = await fetch(`${side.parley.base}/api/v1/auth/me`, { headers: { cookie: side.cookie } });
  return ((await me.json()) as { user: { id: string } }).user.id;
}

async function runDialect(dialect: 'SQLite' | 'PostgreSQL', postgresUrl: string | undefined) {
  const log = (line: string) => console.error(`[data-growth ${dialect}] ${line}`);
  const sides: Side[] = [];
  try {
    for (const size of [SMALL, BIG]) {
      log(`seeding ${size.links} links, ${size.messages} messages…`);
      const seed = await seedDatabase({ root: SEED_ROOT, size, postgresUrl, keep: KEEP, log });
      log(`${seed.reused ? 'reused' : 'seeded'} in ${seed.seconds.toFixed(0)} s`);
      const parley = await startParley({ dataDir: seed.dataDir, databaseUrl: seed.databaseUrl });
      sides.push({ seed, parley, cookie: await signIn(parley.base, BENCH_EMAIL, BENCH_PASSWORD), rss: [] });
    }
    const [small, big] = sides as [Side, Side];
    const page = (side: Side) => `${side.parley.base}/s/${side.seed.sampleShareIds[0] ?? ''}`;
    for (const side of sides) await wrk(page(side), { seconds: 1, connections: 8 });

    const rps: Record<'small' | 'big', number[]> = { small: [], big: [] };
    // CPU time of each server per request (from /proc): what the load hardly moves.
    const cpu: Record<'small' | 'big', number[]> = { small: [], big: [] };
    let non2xx = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const order = round % 2 === 0 ? (['small', 'big'] as const) : (['big', 'small'] as const);
      for (const which of order) {
        const side = which === 'small' ? small : big;
        const before = cpuMs(side.parley.child.pid);
        const result = await wrk(page(side), { seconds: SECONDS, connections: 32 });
        rps[which].push(result.rps);
        cpu[which].push(((cpuMs(side.parley.child.pid) - before) * 1000) / result.requests);
        non2xx += result.non2xx;
        side.rss.push(side.parley.rss());
      }
    }

    const lists = {
      // A trivial authenticated GET: the session lookup, hooks and serialising every list pays.
      me: '/api/v1/auth/me',
      list: '/api/v1/shares',
      search: `/api/v1/shares?q=${SEARCH_WORD}`,
      admin: `/api/v1/admin/shares?q=${SEARCH_WORD}`,
    } as const;
    const samples: Record<keyof typeof lists, { small: number[]; big: number[] }> = {
      me: { small: [], big: [] },
      list: { small: [], big: [] },
      search: { small: [], big: [] },
      admin: { small: [], big: [] },
    };
    for (const side of sides) for (const url of Object.values(lists)) await latencies(side, url, 10);
    const chunk = Math.max(1, Math.floor(SAMPLES / 10));
    for (let round = 0; round < 10; round += 1) {
      for (const [key, url] of Object.entries(lists) as [keyof typeof lists, string][]) {
        samples[key].big.push(...(await latencies(big, url, chunk)));
        samples[key].small.push(...(await latencies(small, url, chunk)));
      }
    }
    for (const side of sides) side.rss.push(side.parley.rss());
    const benchUserId = await benchUserIdOf(big);
    const alone = await queryAlone(big.seed, benchUserId, SAMPLES);
    const plan = await plans(big.seed, benchUserId);
    const beforeAfter = await searchBeforeAfter(big.seed, benchUserId, QUICK ? 10 : 100);
    return { rps, cpu, non2xx, samples, alone, plan, beforeAfter, sides: sides.map((s) => ({ size: s.seed.size, seconds: s.seed.seconds, reused: s.seed.reused, rss: Math.max(...s.rss) })) };
  } finally {
    for (const side of sides) {
      await side.parley.stop();
      await side.seed.drop();
    }
  }
}

/** What profiling the lists found (EXPLAIN ANALYZE / EXPLAIN QUERY PLAN on a 100,000-link seed, better-sqlite3 timings), and what changed. */
const FINDINGS = [
  '## What the profile found',
  '',
  'Measured on a 100,000-link seed with the queries run alone (EXPLAIN ANALYZE on PostgreSQL; better-sqlite3 statements timed in-process, best of 60 on SQLite, since the machine was shared and medians moved ten-fold between runs).',
  '',
  '- **The p95s over HTTP were set by the machine, not the data.** In the previous run the Shared Chats list on 100 links had a worse p95 than on 100,000 (SQLite 7.9 vs 6.5 ms, PostgreSQL 35.3 vs 31.7 ms). The bench samples one request at a time on one connection, after a warm-up of 10, in chunks of 30 alternating big and small; on 2 cores shared with other engineers\' tests (see the load average above) a request that has to wait for a CPU waits for several others\' time slices, and work of 2 ms or more gets preempted much more often than work of 0.5 ms. The `GET /api/v1/auth/me` row (a session lookup and a small JSON body, on the same server in the same rounds) is that fixed cost: whatever a list adds on top of it is the list\'s own.',
  '- **PostgreSQL, Shared Chats list:** the query is not the cost: `Index Scan Backward using shares_user_updated`, 51 rows, 0.1 ms to execute and about 1 ms to plan. Unchanged.',
  '- **PostgreSQL, Shared Chats search:** `BitmapAnd` of the trigram index (every owner\'s matching titles: 1,000 at 100,000 links, 10,000 at a million) and the owner\'s index (all 10,000 of theirs), then a sort: 3 to 15 ms, and growing with the whole table. Now a btree_gin index on (owner, lower(title) trigrams), `shares_user_title_trgm`, hands over only the owner\'s 100 matches: 0.76 ms.',
  '- **PostgreSQL, admin search:** the planner walked `shares_updated` backwards and read 5,093 rows from the heap to find 51 (11 to 18 ms). After `VACUUM ANALYZE` it estimates 10 rows for the trigram LIKE and switches to the trigram bitmap instead: every match fetched and sorted (1,000 rows at 100,000 links, ten times that at a million). Most of the walk was `lower(title)` itself (C.UTF-8): over the newest 10,000 rows by an index-only scan, `lower(title) LIKE` or `strpos(lower(title), …)` took 25 to 70 ms against 3 to 7 ms for `strpos(title, …)` in the same minutes. Now `shares_updated_title` is (updated_at, id, lower(title)) INCLUDE (title), and the search reads the newest 10,000 links from it by an index-only scan that takes lower(title) from the index (2.5 ms for the 5,093 rows at 100,000 links); a word found less than a page of times there falls back to the trigram index, which then has few matches to sort.',
  '- **SQLite, Shared Chats search:** FTS5 returned every owner\'s matches and each was looked up to check its owner, then sorted: proportional to the whole table\'s matches. Now the owner\'s index carries the title (`shares_user_updated_title`), and SQLite checks the LIKE in the index before reading a row: at most the owner\'s own links are read, 1.0 ms for the page of 51 and 1.3 ms when nothing of 10,000 matches. Dropping `lower()` (SQLite\'s LIKE folds ASCII case just as its lower() does) took 10,000 index rows from 1.7 to 1.0 ms.',
  '- **SQLite, admin search:** FTS5 then a sort of every match (2.9 ms at 100,000 links, growing tenfold to a million). Now the same walk of the newest 10,000 links as on PostgreSQL, through `shares_updated_title` (updated_at, id, title), with the same fallback to FTS5.',
  '- **Size:** a million links with 10,000,000 messages (ten a chat), seeded on a quiet machine in 829 s (SQLite) and 736 s (PostgreSQL), both at once. (An earlier run under a load of 12 to 16 took 27 and 19 minutes for 2,000,000 messages and stopped there.)',
  '- **The share page on PostgreSQL with a million links** ran at 0.70× to 0.80× of the small database once the share views were read together (one statement for the views of a turn, over arrays): `pg_prepared_statements` showed 2,000 custom plans and no generic one on the big database, against 1,995 generic on the small one. With `unnest($1::text[])` the planner guesses 100 rows for a generic plan, which on a big table costs more than a custom plan of the real count, so it planned every execution afresh (0.52 ms a statement alone). The views now go as a VALUES list, one prepared statement per count of items: the row count is known, the generic plan wins (2,495 generic plans of 2,500) and a statement takes 0.18 ms; the share page is flat again.',
  '- **The PostgreSQL lists** are not flat-limited: the Shared Chats list has the same p95 on 100 links as on a million (below). What a list adds to `/auth/me` is the route, not the data. A profile found two round trips beside the session (the page, and the settings), pg parsing 51 rows of 15 columns into objects (a fifth of the route\'s CPU), and the owner read again. Now (own-shares.repository.ts) one statement brings the page and the settings, 9 columns as arrays, the owner taken from the session: sequential `GET /api/v1/shares` on a million links went from p50 3.2 ms and 2.6 ms of server CPU a request to 1.6-1.8 ms and about 1.2 ms (quiet machine). What is left above `/auth/me` is 250-300 µs of server CPU (the second round trip, pg reading 51 rows, presenting 50 items, a bigger body); of it, checking the 50 items against the reply schema and stringifying them takes 40-55 µs, zod\'s part 10-20 µs (timed in-process), so a compiled serializer would not move the p95. A wall-clock profile puts most of a request in `writev`, the socket writes to PostgreSQL and to the client. The tail is the machine\'s: the p95 of `/auth/me` alone moves from 1.8 to 4.4 ms between runs on PostgreSQL, and with the same code the list\'s p95 was 3.6 ms on one machine and 6.9 ms on another three times slower at a bare Fastify route.',
  '- **Serialising** 50 items was not measured as a separate cost: the query-alone column below against the HTTP p95 and the fixed cost shows what is left for it.',
  '- **The seed generator** spent most of its time in index maintenance and foreign-key checks: it now drops the secondary indexes and builds them once at the end, and skips the foreign-key checks (session_replication_role = replica on PostgreSQL, foreign_keys = OFF on SQLite); on PostgreSQL 20,000 links with 200,000 messages took 86 s before, and 10,000 with 100,000 take 16 s now (on the same shared machine). It ends with VACUUM ANALYZE on PostgreSQL, as autovacuum would, since index-only scans need the visibility map.',
  '',
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

const dialects: ['SQLite' | 'PostgreSQL', string | undefined][] = [['SQLite', undefined]];
const pgUrl = testEnvironment().databaseUrl ?? undefined;
// A quick run proves the script on SQLite alone, to stay within a minute for all.
if (pgUrl && !QUICK && !hasFlag('sqlite-only')) dialects.push(['PostgreSQL', pgUrl]);

const targets: TargetResult[] = [];
const charts: ChartRef[] = [];
const sections: string[] = [];
const fmt = (n: number) => n.toLocaleString('en-US');
for (const [dialect, url] of dialects) {
  const r = await runDialect(dialect, url);
  // Round by round: each big run against the small run next to it, under the same load.
  const rounds = r.rps.big.map((big, i) => big / (r.rps.small[i] ?? Number.NaN));
  const ratio = median(rounds);
  const ofMedians = median(r.rps.big) / median(r.rps.small);
  const cpuRatio = median(r.cpu.small) / median(r.cpu.big);
  const s = (key: keyof typeof r.samples, which: 'small' | 'big'): Summary => summarize(r.samples[key][which]);
  targets.push(
    { target: `${dialect}: share page req/s with ${fmt(BIG.links)} links within 10% of 100 links`, measured: `×${ratio.toFixed(2)}, median of the rounds' ratios (${rounds.map((x) => x.toFixed(2)).join(' ')}; ratio of the medians ×${ofMedians.toFixed(2)}, ${Math.round(median(r.rps.big))} vs ${Math.round(median(r.rps.small))} req/s); CPU per request ${median(r.cpu.big).toFixed(1)} vs ${median(r.cpu.small).toFixed(1)} µs (×${cpuRatio.toFixed(2)}); ${r.non2xx} non-2xx`, met: ratio >= 0.9 && r.non2xx === 0 },
    { target: `${dialect}: Shared Chats list, user with ${fmt(BIG.userLinks)} links, p95 ≤ 5 ms`, measured: ms(s('list', 'big').p95), met: s('list', 'big').p95 <= 5 },
    { target: `${dialect}: Shared Chats title search, p95 ≤ 5 ms`, measured: ms(s('search', 'big').p95), met: s('search', 'big').p95 <= 5 },
    { target: `${dialect}: admin search over ${fmt(BIG.links)} links, p95 ≤ 20 ms`, measured: ms(s('admin', 'big').p95), met: s('admin', 'big').p95 <= 20 },
  );
  const key = dialect.toLowerCase();
  charts.push(
    writeChart('data-growth', `${key}-share-page`, 'bar', {
      title: `${dialect}: share page throughput vs data size`,
      labels: [`${fmt(SMALL.links)} links`, `${fmt(BIG.links)} links, ${fmt(BIG.messages)} messages`],
      series: [{ name: 'median req/s', values: [median(r.rps.small), median(r.rps.big)] }],
      unit: 'requests/s',
    }),
    writeChart('data-growth', `${key}-lists`, 'bar', {
      title: `${dialect}: list and search latency, ${fmt(BIG.links)} links`,
      labels: ['Shared Chats', 'title search', 'admin search'],
      series: (['p50', 'p95', 'p99'] as const).map((p) => ({ name: p, values: (['list', 'search', 'admin'] as const).map((k) => s(k, 'big')[p]) })),
      unit: 'ms',
      threshold: { value: 5, label: '5 ms' },
    }),
  );
  const row = (name: string, key: keyof typeof r.samples, which: 'small' | 'big') => {
    const x = s(key, which);
    return [name, which === 'small' ? fmt(SMALL.links) : fmt(BIG.links), ms(x.p50), ms(x.p95), ms(x.p99), ms(x.max)];
  };
  sections.push(
    `## ${dialect}`,
    '',
    table(
      ['database', 'seeded in', 'server RSS (max)'],
      r.sides.map((side) => [`${fmt(side.size.links)} links, ${fmt(side.size.messages)} messages, ${fmt(side.size.userLinks)} of the user's`, side.reused ? `reused (${side.seconds.toFixed(0)} s)` : `${side.seconds.toFixed(0)} s`, `${(side.rss / 2 ** 20).toFixed(0)} MiB`]),
    ),
    '',
    `Share page, wrk -t1 -c32 -d${SECONDS}s, ${ROUNDS} rounds alternating small and big:`,
    '',
    table(['database', 'median req/s', 'rounds', 'CPU µs per request (median)'], [
      [`${fmt(SMALL.links)} links`, Math.round(median(r.rps.small)), r.rps.small.map(Math.round).join(', '), median(r.cpu.small).toFixed(1)],
      [`${fmt(BIG.links)} links`, Math.round(median(r.rps.big)), r.rps.big.map(Math.round).join(', '), median(r.cpu.big).toFixed(1)],
    ]),
    '',
    `Lists over HTTP (sequential, one connection, ${SAMPLES} requests each, alternating):`,
    '',
    table(['request', 'links', 'p50', 'p95', 'p99', 'max'], [
      row('GET /api/v1/auth/me (fixed cost)', 'me', 'small'),
      row('GET /api/v1/auth/me (fixed cost)', 'me', 'big'),
      row('GET /api/v1/shares', 'list', 'small'),
      row('GET /api/v1/shares', 'list', 'big'),
      row(`GET /api/v1/shares?q=${SEARCH_WORD}`, 'search', 'small'),
      row(`GET /api/v1/shares?q=${SEARCH_WORD}`, 'search', 'big'),
      row(`GET /api/v1/admin/shares?q=${SEARCH_WORD}`, 'admin', 'small'),
      row(`GET /api/v1/admin/shares?q=${SEARCH_WORD}`, 'admin', 'big'),
    ]),
    '',
    `The same lists' queries alone (as the routes read them, in the bench process, straight on the ${fmt(BIG.links)}-link database, ${SAMPLES} each, alternating), against the HTTP p95 and the fixed cost (the p95 of \`GET /api/v1/auth/me\` on the same server in the same rounds):`,
    '',
    table(['list', 'query alone p50', 'query alone p95', 'HTTP p95', 'HTTP p95 of /auth/me'], (['list', 'search', 'admin'] as const).map((key) => {
      const alone = summarize(r.alone[key]);
      return [key === 'list' ? 'Shared Chats' : key === 'search' ? 'Shared Chats search' : 'admin search', ms(alone.p50), ms(alone.p95), ms(s(key, 'big').p95), ms(s('me', 'big').p95)];
    })),
    '',
    `Before and after: the searches as they were before migration 0017 (their SQL, on the indexes of then, held in a transaction rolled back) against the present ones, on the same ${fmt(BIG.links)}-link database, alternating, ${QUICK ? 10 : 100} each, the same rows from both:`,
    '',
    table(['search', 'before p50', 'before p95', 'now p50', 'now p95', 'p50 before / now', 'plan before'], r.beforeAfter.map((b) => [
      b.search === 'owner' ? `Shared Chats "${SEARCH_WORD}"` : `admin "${SEARCH_WORD}"`,
      ms(b.old.p50), ms(b.old.p95), ms(b.now.p50), ms(b.now.p95), `×${(b.old.p50 / b.now.p50).toFixed(1)}`, b.oldPlan,
    ])),
    '',
    `### Query plans (${fmt(BIG.links)} links)`,
    '',
    r.plan,
    '',
  );
}

writeResult(
  {
    name: 'data-growth',
    title: 'Flat as data grows (target 3)',
    command: `npx tsx bench/data-growth.ts --links ${BIG.links} --messages ${BIG.messages}${KEEP ? ' --keep-seed' : ''}${QUICK ? ' --quick' : ''}`,
    targets,
    charts,
  },
  [
    `Small: ${fmt(SMALL.links)} links. Big: ${fmt(BIG.links)} links and ${fmt(BIG.messages)} messages (every chat shared, ${Math.round(BIG.messages / BIG.links)} messages each), seeded by bench/lib/seed.ts straight into the real schema; the benchmark user owns ${fmt(BIG.userLinks)} of them; "${SEARCH_WORD}" is in 1 title of 100.`,
    'Each database is served by its own Parley process (as `npm start` runs it); both run at once and are measured in turn.',
    '',
    ...FINDINGS,
    ...sections,
  ].join('\n'),
);
