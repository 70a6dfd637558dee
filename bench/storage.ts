/**
 * Storage benchmark (issue: share links). How much the database grows when
 *   1. a 1,000-message shared chat gets two new messages and is re-shared, and
 *   2. that link is forked 1,000 times,
 * against the bytes of the messages involved. Runs on SQLite, and on PostgreSQL too when
 * TEST_DATABASE_URL is set. Writes bench/storage.md.
 *
 *   npx tsx bench/storage.ts
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { isPostgres } from '../server/db/database.js';
import { testEnvironment } from '../server/test/environment.js';
import { appendMessages, createUser, shareChat } from '../server/test/factories.js';
import { GENEROUS_RATE_LIMITS, startTestApp, type TestApp } from '../server/test/harness.js';

const MESSAGES = 1000;
const FORKS = 1000;

/** A realistic-ish message: 300–1,500 characters of prose, distinct per message. */
function messageText(i: number): string {
  const words = ['model', 'share', 'link', 'snapshot', 'token', 'context', 'reply', 'prompt', 'branch', 'fork'];
  const length = 300 + ((i * 7919) % 1200);
  let text = `Message ${i}: `;
  for (let w = 0; text.length < length; w += 1) text += `${words[(i + w * 31) % words.length] ?? ''} `;
  return text;
}

async function databaseBytes(t: TestApp): Promise<number> {
  if (isPostgres(t.db)) {
    await sql`vacuum`.execute(t.db);
    const tables = ['message_bodies', 'messages', 'chats', 'shares', 'snapshots', 'snapshot_nodes'];
    let total = 0;
    for (const table of tables) {
      const row = await sql<{ size: unknown }>`select pg_total_relation_size(${table}::regclass)::bigint as size`.execute(t.db);
      total += Number(row.rows[0]?.size ?? 0);
    }
    return total;
  }
  await sql`pragma wal_checkpoint(truncate)`.execute(t.db);
  const pages = await sql<{ n: unknown }>`select (select page_count from pragma_page_count) - (select freelist_count from pragma_freelist_count) as n`.execute(t.db);
  const size = await sql<{ page_size: unknown }>`pragma page_size`.execute(t.db);
  return Number(pages.rows[0]?.n ?? 0) * Number(size.rows[0]?.page_size ?? 0);
}

async function rowCounts(t: TestApp): Promise<{ message_bodies: number; messages: number; snapshot_nodes: number }> {
  const count = async (table: 'message_bodies' | 'messages' | 'snapshot_nodes') =>
    (await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
  return { message_bodies: await count('message_bodies'), messages: await count('messages'), snapshot_nodes: await count('snapshot_nodes') };
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

async function run(dialect: string): Promise<string> {
  const t = await startTestApp({ rateLimits: GENEROUS_RATE_LIMITS });
  try {
    const owner = await createUser(t);
    const viewer = await createUser(t);
    const seed = Array.from({ length: MESSAGES }, (_, i) => ({
      role: i % 2 === 0 ? ('user' as const) : ('assistant' as const),
      content: messageText(i),
    }));
    const created = await owner.client.post<{ chat: { id: string; currentMessageId: string } }>('/api/v1/chats', {
      title: 'A long conversation',
      messages: seed,
    });
    const chat = created.body.chat;
    const chatBytes = seed.reduce((sum, m) => sum + Buffer.byteLength(m.content), 0);
    const share = await shareChat(owner, chat.id);
    const before = await databaseBytes(t);
    const rowsBefore = await rowCounts(t);

    const added = [
      { role: 'user' as const, content: messageText(MESSAGES) },
      { role: 'assistant' as const, content: messageText(MESSAGES + 1) },
    ];
    await appendMessages(t, chat.id, chat.currentMessageId, added);
    await shareChat(owner, chat.id);
    const afterUpdate = await databaseBytes(t);
    const rowsAfterUpdate = await rowCounts(t);
    const addedBytes = added.reduce((sum, m) => sum + Buffer.byteLength(m.content), 0);

    const started = performance.now();
    for (let i = 0; i < FORKS; i += 1) {
      const fork = await viewer.client.post(`/api/v1/shares/${share.id}/fork`);
      if (fork.status !== 201) throw new Error(`fork ${i}: ${fork.status}`);
    }
    const forkMs = (performance.now() - started) / FORKS;
    const afterForks = await databaseBytes(t);
    const rowsAfterForks = await rowCounts(t);
    const snapshotBytes = chatBytes + addedBytes;

    return [
      `### ${dialect}`,
      '',
      `A chat of ${MESSAGES} messages (${kib(chatBytes)} of text), shared.`,
      '',
      '| step | database growth | text involved | growth ÷ text | rows added |',
      '|---|---|---|---|---|',
      `| 2 new messages, then "Update and Copy Link" | ${kib(afterUpdate - before)} | ${kib(addedBytes)} (the 2 messages) | ${((afterUpdate - before) / addedBytes).toFixed(2)} | bodies +${rowsAfterUpdate.message_bodies - rowsBefore.message_bodies}, messages +${rowsAfterUpdate.messages - rowsBefore.messages}, snapshot nodes +${rowsAfterUpdate.snapshot_nodes - rowsBefore.snapshot_nodes} (a new ${MESSAGES + 2}-node snapshot replaces the old one) |`,
      `| ${FORKS} forks of the link | ${kib(afterForks - afterUpdate)} | ${kib(snapshotBytes * FORKS)} (${FORKS} copies of ${MESSAGES + 2} messages) | ${((afterForks - afterUpdate) / (snapshotBytes * FORKS)).toFixed(4)} | bodies +${rowsAfterForks.message_bodies - rowsAfterUpdate.message_bodies}, messages +${rowsAfterForks.messages - rowsAfterUpdate.messages} |`,
      '',
      `Per fork: ${kib((afterForks - afterUpdate) / FORKS)} (one chat row that builds on the link's snapshot; its ${MESSAGES + 2} messages are read from it), ${forkMs.toFixed(1)} ms through the API in-process.`,
      '',
    ].join('\n');
  } finally {
    await t.close();
  }
}

const sections = [await run('SQLite')];
if (testEnvironment().databaseUrl) {
  process.env.PARLEY_TEST_DIALECT = 'postgres';
  sections.push(await run('PostgreSQL'));
}
const report = [
  '# Storage: re-sharing and forking',
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} with \`npx tsx bench/storage.ts\` (PostgreSQL too with TEST_DATABASE_URL set).`,
  'SQLite: used pages after a WAL checkpoint. PostgreSQL: pg_total_relation_size of the chat and share tables after VACUUM',
  '(dead rows of the replaced snapshot stay allocated until reused, so the update step is an upper bound there).',
  '',
  ...sections,
].join('\n');
writeFileSync(path.join(import.meta.dirname, 'storage.md'), report);
console.log(report);
