/**
 * Target 5, storage (bench/README.md). How much the database grows when
 *   1. a 1,000-message shared chat gets two new messages and is re-shared, and
 *   2. that link is forked 1,000 times,
 * against the bytes of the messages involved, on SQLite and on PostgreSQL (TEST_DATABASE_URL).
 *
 *   npx tsx bench/storage.ts [--quick]
 */
import { sql } from 'kysely';
import { isPostgres } from '../server/db/database.js';
import { testEnvironment } from '../server/test/environment.js';
import { appendMessages, createUser, shareChat } from '../server/test/factories.js';
import { GENEROUS_RATE_LIMITS, startTestApp, type TestApp } from '../server/test/harness.js';
import { QUICK, table, writeChart, writeResult, type TargetResult } from './lib/report.js';
import { kib } from './lib/stats.js';

const MESSAGES = QUICK ? 100 : 1000;
const FORKS = QUICK ? 20 : 1000;
const ROUNDS = QUICK ? 2 : 20;
const TABLES = ['message_bodies', 'messages', 'chats', 'shares', 'snapshots', 'snapshot_nodes', 'snapshot_leaves'] as const;

/** A realistic-ish message: 300–1,500 characters of prose, distinct per message. */
function messageText(i: number): string {
  const words = ['model', 'share', 'link', 'snapshot', 'token', 'context', 'reply', 'prompt', 'branch', 'fork'];
  const length = 300 + ((i * 7919) % 1200);
  let text = `Message ${i}: `;
  for (let w = 0; text.length < length; w += 1) text += `${words[(i + w * 31) % words.length] ?? ''} `;
  return text;
}

/**
 * Bytes the database uses. SQLite: used pages after a WAL checkpoint (the whole file: tables,
 * indexes, the FTS tables). PostgreSQL: pg_total_relation_size (with indexes and TOAST) of
 * every table after VACUUM.
 */
async function databaseBytes(t: TestApp): Promise<number> {
  if (isPostgres(t.db)) {
    await sql`vacuum`.execute(t.db);
    const row = await sql<{ size: unknown }>`select sum(pg_total_relation_size(c.oid))::bigint as size from pg_class c
      join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relkind = 'r'`.execute(t.db);
    return Number(row.rows[0]?.size ?? 0);
  }
  await sql`pragma wal_checkpoint(truncate)`.execute(t.db);
  const pages = await sql<{ n: unknown }>`select (select page_count from pragma_page_count) - (select freelist_count from pragma_freelist_count) as n`.execute(t.db);
  const size = await sql<{ page_size: unknown }>`pragma page_size`.execute(t.db);
  return Number(pages.rows[0]?.n ?? 0) * Number(size.rows[0]?.page_size ?? 0);
}

