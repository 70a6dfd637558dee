import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './db/database.js';
import { startFakeModelServer, type FakeModelServer } from './llm/testing/fake-model-server.js';
import { buildParley, freePort, HttpClient, startParley, stopParley, type ParleyBuild, type ParleyProcess } from './test/child-process.js';
import { contentProblems, NO_CONTENT_PROBLEMS } from './test/content-invariant.js';
import { createTestDatabase } from './test/harness.js';

/**
 * Crash consistency (issue 11): Parley is killed with SIGKILL at random moments while it
 * re-shares, deletes chats, imports and streams replies, PARLEY_KILLS times (50 by default) on
 * one database, and restarted. After every kill the database keeps the content invariant, every
 * link shows a whole snapshot (or is gone), every write that was answered 2xx is still there,
 * and no reply is left streaming.
 */

const KILLS = Number(process.env.PARLEY_KILLS ?? 50);
const random = (n: number) => Math.floor(Math.random() * n);

let build: ParleyBuild;
let fake: FakeModelServer;
let exportFile: unknown[];
beforeAll(async () => {
  build = buildParley();
  fake = await startFakeModelServer();
  fake.script = { tokens: Array.from({ length: 30 }, (_, i) => `token${i} `), tokenDelayMs: 10 };
  exportFile = JSON.parse(await readFile(path.join(import.meta.dirname, 'chats', 'fixtures', 'openwebui-export.json'), 'utf8')) as unknown[];
});
afterAll(async () => {
  build.remove();
  await fake.close();
});

/** The export with new ids, so that each import adds chats rather than skipping them. */
function freshExport(): unknown[] {
  const suffix = Math.random().toString(36).slice(2);
  return exportFile.map((chat) => ({ ...(chat as Record<string, unknown>), id: `${(chat as { id: string }).id}-${suffix}` }));
}

interface Known {
  /** Chats whose creation or import was answered 2xx, and whose deletion was never tried. */
  live: Set<string>;
  /** Chats whose deletion was answered 204. */
  deleted: Set<string>;
  /** Chats whose link was put with a 2xx, and which no revoke or deletion has been tried on since. */
  shared: Set<string>;
}

async function snapshotNodeCount(db: Db, shareId: string): Promise<number> {
  const result = await sql<{ n: number }>`
    with recursive path(id) as (
      select l.node_id from snapshot_leaves l join shares s on s.snapshot_id = l.snapshot_id where s.id = ${shareId}
      union
      select n.parent_id from snapshot_nodes n join path p on n.id = p.id where n.parent_id is not null
    )
    select count(*) as n from path`.execute(db);
  return result.rows[0]?.n ?? 0;
}

/**
 * One burst of writes in flight; each promise resolves (never rejects) once it has its answer or
 * its broken connection. A write cut off without an answer may or may not have committed, so the
 * chats it touches leave what is known until an answer says otherwise.
 */
function burst(client: HttpClient, known: Known): Promise<void>[] {
  const chats = [...known.live];
  const pick = () => chats[random(chats.length)] ?? '';
  const ops: Promise<void>[] = [];
  const attempt = (work: () => Promise<void>) => ops.push(work().catch(() => undefined));
  const doomed = pick();
  const revoked = pick();
  known.live.delete(doomed);
  known.shared.delete(doomed);
  known.shared.delete(revoked);
  for (let i = 0; i < 3; i += 1) {
    const chatId = pick();
    attempt(async () => {
      const reply = await client.request('PUT', `/api/v1/chats/${chatId}/share`, { includeHistory: Math.random() < 0.5 });
      if ((reply.status === 200 || reply.status === 201) && chatId !== doomed && chatId !== revoked) known.shared.add(chatId);
    });
  }
  attempt(async () => {
    const reply = await client.request('DELETE', `/api/v1/chats/${doomed}`);
    if (reply.status === 204) known.deleted.add(doomed);
  });
  attempt(async () => {
    await client.request('DELETE', `/api/v1/chats/${revoked}/share`);
  });
  attempt(async () => {
    const reply = await client.request('POST', '/api/v1/chats/import', freshExport());
    if (reply.status === 200) for (const id of (reply.json() as { chatIds: string[] }).chatIds) known.live.add(id);
  });
  const talking = pick();
  attempt(async () => {
    await client.request('POST', `/api/v1/chats/${talking}/messages`, { content: `Tell me more ${Math.random()}`, stream: true });
  });
  return ops;
}

/** After a restart: what was answered 2xx is there, every link is whole, no reply streams. */
async function checkAfterRestart(client: HttpClient, db: Db, known: Known, kill: number): Promise<void> {
  const step = `after kill ${kill}`;
  for (const chatId of known.deleted) expect((await client.request('GET', `/api/v1/chats/${chatId}`)).status, step).toBe(404);
  for (const chatId of known.live) {
    const chat = await client.request('GET', `/api/v1/chats/${chatId}`);
    expect(chat.status, `${step}: chat ${chatId}`).toBe(200);
    const statuses = (chat.json() as { chat: { messages: { status: string }[] } }).chat.messages.map((m) => m.status);
    expect(statuses, `${step}: no reply left streaming`).not.toContain('streaming');
  }
  for (const chatId of known.shared) expect((await client.request('GET', `/api/v1/chats/${chatId}/share`)).status, step).toBe(200);
  const links = await db.selectFrom('shares').select(['id', 'chat_id']).execute();
  for (const link of links) {
    const viewed = await client.request('GET', `/api/v1/shares/${link.id}`);
    expect(viewed.status, `${step}: link of ${link.chat_id}`).toBe(200);
    const messages = (viewed.json() as { messages: unknown[] }).messages;
    expect(messages.length, `${step}: the link shows its whole snapshot`).toBe(await snapshotNodeCount(db, link.id));
    expect((await client.request('GET', `/s/${link.id}`)).status, step).toBe(200);
  }
}

