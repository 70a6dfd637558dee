import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from './test/harness.js';

const root = path.resolve(import.meta.dirname, '..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

let child: ChildProcess | undefined;
let dataDir: string | undefined;
let dropDatabase: (() => Promise<void>) | undefined;
afterEach(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  child = undefined;
  await dropDatabase?.();
  dropDatabase = undefined;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

function start(env: Record<string, string>): { output: () => string; exited: Promise<number | null> } {
  let output = '';
  const proc = spawn(tsx, ['server/main.ts'], { cwd: root, env: { PATH: process.env.PATH ?? '', ...env } });
  proc.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  proc.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child = proc;
  return { output: () => output, exited: new Promise((resolve) => proc.on('exit', resolve)) };
}

async function waitForReady(url: string): Promise<Response> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      return await fetch(url);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

describe('npm start (server/main.ts)', () => {
  it('starts on PORT with a new database in DATA_DIR, and serves the API and the web app', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'parley-start-'));
    const port = await freePort();
    const env: Record<string, string> = { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' };
    // On the PostgreSQL run, the migrations run on a new database of the test server too.
    const { database, drop } = await createTestDatabase(dataDir);
    dropDatabase = drop;
    if (database.dialect === 'postgres') env.DATABASE_URL = database.url;
    const server = start(env);
    const config = await waitForReady(`http://127.0.0.1:${port}/api/v1/config`);
    expect(config.status).toBe(200);
    expect(await config.json()).toMatchObject({ name: 'Parley' });
    if (!env.DATABASE_URL) expect(existsSync(path.join(dataDir, 'parley.db'))).toBe(true);
    // SQLite keeps the instance secret in DATA_DIR; PostgreSQL keeps it in the database, for every instance.
    expect(existsSync(path.join(dataDir, 'secret_key'))).toBe(!env.DATABASE_URL);

    const page = await fetch(`http://127.0.0.1:${port}/`);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<div id="root">');
    // The log is written in batches: a line is out within a second.
    await expect.poll(() => server.output(), { timeout: 3000 }).toContain('"route":"/api/v1/config"');
  });

  it('writes the log lines still held when it stops', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'parley-start-'));
    const port = await freePort();
    const server = start({ PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    await waitForReady(`http://127.0.0.1:${port}/api/v1/config`);
    await (await fetch(`http://127.0.0.1:${port}/robots.txt`)).arrayBuffer();
    child?.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('"route":"/robots.txt"');
    expect(server.output()).toContain('"signal":"SIGTERM"');
  });

  it('refuses to start with a bad environment, naming each bad variable', async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'parley-start-'));
    const server = start({ DATA_DIR: dataDir, PORT: 'x', PUBLIC_URL: 'nope' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('PORT');
    expect(server.output()).toContain('PUBLIC_URL');
  });
});