async function rowCounts(t: TestApp): Promise<Record<(typeof TABLES)[number], number>> {
  const counts = {} as Record<(typeof TABLES)[number], number>;
  for (const name of TABLES) counts[name] = (await t.db.selectFrom(name).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
  return counts;
}

const diff = (a: Record<string, number>, b: Record<string, number>) =>
  Object.keys(b)
    .filter((k) => (b[k] ?? 0) !== (a[k] ?? 0))
    .map((k) => `${k} ${(b[k] ?? 0) - (a[k] ?? 0) > 0 ? '+' : ''}${(b[k] ?? 0) - (a[k] ?? 0)}`)
    .join(', ');

async function run(dialect: 'SQLite' | 'PostgreSQL') {
  const t = await startTestApp({ rateLimits: GENEROUS_RATE_LIMITS });
  try {
    const owner = await createUser(t);
    const viewer = await createUser(t);
    const seed = Array.from({ length: MESSAGES }, (_, i) => ({ role: i % 2 === 0 ? ('user' as const) : ('assistant' as const), content: messageText(i) }));
    const created = await owner.client.post<{ chat: { id: string; currentMessageId: string } }>('/api/v1/chats', { title: 'A long conversation', messages: seed });
    const chat = created.body.chat;
    const chatBytes = seed.reduce((sum, m) => sum + Buffer.byteLength(m.content), 0);
    const share = await shareChat(owner, chat.id);
    const before = await databaseBytes(t);
    const rowsBefore = await rowCounts(t);

    // Rounds of "two new messages, then re-share": PostgreSQL grows by whole 8 KiB pages, so one
    // round alone says little; the mean over the rounds is the growth per re-share.
    let messagesGrowth = 0;
    let reshareGrowth = 0;
    let addedBytes = 0;
    let parent = chat.currentMessageId;
    let rowsBeforeMessages = rowsBefore;
    let rowsAfterMessages = rowsBefore;
    let rowsAfterUpdate = rowsBefore;
    let afterUpdate = before;
    for (let round = 0; round < ROUNDS; round += 1) {
      const added = [
        { role: 'user' as const, content: messageText(MESSAGES + 2 * round) },
        { role: 'assistant' as const, content: messageText(MESSAGES + 2 * round + 1) },
      ];
      rowsBeforeMessages = rowsAfterUpdate;
      const ids = await appendMessages(t, chat.id, parent, added);
      parent = ids.at(-1) ?? parent;
      addedBytes += added.reduce((sum, m) => sum + Buffer.byteLength(m.content), 0);
      const afterMessages = await databaseBytes(t);
      rowsAfterMessages = await rowCounts(t);
      messagesGrowth += afterMessages - afterUpdate;
      await shareChat(owner, chat.id);
      afterUpdate = await databaseBytes(t);
      rowsAfterUpdate = await rowCounts(t);
      reshareGrowth += afterUpdate - afterMessages;
    }

    for (let i = 0; i < FORKS; i += 1) {
      const fork = await viewer.client.post(`/api/v1/shares/${share.id}/fork`);
      if (fork.status !== 201) throw new Error(`fork ${i}: ${fork.status}`);
    }
    const afterForks = await databaseBytes(t);
    const rowsAfterForks = await rowCounts(t);
    return {
      dialect,
      chatBytes,
      addedBytes: addedBytes / ROUNDS,
      messagesGrowth: messagesGrowth / ROUNDS,
      reshareGrowth: reshareGrowth / ROUNDS,
      forkGrowth: afterForks - afterUpdate,
      rows: { messages: diff(rowsBeforeMessages, rowsAfterMessages), reshare: diff(rowsAfterMessages, rowsAfterUpdate), forks: diff(rowsAfterUpdate, rowsAfterForks) },
    };
  } finally {
    await t.close();
  }
}

const runs = [await run('SQLite')];
// A quick run proves the script on SQLite alone, to stay within a minute for all.
if (testEnvironment().databaseUrl && !QUICK) {
  process.env.PARLEY_TEST_DIALECT = 'postgres';
  runs.push(await run('PostgreSQL'));
}

const targets: TargetResult[] = runs.map((r) => {
  const limit = 2 * r.addedBytes + 4096;
  return {
    target: `${r.dialect}: re-sharing a ${MESSAGES}-message chat after 2 new messages grows the database < 2 × ${kib(r.addedBytes)} + 4 KiB = ${kib(limit)}`,
    measured: `${kib(r.reshareGrowth)} per re-share (mean of ${ROUNDS})`,
    met: r.reshareGrowth < limit,
  };
});
const chart = writeChart('storage', 'growth', 'bar', {
  title: `Database growth per re-share after 2 new messages (${MESSAGES}-message chat)`,
  labels: runs.map((r) => r.dialect),
  series: [
    { name: 'the 2 messages (text)', values: runs.map((r) => r.addedBytes / 1024) },
    { name: 'growth per re-share', values: runs.map((r) => r.reshareGrowth / 1024) },
    { name: 'limit (2× text + 4 KiB)', values: runs.map((r) => (2 * r.addedBytes + 4096) / 1024) },
  ],
  unit: 'KiB',
});
writeResult(
  { name: 'storage', title: 'Storage: re-sharing and forking (target 5)', command: `npx tsx bench/storage.ts${QUICK ? ' --quick' : ''}`, targets, charts: [chart] },
  [
    'SQLite: used pages (page_count − freelist_count, 4 KiB each) after a WAL checkpoint: every table, index and FTS table.',
    'PostgreSQL: pg_total_relation_size (heap, indexes, TOAST) of every table after VACUUM; it grows by whole 8 KiB pages.',
    '',
    ...runs.flatMap((r) => [
      `## ${r.dialect}`,
      '',
      `A chat of ${MESSAGES} messages (${kib(r.chatBytes)} of text), shared; then ${ROUNDS} rounds of two new messages (${kib(r.addedBytes)} a round) and "Update and Copy Link"; then ${FORKS} forks.`,
      '',
      table(['step', 'database growth', 'rows'], [
        [`2 new messages in the chat (mean of ${ROUNDS} rounds; the chat's own, not the link's)`, kib(r.messagesGrowth), `last round: ${r.rows.messages}`],
        [`re-share: the link now shows them (mean of ${ROUNDS})`, kib(r.reshareGrowth), `last round: ${r.rows.reshare}`],
        [`${FORKS} forks of the link`, `${kib(r.forkGrowth)} (${kib(r.forkGrowth / FORKS)} each)`, r.rows.forks],
      ]),
      '',
    ]),
    'Snapshot nodes are content-addressed (server/content/snapshot.ts): the re-share stores the two new nodes, one snapshot row and its leaf; the old',
    "snapshot and its leaf are collected, and the 1,000 nodes they shared with the new one stay. A fork is one chat row built on the link's snapshot.",
  ].join('\n'),
);
