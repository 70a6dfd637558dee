import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createParley, type App } from '../app.js';
import { loadConfig } from '../config.js';
import { ApiClient } from '../test/client.js';
import { createTestDatabase, GENEROUS_RATE_LIMITS, TEST_PUBLIC_URL } from '../test/harness.js';
import { testEnvironment } from '../test/environment.js';
import { InstanceSecretMismatchError } from './instance-secret.js';

// Several instances on one PostgreSQL database, each with its own DATA_DIR (docs/architecture.md,
// "Running several instances"). SQLite keeps its secret in DATA_DIR (server/config.test.ts).
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function sharedDatabase(): Promise<string> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'parley-secret-'));
  const { database, drop } = await createTestDatabase(dataDir);
  cleanups.push(async () => {
    await drop();
    await rm(dataDir, { recursive: true, force: true });
  });
  if (database.dialect !== 'postgres') throw new Error('needs PostgreSQL');
  return database.url;
}

async function instance(databaseUrl: string, env: Record<string, string> = {}): Promise<App> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'parley-instance-'));
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const config = {
    ...loadConfig({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', PUBLIC_URL: TEST_PUBLIC_URL, ...env }),
    rateLimits: GENEROUS_RATE_LIMITS,
  };
  const app = await createParley(config);
  cleanups.push(() => app.close());
  return app;
}

const signUp = { email: 'ada@example.com', password: 'correct horse battery staple', name: 'Ada' };

describe.skipIf(testEnvironment().dialect !== 'postgres')('the instance secret on PostgreSQL', () => {
  it('is created once and shared: a session made on one instance works on another, with no SECRET_KEY', async () => {
    const url = await sharedDatabase();
    const [a, b] = await Promise.all([instance(url), instance(url)]);
    expect(a.deps.config.secretKey).toBe(b.deps.config.secretKey);
    const made = await new ApiClient(a).post('/api/v1/auth/signup', signUp);
    expect(made.status).toBe(201);
    const token = made.cookies.find((c) => c.name === 'parley_session')?.value ?? '';
    const me = await new ApiClient(b, { sessionToken: token }).get<{ user: { email: string } }>('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(signUp.email);
    // An instance started later reads the same secret.
    const c = await instance(url);
    expect((await new ApiClient(c, { sessionToken: token }).get('/api/v1/auth/me')).status).toBe(200);
  });

  it('takes an explicit SECRET_KEY as the stored secret when it is the first, and accepts it again', async () => {
    const url = await sharedDatabase();
    const key = 'k'.repeat(40);
    const a = await instance(url, { SECRET_KEY: key });
    expect(a.deps.config.secretKey).toBe(key);
    const b = await instance(url);
    expect(b.deps.config.secretKey).toBe(key);
    expect((await instance(url, { SECRET_KEY: key })).deps.config.secretKey).toBe(key);
  });

  it('refuses to start with a SECRET_KEY that differs from the stored one', async () => {
    const url = await sharedDatabase();
    await instance(url);
    await expect(instance(url, { SECRET_KEY: 'x'.repeat(40) })).rejects.toBeInstanceOf(InstanceSecretMismatchError);
  });
});
