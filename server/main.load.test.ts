import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnvironment } from './test/environment.js';
import { openDatabase } from './db/database.js';
import { startFakeModelServer, type FakeModelServer } from './llm/testing/fake-model-server.js';
import { buildParley, freePort, HttpClient, startParley, stopParley, type ParleyBuild, type ParleyProcess } from './test/child-process.js';
import { createTestDatabase } from './test/harness.js';
import type { MemoryReading } from './http/test-hooks.js';

/**
 * Load (issue 11): Parley as a child process, saturated for PARLEY_LOAD_SECONDS (60 by default)
 * by 32 workers on a weighted mix of share page views, chat and link lists, re-shares, revokes
 * and re-creates, forks and streaming replies. No answer may be a 5xx (nor a 429: the limits are
 * set out of reach), and the memory retained after a full collection may not grow from the end of
 * one phase of that load to the end of the next (the child runs with its test hooks and
 * --expose-gc). Then SIGTERM arrives with requests and streams in flight: answered requests are
 * whole and not 5xx, except the clean 503 Fastify gives a request that arrives on an open
 * connection after closing began (a new connection is refused); streams end with the shutdown
 * error event and the replies are saved failed with what they relayed; the process exits 0
 * within 10 s (docs/architecture.md, Faults).
 */

// A full minute on PostgreSQL (the scale-out dialect) and a shorter run on SQLite, to keep CI
// within its time; PARLEY_LOAD_SECONDS sets both.
const LOAD_SECONDS = Number(process.env.PARLEY_LOAD_SECONDS ?? (testEnvironment().dialect === 'postgres' ? 60 : 20));
const WORKERS = 32;
/**
 * How much more memory may be retained after phase B than after phase A. Between two phases of
 * the same load the heap after a full collection moved by less than 0.5 MB here (code being
 * optimised, pools settling); 2 MB is four times that, and still fails a leak of 2 KB a request
 * over the thousand or so requests of a phase.
 */
const HEAP_MARGIN_BYTES = 2 * 1024 * 1024;
const USERS = 4;
const CHATS_PER_USER = 3;
const PASSWORD = 'load-test-password-7';
const SHUTDOWN_ERROR = 'Parley was shutting down.';
const random = (n: number) => Math.floor(Math.random() * n);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** VmRSS of a process, in bytes (Linux). */
function rssBytes(pid: number): number {
  const line = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!line?.[1]) throw new Error(`no VmRSS for ${pid}`);
  return Number(line[1]) * 1024;
}
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

interface Link {
  owner: HttpClient;
  chatId: string;
  /** The link's id; for a while after a revoke, the dead one (its views answer 404). */
  shareId: string;
}

