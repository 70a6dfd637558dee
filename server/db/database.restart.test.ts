import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse } from '../test/client.js';
import { freePort } from '../test/child-process.js';
import { createChat, createUser, type TestUser } from '../test/factories.js';
import { GENEROUS_RATE_LIMITS, startTestApp, type TestApp } from '../test/harness.js';
import { testEnvironment } from '../test/environment.js';

/**
 * PostgreSQL restarted under load (issue 11): while it is down every request answers a clear 503
 * `service_unavailable`, never a 500 or a hang, and once it is back requests succeed again without
 * restarting Parley. The machine's shared PostgreSQL is left alone: the test starts a private one
 * in a temporary directory, and is skipped where the PostgreSQL server tools are missing.
 */

const binDir = (() => {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const version = readdirSync(base).sort().at(-1);
  const dir = version === undefined ? null : path.join(base, version, 'bin');
  return dir !== null && existsSync(path.join(dir, 'pg_ctl')) ? dir : null;
})();
const runnable = testEnvironment().dialect === 'postgres' && binDir !== null;
const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL tool, as the postgres user when we are root (root may not run the server). */
function pgTool(tool: string, args: string[]): void {
  const command = path.join(binDir ?? '', tool);
  if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' });
  else execFileSync(command, args, { stdio: 'pipe' });
}

let dir: string;
let port: number;
let t: TestApp;
let ada: TestUser;

const pgCtl = (action: 'start' | 'stop') =>
  action === 'start'
    ? pgTool('pg_ctl', ['-D', path.join(dir, 'data'), '-l', path.join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, 'start'])
    : pgTool('pg_ctl', ['-D', path.join(dir, 'data'), '-m', 'fast', '-w', 'stop']);

beforeAll(async () => {
  if (!runnable) return;
  dir = await mkdtemp(path.join(tmpdir(), 'parley-pg-'));
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  port = await freePort();
  pgTool('initdb', ['-D', path.join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  pgCtl('start');
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query('CREATE DATABASE parley');
  await admin.end();
  t = await startTestApp({ rateLimits: GENEROUS_RATE_LIMITS, database: { dialect: 'postgres', url: `postgres://postgres@127.0.0.1:${port}/parley` } });
  ada = await createUser(t);
}, 120_000);
afterAll(async () => {
  if (!runnable) return;
  await t.close();
  try {
    pgCtl('stop');
  } catch {
    // Already stopped by a failed test.
  }
  await rm(dir, { recursive: true, force: true });
});

/** A mix of reads and writes, as a user would send them. */
async function load(chatId: string): Promise<ApiResponse[]> {
  return Promise.all([
    ada.client.get('/api/v1/chats'),
    ada.client.get(`/api/v1/chats/${chatId}`),
    ada.client.put(`/api/v1/chats/${chatId}/share`, {}),
    ada.client.post('/api/v1/chats', { title: 'During the restart' }),
    ada.client.get('/api/v1/auth/me'),
  ]);
}

describe.runIf(runnable)('PostgreSQL restarted under load', () => {
  it('answers 503 service_unavailable while it is down, and serves again once it is back', async () => {
    const chat = await createChat(ada, { messages: 2 });
    expect((await load(chat.id)).map((r) => r.status)).toEqual([200, 200, 201, 201, 200]);

    const during = load(chat.id);
    pgCtl('stop');
    const statuses = [...(await during), ...(await load(chat.id)), ...(await load(chat.id))].map((r) => r.status);
    expect(statuses.filter((s) => s >= 500 && s !== 503)).toEqual([]);
    const down = await load(chat.id);
    for (const reply of down) {
      expect(reply.status).toBe(503);
      expect(reply.body).toMatchObject({ error: { code: 'service_unavailable' } });
    }

    pgCtl('start');
    let back: number[] = [];
    for (let attempt = 0; attempt < 50; attempt += 1) {
      back = (await load(chat.id)).map((r) => r.status);
      if (back.every((s) => s < 300)) break;
      expect(back.filter((s) => s >= 500 && s !== 503)).toEqual([]);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(back).toEqual([200, 200, 200, 201, 200]);
  }, 60_000);
});
