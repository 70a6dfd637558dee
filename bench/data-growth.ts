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
import { listShares } from '../server/sharing/sharing.repository.js';
import { testEnvironment } from '../server/test/environment.js';
import { startParley, signIn, wrk, type ParleyProcess } from './lib/parley.js';
import { BENCH_DIR, flag, hasFlag, QUICK, table, writeChart, writeResult, type ChartRef, type TargetResult } from './lib/report.js';
import { BENCH_EMAIL, BENCH_PASSWORD, SEARCH_WORD, seedDatabase, type SeededDatabase, type SeedSize } from './lib/seed.js';
import { ms, summarize, type Summary } from './lib/stats.js';

const BIG: SeedSize = {
  links: Number(flag('links') ?? process.env.BENCH_LINKS ?? (QUICK ? 300 : 1_000_000)),
  messages: Number(flag('messages') ?? process.env.BENCH_MESSAGES ?? (QUICK ? 3000 : 10_000_000)),
  userLinks: Number(flag('user-links') ?? (QUICK ? 200 : 10_000)),
};
const SMALL: SeedSize = { links: 100, messages: 10 * 100, userLinks: 100 };
const ROUNDS = QUICK ? 2 : 4;
const SECONDS = QUICK ? 1 : 5;
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

/** The SQL the repository sends for a list, and its plan on the seeded database. */
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
      await listShares(db, { ...c.filter, order: 'desc', limit: 51, after: null });
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
    let non2xx = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const order = round % 2 === 0 ? (['small', 'big'] as const) : (['big', 'small'] as const);
      for (const which of order) {
        const side = which === 'small' ? small : big;
        const result = await wrk(page(side), { seconds: SECONDS, connections: 32 });
        rps[which].push(result.rps);
        non2xx += result.non2xx;
        side.rss.push(side.parley.rss());
      }
    }

    const lists = {
      list: '/api/v1/shares',
      search: `/api/v1/shares?q=${SEARCH_WORD}`,
      admin: `/api/v1/admin/shares?q=${SEARCH_WORD}`,
    } as const;
    const samples: Record<keyof typeof lists, { small: number[]; big: number[] }> = {
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
    const plan = await plans(big.seed, await benchUserIdOf(big));
    return { rps, non2xx, samples, plan, sides: sides.map((s) => ({ size: s.seed.size, seconds: s.seed.seconds, reused: s.seed.reused, rss: Math.max(...s.rss) })) };
  } finally {
    for (const side of sides) {
      await side.parley.stop();
      await side.seed.drop();
    }
  }
}

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
  const ratio = median(r.rps.big) / median(r.rps.small);
  const s = (key: keyof typeof r.samples, which: 'small' | 'big'): Summary => summarize(r.samples[key][which]);
  targets.push(
    { target: `${dialect}: share page req/s with ${fmt(BIG.links)} links within 10% of 100 links`, measured: `${Math.round(median(r.rps.big))} vs ${Math.round(median(r.rps.small))} req/s (×${ratio.toFixed(2)}), ${r.non2xx} non-2xx`, met: ratio >= 0.9 && r.non2xx === 0 },
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
    table(['database', 'median req/s', 'rounds'], [
      [`${fmt(SMALL.links)} links`, Math.round(median(r.rps.small)), r.rps.small.map(Math.round).join(', ')],
      [`${fmt(BIG.links)} links`, Math.round(median(r.rps.big)), r.rps.big.map(Math.round).join(', ')],
    ]),
    '',
    `Lists over HTTP (sequential, one connection, ${SAMPLES} requests each, alternating):`,
    '',
    table(['request', 'links', 'p50', 'p95', 'p99', 'max'], [
      row('GET /api/v1/shares', 'list', 'small'),
      row('GET /api/v1/shares', 'list', 'big'),
      row(`GET /api/v1/shares?q=${SEARCH_WORD}`, 'search', 'small'),
      row(`GET /api/v1/shares?q=${SEARCH_WORD}`, 'search', 'big'),
      row(`GET /api/v1/admin/shares?q=${SEARCH_WORD}`, 'admin', 'small'),
      row(`GET /api/v1/admin/shares?q=${SEARCH_WORD}`, 'admin', 'big'),
    ]),
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
    ...sections,
  ].join('\n'),
);
