import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnvironment } from './test/environment.js';
import { createTestDatabase } from './test/harness.js';

/**
 * Two Parley processes behind one imaginary load balancer, on one PostgreSQL database and one
 * Redis, with no shared DATA_DIR and no SECRET_KEY (docs/architecture.md, "Running several
 * instances"). Runs once, in the PostgreSQL project, when both servers are there.
 */
const env = testEnvironment();
const root = path.resolve(import.meta.dirname, '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
const PUBLIC_URL = 'http://parley.test';
const SIGN_IN_LIMIT = 4;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

interface Instance {
  base: string;
  process: ChildProcess;
  output: () => string;
}

const instances: Instance[] = [];
const cleanups: (() => Promise<void>)[] = [];

async function startInstance(shared: Record<string, string>): Promise<Instance> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'parley-instance-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const port = await freePort();
  let output = '';
  const child = spawn(tsx, ['server/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...shared },
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const instance = { base: `http://127.0.0.1:${port}`, process: child, output: () => output };
  instances.push(instance);
  return instance;
}

async function waitForReady(instance: Instance): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (instance.process.exitCode !== null) throw new Error(`instance exited:\n${instance.output()}`);
    try {
      if ((await fetch(`${instance.base}/api/v1/config`)).ok) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A browser on the site's origin, with the session cookie it was given (by whichever instance). */
function call(instance: Instance, method: string, url: string, options: { body?: unknown; cookie?: string } = {}) {
  return fetch(`${instance.base}${url}`, {
    method,
    redirect: 'manual',
    headers: {
      origin: PUBLIC_URL,
      ...(options.cookie !== undefined && { cookie: options.cookie }),
      ...(options.body !== undefined && { 'content-type': 'application/json' }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

let a: Instance;
let b: Instance;
let cookie = '';
const email = `ada-${randomBytes(4).toString('hex')}@example.com`;
const password = 'correct horse battery staple';

describe.skipIf(env.databaseUrl === null || env.redisUrl === null || env.dialect !== 'postgres')('two instances', () => {
  beforeAll(async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'parley-db-'));
    const { database, drop } = await createTestDatabase(dataDir);
    cleanups.push(drop, () => rm(dataDir, { recursive: true, force: true }));
    if (database.dialect !== 'postgres') throw new Error('needs PostgreSQL');
    const shared = {
      DATABASE_URL: database.url,
      REDIS_URL: env.redisUrl ?? '',
      // Its own keys, so that other test runs on this Redis do not count against it.
      REDIS_KEY_PREFIX: `parley-two-${randomBytes(6).toString('hex')}:`,
      PUBLIC_URL,
      RATE_LIMIT_SIGN_IN: `${SIGN_IN_LIMIT}/1m`,
    };
    // Started together: both migrate the fresh database and settle on one instance secret.
    [a, b] = await Promise.all([startInstance(shared), startInstance(shared)]);
    await Promise.all([waitForReady(a), waitForReady(b)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(
      instances.map(async (instance) => {
        if (instance.process.exitCode !== null) return;
        const exited = new Promise((resolve) => instance.process.once('exit', resolve));
        instance.process.kill('SIGTERM');
        await exited;
      }),
    );
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  }, 60_000);

  it('accepts on one instance the session made on the other', async () => {
    const signUp = await call(a, 'POST', '/api/v1/auth/signup', { body: { email, password, name: 'Ada' } });
    expect(signUp.status).toBe(201);
    const session = signUp.headers.getSetCookie().find((c) => c.startsWith('parley_session='));
    cookie = (session ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/^parley_session=.+/);
    const me = await call(b, 'GET', '/api/v1/auth/me', { cookie });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(email);

    const signIn = await call(b, 'POST', '/api/v1/auth/signin', { body: { email, password } });
    expect(signIn.status).toBe(200);
    const other = (signIn.headers.getSetCookie().find((c) => c.startsWith('parley_session=')) ?? '').split(';')[0] ?? '';
    expect((await call(a, 'GET', '/api/v1/auth/me', { cookie: other })).status).toBe(200);
  });

  it('shows on one instance a link shared on the other, and a revoke on one is a 404 on the other at once', async () => {
    const created = await call(b, 'POST', '/api/v1/chats', {
      cookie,
      body: { title: 'Tides', messages: [{ role: 'user', content: 'Why are there two tides a day?' }] },
    });
    expect(created.status).toBe(201);
    const chatId = ((await created.json()) as { chat: { id: string } }).chat.id;
    const shared = await call(a, 'PUT', `/api/v1/chats/${chatId}/share`, { cookie, body: {} });
    expect(shared.status).toBe(201);
    const shareId = ((await shared.json()) as { share: { id: string } }).share.id;

    const page = await call(b, 'GET', `/s/${shareId}`, { cookie });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Why are there two tides a day?');
    expect((await call(b, 'GET', `/api/v1/shares/${shareId}`, { cookie })).status).toBe(200);

    expect((await call(a, 'DELETE', `/api/v1/chats/${chatId}/share`, { cookie })).status).toBe(204);
    expect((await call(b, 'GET', `/s/${shareId}`, { cookie })).status).toBe(404);
    expect((await call(b, 'GET', `/api/v1/shares/${shareId}`, { cookie })).status).toBe(404);
  });

  it('counts failed sign-ins on both instances together, in Redis', async () => {
    const fail = (instance: Instance) => call(instance, 'POST', '/api/v1/auth/signin', { body: { email, password: 'wrong' } });
    for (let i = 0; i < SIGN_IN_LIMIT; i += 1) expect((await fail(i % 2 === 0 ? a : b)).status).toBe(401);
    expect((await fail(a)).status).toBe(429);
    expect((await fail(b)).status).toBe(429);
    // The right password too, while the account's failures are over the limit.
    expect((await call(b, 'POST', '/api/v1/auth/signin', { body: { email, password } })).status).toBe(429);
  });
});