/** A database and data folder of the test's own, and the environment of a Parley process on them. */
async function newInstance(prefix: string, extraEnv: Record<string, string> = {}) {
  const dataDir = await mkdtemp(path.join(tmpdir(), prefix));
  const { database, drop } = await createTestDatabase(dataDir);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    PUBLIC_URL: url,
    OPENAI_API_BASE_URL: fake.baseUrl,
    ...extraEnv,
    ...(database.dialect === 'postgres' && { DATABASE_URL: database.url }),
  };
  const db = openDatabase(database);
  const remove = async () => {
    await db.destroy();
    await drop();
    await rm(dataDir, { recursive: true, force: true });
  };
  return { port, url, env, db, dialect: database.dialect, remove };
}

describe('killed with SIGKILL at random moments', () => {
  it(`keeps every link whole, every committed write and no orphan text, over ${KILLS} kills`, async () => {
    const { port, url, env, db, dialect, remove } = await newInstance('parley-crash-', { REPLY_STALE_AFTER_MS: '100' });
    let parley: ParleyProcess | undefined;
    try {
      parley = await startParley(build, port, env);
      const client = new HttpClient(url);
      expect((await client.request('POST', '/api/v1/auth/signup', { email: 'ada@example.com', name: 'Ada', password: 'crash-test-password' })).status).toBe(201);
      const known: Known = { live: new Set(), deleted: new Set(), shared: new Set() };
      const started = Date.now();
      for (let kill = 1; kill <= KILLS; kill += 1) {
        while (known.live.size < 4) {
          const made = await client.request('POST', '/api/v1/chats', {
            messages: [
              { role: 'user', content: `question ${kill} ${Math.random()}` },
              { role: 'assistant', content: `answer ${kill}` },
            ],
          });
          expect(made.status).toBe(201);
          known.live.add((made.json() as { chat: { id: string } }).chat.id);
        }
        const ops = burst(client, known);
        await new Promise((resolve) => setTimeout(resolve, random(150)));
        await stopParley(parley, 'SIGKILL');
        await Promise.all(ops);
        expect(await contentProblems(db), `right after kill ${kill}`).toEqual(NO_CONTENT_PROBLEMS);
        parley = await startParley(build, port, env);
        await checkAfterRestart(client, db, known, kill);
      }
      // The figure for the closing note.
      console.log(`crash test (${dialect}): ${KILLS} kills survived in ${Math.round((Date.now() - started) / 1000)} s`);
    } finally {
      if (parley) await stopParley(parley, 'SIGKILL');
      await remove();
    }
  }, 600_000);
});

describe('SIGTERM', () => {
  it('lets streams in flight finish, marks replies being written as stopped, and exits 0 within seconds', async () => {
    const { port, url, env, db, remove } = await newInstance('parley-sigterm-');
    const parley = await startParley(build, port, env);
    try {
      const client = new HttpClient(url);
      expect((await client.request('POST', '/api/v1/auth/signup', { email: 'ada@example.com', name: 'Ada', password: 'sigterm-test-password' })).status).toBe(201);
      const made = await client.request('POST', '/api/v1/chats', { messages: [{ role: 'user', content: 'hello' }] });
      const chatId = (made.json() as { chat: { id: string } }).chat.id;
      fake.script = { tokens: Array.from({ length: 100 }, (_, i) => `slow${i} `), tokenDelayMs: 100 };
      const streams = [1, 2].map(() => client.request('POST', `/api/v1/chats/${chatId}/messages`, { content: 'Go slowly', parentId: null }));
      await new Promise((resolve) => setTimeout(resolve, 800));
      const signalled = Date.now();
      parley.child.kill('SIGTERM');
      for (const stream of await Promise.all(streams)) {
        expect(stream.status).toBe(200);
        expect(stream.text).toContain('event: error');
        expect(stream.text).toContain('Parley was shutting down');
      }
      expect(await parley.exited).toEqual({ code: 0, signal: null });
      expect(Date.now() - signalled).toBeLessThan(5_000);
      const replies = await db.selectFrom('messages').select(['status', 'error']).where('chat_id', '=', chatId).where('role', '=', 'assistant').execute();
      expect(replies).toHaveLength(2);
      for (const reply of replies) expect(reply).toEqual({ status: 'failed', error: 'Parley was shutting down.' });
    } finally {
      await stopParley(parley, 'SIGKILL');
      fake.script = { tokens: Array.from({ length: 30 }, (_, i) => `token${i} `), tokenDelayMs: 10 };
      await remove();
    }
  }, 120_000);
});