/** Answers by operation and status; `cut` is a request whose connection broke. */
class Tally {
  readonly counts = new Map<string, number>();
  total = 0;
  add(operation: string, status: number | 'cut') {
    const key = `${operation} ${status}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.total += 1;
  }
  /** Answers that are a failure of Parley (5xx, a broken connection) or of the setup (429). */
  failures(): string[] {
    return [...this.counts].filter(([key]) => / (5\d\d|429|cut)$/.test(key)).map(([key, n]) => `${key} ×${n}`);
  }
  report(): string {
    return [...this.counts].sort(([a], [b]) => a.localeCompare(b)).map(([key, n]) => `${key}: ${n}`).join(', ');
  }
}

let build: ParleyBuild;
let fake: FakeModelServer;
beforeAll(async () => {
  build = buildParley();
  fake = await startFakeModelServer();
  fake.script = { tokens: ['Load ', 'test ', 'reply ', 'in ', 'tokens.'], tokenDelayMs: 20 };
});
afterAll(async () => {
  build.remove();
  await fake.close();
});

async function signUp(url: string, n: number): Promise<HttpClient> {
  const client = new HttpClient(url);
  const reply = await client.request('POST', '/api/v1/auth/signup', { email: `load${n}@example.com`, name: `Load ${n}`, password: PASSWORD });
  expect(reply.status, reply.text).toBe(201);
  return client;
}

/** A user's chat with a short conversation, shared with every member. */
async function sharedChat(owner: HttpClient, n: number): Promise<Link> {
  const made = await owner.request('POST', '/api/v1/chats', {
    title: `Load chat ${n}`,
    messages: [
      { role: 'user', content: `Question ${n}` },
      { role: 'assistant', content: `Answer ${n}` },
    ],
  });
  expect(made.status, made.text).toBe(201);
  const chatId = (made.json() as { chat: { id: string } }).chat.id;
  const shared = await owner.request('PUT', `/api/v1/chats/${chatId}/share`, { access: 'members' });
  expect(shared.status, shared.text).toBe(201);
  return { owner, chatId, shareId: (shared.json() as { share: { id: string } }).share.id };
}

/** A streaming reply read as it arrives; `firstDelta` resolves at its first piece of text (or its end). */
function streamReply(client: HttpClient, chatId: string): { firstDelta: Promise<void>; done: Promise<{ status: number; text: string }> } {
  const seen = { resolve: (): void => undefined };
  const firstDelta = new Promise<void>((resolve) => (seen.resolve = resolve));
  const done = (async () => {
    try {
      const response = await fetch(`${client.url}/api/v1/chats/${chatId}/messages`, {
        method: 'POST',
        headers: { origin: client.url, cookie: client.cookie, 'content-type': 'application/json' },
        body: JSON.stringify({ content: 'Go slowly', parentId: null }),
      });
      let text = '';
      const decoder = new TextDecoder();
      const reader = response.body?.getReader();
      for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
        text += decoder.decode(chunk.value, { stream: true });
        if (text.includes('event: delta')) seen.resolve();
      }
      return { status: response.status, text };
    } finally {
      seen.resolve();
    }
  })();
  return { firstDelta, done };
}

/** The text of a stream's `delta` events, in order. */
function deltasOf(events: string): string {
  return events
    .split('\n\n')
    .filter((event) => event.startsWith('event: delta\n'))
    .map((event) => (JSON.parse(event.slice(event.indexOf('data: ') + 6)) as { content: string }).content)
    .join('');
}

/** One operation of the mix, by weight; each counts its answer in `tally`. */
function pickOperation(users: HttpClient[], links: Link[], talks: Map<HttpClient, string>, tally: Tally): () => Promise<void> {
  const user = users[random(users.length)] ?? new HttpClient('');
  const link = links[random(links.length)] ?? { owner: user, chatId: '', shareId: '' };
  const call = async (operation: string, client: HttpClient, method: string, route: string, body?: unknown) => {
    try {
      const reply = await client.request(method, route, body);
      tally.add(operation, reply.status);
      return reply;
    } catch {
      tally.add(operation, 'cut');
      return null;
    }
  };
  const shareId = link.shareId;
  const mix: [number, () => Promise<unknown>][] = [
    [30, () => call('page view', user, 'GET', `/s/${shareId}`)],
    [10, () => call('viewer API', user, 'GET', `/api/v1/shares/${shareId}`)],
    [15, () => call('chat list', user, 'GET', '/api/v1/chats?limit=50')],
    [10, () => call('shared chats list', user, 'GET', '/api/v1/shares?limit=50')],
    [10, () => call('re-share', link.owner, 'PUT', `/api/v1/chats/${link.chatId}/share`, { access: 'members' })],
    [
      4,
      async () => {
        await call('revoke', link.owner, 'DELETE', `/api/v1/chats/${link.chatId}/share`);
        const again = await call('re-create', link.owner, 'PUT', `/api/v1/chats/${link.chatId}/share`, { access: 'members' });
        if (again && again.status < 300) link.shareId = (again.json() as { share: { id: string } }).share.id;
      },
    ],
    [6, () => call('fork', user, 'POST', `/api/v1/shares/${shareId}/fork`)],
    // In a chat of the user's own, not a shared one: links whose snapshots grew with every reply
    // would make the load heavier as it runs.
    [15, () => call('stream', user, 'POST', `/api/v1/chats/${talks.get(user) ?? ''}/messages`, { content: 'Say something', parentId: null })],
  ];
  let roll = random(mix.reduce((sum, [weight]) => sum + weight, 0));
  for (const [weight, operation] of mix) {
    if (roll < weight)
      return async () => {
        await operation();
      };
    roll -= weight;
  }
  throw new Error('unreachable');
}

describe('under load', () => {
  it(
    `holds ${LOAD_SECONDS} s at saturation with no 5xx and no memory growth, then shuts down cleanly on SIGTERM`,
    async () => {
      const dataDir = await mkdtemp(path.join(tmpdir(), 'parley-load-'));
      const { database, drop } = await createTestDatabase(dataDir);
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      const plenty = '1000000/1m';
      const env: Record<string, string> = {
        DATA_DIR: dataDir,
        PUBLIC_URL: url,
        OPENAI_API_BASE_URL: fake.baseUrl,
        PARLEY_TEST_HOOKS: '1',
        RATE_LIMIT_SIGN_IN: plenty,
        RATE_LIMIT_SIGN_UP: plenty,
        RATE_LIMIT_SHARE: plenty,
        RATE_LIMIT_FORK: plenty,
        RATE_LIMIT_IMPORT: plenty,
        ...(database.dialect === 'postgres' && { DATABASE_URL: database.url }),
      };
      const db = openDatabase(database);
      let parley: ParleyProcess | undefined;
      try {
        parley = await startParley(build, port, env, ['--expose-gc']);
        const pid = parley.child.pid ?? 0;
        const users: HttpClient[] = [];
        for (let n = 0; n < USERS; n += 1) users.push(await signUp(url, n));
        const talks = new Map<HttpClient, string>();
        for (const user of users) {
          const talk = await user.request('POST', '/api/v1/chats', { title: 'Talk' });
          talks.set(user, (talk.json() as { chat: { id: string } }).chat.id);
        }
        const links: Link[] = [];
        for (const [u, owner] of users.entries()) for (let c = 0; c < CHATS_PER_USER; c += 1) links.push(await sharedChat(owner, u * 10 + c));

        // Saturation: every worker starts its next operation as soon as the last one is answered.
        // Three equal phases, each drained before the memory is read (nothing in flight then): a
        // warm-up, that fills what is meant to fill (code, caches, pools), then A and B.
        const tally = new Tally();
        // Each phase ends at a fixed time from the start, so the drains take nothing from CI's time.
        const phase = async (until: number) => {
          const before = tally.total;
          await Promise.all(
            Array.from({ length: WORKERS }, async () => {
              while (Date.now() < until) await pickOperation(users, links, talks, tally)();
            }),
          );
          return tally.total - before;
        };
        const probe = new HttpClient(url);
        const memory = async (): Promise<MemoryReading> => {
          const reply = await probe.request('GET', '/api/v1/test-hooks/memory');
          expect(reply.status, reply.text).toBe(200);
          const reading = reply.json() as MemoryReading;
          expect(reading.collected, 'the child runs with --expose-gc').toBe(true);
          return reading;
        };
        const started = Date.now();
        const phaseEnd = (n: number) => started + (LOAD_SECONDS * 1000 * n) / 3;
        const startRss = rssBytes(pid);
        await phase(phaseEnd(1));
        const warm = await memory();
        const requestsA = await phase(phaseEnd(2));
        const afterA = await memory();
        const requestsB = await phase(phaseEnd(3));
        const afterB = await memory();
        const seconds = (Date.now() - started) / 1000;
        const show = (m: MemoryReading) =>
          `heap ${mb(m.heapUsed)} + external ${mb(m.external)} (pages cached ${mb(m.caches.pages?.bytes ?? 0)}), RSS ${mb(m.rss)}`;
        console.log(
          `load test (${database.dialect}): ${tally.total} requests in ${seconds.toFixed(1)} s (${Math.round(tally.total / seconds)}/s) ` +
            `by ${WORKERS} workers (${requestsA} in A, ${requestsB} in B); RSS ${mb(startRss)} at start; after GC: warm-up ${show(warm)}; ` +
            `A ${show(afterA)}; B ${show(afterB)}; ${tally.report()}`,
        );
        expect(tally.failures()).toEqual([]);
        expect(requestsA).toBeGreaterThan(0);
        expect(requestsB).toBeGreaterThan(0);
        // No growth: what the process retains after a full collection (its heap, and the memory of
        // its Buffers) at the end of B is what it retained at the end of A, give or take
        // HEAP_MARGIN_BYTES; A and B carry the same load. What the caches hold is left out: it may
        // grow up to their budgets, which bound the memory behind their entries (page-cache.ts).
        // RSS is printed, not asserted: after the same collection it moves by tens of MB with how
        // V8 and malloc size their heaps, whatever is retained.
        const retained = (m: MemoryReading) => m.heapUsed + m.external - Object.values(m.caches).reduce((sum, cache) => sum + cache.bytes, 0);
        expect(retained(afterB) - retained(afterA), `${show(afterA)} → ${show(afterB)}`).toBeLessThan(HEAP_MARGIN_BYTES);

        // SIGTERM with slow streams and plain requests in flight, and more requests arriving after it.
        fake.script = { tokens: Array.from({ length: 100 }, (_, i) => `slow${i} `), tokenDelayMs: 50 };
        const owner = users[0] ?? new HttpClient(url);
        const made = await owner.request('POST', '/api/v1/chats', { title: 'Streams at shutdown', messages: [{ role: 'user', content: 'hello' }] });
        const streamChatId = (made.json() as { chat: { id: string } }).chat.id;
        const streams = Array.from({ length: 4 }, () => streamReply(owner, streamChatId));
        // Each stream has begun before the plain requests start (competing with them, on a slow
        // machine the first token could take seconds); then SIGTERM with both in flight.
        await Promise.all(streams.map((stream) => stream.firstDelta));
        const closing = new Tally();
        const signalled = { at: 0 };
        const plain = Array.from({ length: WORKERS }, async () => {
          while (signalled.at === 0 || Date.now() - signalled.at < 300) await pickOperation(users, links, talks, closing)();
        });
        await sleep(500);
        signalled.at = Date.now();
        parley.child.kill('SIGTERM');
        const exited = await parley.exited;
        const exitMs = Date.now() - signalled.at;
        await Promise.all(plain);
        const received: string[] = [];
        for (const stream of await Promise.all(streams.map((s) => s.done))) {
          expect(stream.status).toBe(200);
          expect(stream.text).toContain('event: error');
          expect(stream.text).toContain('Parley was shutting down');
          received.push(deltasOf(stream.text));
        }
        console.log(`load test (${database.dialect}): SIGTERM exit ${JSON.stringify(exited)} after ${exitMs} ms; ${closing.report()}`);
        expect(exited).toEqual({ code: 0, signal: null });
        expect(exitMs).toBeLessThan(10_000);
        // 503 is Fastify's answer to a request that arrives after closing began; a broken
        // connection is one the server had not begun to answer (refused, or idle and closed).
        const failures = closing.failures().filter((failure) => !/ (503|cut) ×\d+$/.test(failure));
        expect(failures).toEqual([]);
        expect(closing.total - [...closing.counts].filter(([key]) => / (503|cut)$/.test(key)).reduce((sum, [, n]) => sum + n, 0)).toBeGreaterThan(0);

        const replies = await db.selectFrom('messages').select(['status', 'error']).where('chat_id', '=', streamChatId).where('role', '=', 'assistant').execute();
        expect(replies).toEqual(Array.from({ length: 4 }, () => ({ status: 'failed', error: SHUTDOWN_ERROR })));
        const streaming = await db.selectFrom('messages').select('id').where('status', '=', 'streaming').execute();
        expect(streaming, 'no reply is left streaming').toEqual([]);
        // After a restart, each stopped reply keeps the tokens that arrived before the signal.
        parley = await startParley(build, port, env);
        const chat = await owner.request('GET', `/api/v1/chats/${streamChatId}`);
        const kept = (chat.json() as { chat: { messages: { role: string; status: string; content: string }[] } }).chat.messages.filter((m) => m.role === 'assistant');
        expect(kept).toHaveLength(4);
        for (const reply of kept) {
          expect(reply.status).toBe('failed');
          expect(reply.content).toMatch(/^slow0 (slow\d+ )*$/);
        }
        // Exactly what each stream relayed before the shutdown error.
        expect(kept.map((reply) => reply.content).sort()).toEqual(received.sort());
      } finally {
        fake.script = { tokens: ['Load ', 'test ', 'reply ', 'in ', 'tokens.'], tokenDelayMs: 20 };
        if (parley) await stopParley(parley, 'SIGKILL');
        await db.destroy();
        await drop();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
    LOAD_SECONDS * 1000 + 120_000,
  );
});
