import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Migrator, type Migration } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { migrations } from '../db/migrations/index.js';
import { createTestDatabase } from '../test/harness.js';
import { listShares } from './sharing.repository.js';

// Migration 0017 (the search indexes of links) on a database that already holds links: they are
// found as before, and the migration goes down and up again (docs/architecture.md, Repository).

let dataDir: string;
let drop: () => Promise<void>;
let db: Db;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'parley-migration-'));
  const made = await createTestDatabase(dataDir);
  drop = made.drop;
  db = openDatabase(made.database);
});
afterEach(async () => {
  await db.destroy();
  await drop();
  await rm(dataDir, { recursive: true, force: true });
});

async function migrateTo(target: string): Promise<void> {
  const provider = { getMigrations: () => Promise.resolve<Record<string, Migration>>(migrations) };
  const { error } = await new Migrator({ db, provider }).migrateTo(target);
  if (error instanceof Error) throw error;
  if (error !== undefined) throw new Error('migration failed');
}

const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();

describe('migration 0017', () => {
  it('keeps links made before it searchable, newest first, for their owner and the admin, down and up', async () => {
    await migrateTo('20261202_0016_api_key_expiry_and_permission');
    const titles = ['Rust lifetimes', '100% RUST', 'Sourdough', 'rust_belt'];
    for (const [i, user] of ['ada', 'bob'].entries()) {
      await db.insertInto('users').values({ id: `user-${user}`, email: `${user}@example.com`, name: user, role: 'user', password_hash: 'x', created_at: at(0) }).execute();
      for (const [k, title] of titles.entries()) {
        const n = i * titles.length + k;
        const chat = { id: `chat-${n}`, user_id: `user-${user}`, title, archived: 0, pinned: 0, current_message_id: null, created_at: at(n), updated_at: at(n) };
        await db.insertInto('chats').values(chat).execute();
        await db
          .insertInto('shares')
          .values({ id: `share-${n}`, chat_id: chat.id, user_id: chat.user_id, title, show_name: 0, access: 'members', include_history: 0, expires_at: null, version: 1, snapshot_id: null, created_at: at(n), updated_at: at(n) })
          .execute();
      }
    }
    const search = async (userId: string | null, q: string) =>
      (await listShares(db, { userId, q, order: 'desc', limit: 10, after: null })).map((s) => s.id);
    const searches = async () => ({
      ada: await search('user-ada', 'RUST'),
      adaWithSpace: await search('user-ada', 'rust '),
      all: await search(null, 'rust'),
      percent: await search(null, '%'),
      underscore: await search(null, '_'),
    });
    const expected = {
      ada: ['share-3', 'share-1', 'share-0'],
      adaWithSpace: ['share-0'],
      all: ['share-7', 'share-5', 'share-4', 'share-3', 'share-1', 'share-0'],
      percent: ['share-5', 'share-1'],
      underscore: ['share-7', 'share-3'],
    };
    expect(await searches()).toEqual(expected);
    await migrateToLatest(db);
    expect(await searches()).toEqual(expected);
    await migrateTo('20261202_0016_api_key_expiry_and_permission');
    expect(await searches()).toEqual(expected);
    await migrateToLatest(db);
    expect(await searches()).toEqual(expected);
  });
});
