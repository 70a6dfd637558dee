import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Migrator, sql, type Migration } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Chat } from '../../common/api/chats.js';
import type { ViewerShare } from '../../common/api/sharing.js';
import { buildApp, type App } from '../app.js';
import { loadConfig } from '../config.js';
import type { DatabaseConfig } from '../config.js';
import { openDatabase, type Db } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { migrations } from '../db/migrations/index.js';
import { ApiClient } from '../test/client.js';
import { createTestDatabase, TEST_PUBLIC_URL } from '../test/harness.js';
import { startSession } from '../auth/auth.service.js';
import { bodyHash } from './bodies.repository.js';

/**
 * Links made before snapshot nodes were stored once (migration 0006) read as they did: the same
 * messages under the same ids, so that anchors to messages and forks built on them still work.
 */

let dataDir: string;
let drop: () => Promise<void>;
let db: Db;
let database: DatabaseConfig;
let app: App | undefined;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'parley-migration-'));
  const made = await createTestDatabase(dataDir);
  drop = made.drop;
  database = made.database;
  db = openDatabase(database);
});
afterEach(async () => {
  if (app) await app.close();
  else await db.destroy();
  app = undefined;
  await drop();
  await rm(dataDir, { recursive: true, force: true });
});

async function migrateTo(target: string): Promise<void> {
  const provider = { getMigrations: () => Promise.resolve<Record<string, Migration>>(migrations) };
  const { error } = await new Migrator({ db, provider }).migrateTo(target);
  if (error instanceof Error) throw error;
  if (error !== undefined) throw new Error('migration failed');
}

describe('snapshots stored before nodes were shared (migration 0006)', () => {
  it('read the same, and the forks built on them keep their messages', async () => {
    await migrateTo('20261202_0005_session_expiry');
    const now = new Date().toISOString();
    // The tables as they were then: written in SQL, since today's table types no longer fit them.
    const insert = (table: string, row: Record<string, string | number | null>) =>
      sql`insert into ${sql.table(table)} (${sql.join(Object.keys(row).map((k) => sql.ref(k)))}) values (${sql.join(Object.values(row))})`.execute(db);
    const texts = ['first question', 'first answer', 'second version of the answer'];
    for (const content of texts) {
      await insert('message_bodies', { hash: bodyHash(content), content, size: content.length, created_at: now });
    }
    await insert('users', { id: 'ada', email: 'ada@example.com', name: 'Ada', role: 'user', password_hash: 'x', created_at: now });
    await insert('users', { id: 'bob', email: 'bob@example.com', name: 'Bob', role: 'user', password_hash: 'x', created_at: now });
    await insert('chats', { id: 'chat1', user_id: 'ada', title: 'Old chat', current_message_id: null, created_at: now, updated_at: now });
    await insert('snapshots', { id: 'snap1', current_node_id: 'nodeC', created_at: now });
    const node = (id: string, parent: string | null, seq: number, role: string, content: string) =>
      insert('snapshot_nodes', { snapshot_id: 'snap1', id, parent_id: parent, seq, role, body_hash: bodyHash(content), model: null, created_at: now });
    await node('nodeA', null, 0, 'user', 'first question');
    await node('nodeB', 'nodeA', 1, 'assistant', 'first answer');
    await node('nodeC', 'nodeA', 2, 'assistant', 'second version of the answer');
    await insert('shares', { id: 'shareshareshareshare01', chat_id: 'chat1', user_id: 'ada', title: 'Old chat', show_name: 0, access: 'members', include_history: 1, expires_at: null, version: 1, snapshot_id: 'snap1', created_at: now, updated_at: now });
    await insert('chats', { id: 'fork1', user_id: 'bob', title: 'Old chat', current_message_id: 'nodeC', forked_from_share_id: 'shareshareshareshare01', base_snapshot_id: 'snap1', created_at: now, updated_at: now });

    await migrateTo('20261202_0006_content_addressed_nodes');
    // And on to today's schema, as the app does at start.
    await migrateToLatest(db);
    const config = { ...loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', PUBLIC_URL: TEST_PUBLIC_URL }), database };
    app = await buildApp({ config, db });
    await app.ready();
    const bob = new ApiClient(app, { sessionToken: await startSession(db, config, 'bob') });

    const view = await bob.get<ViewerShare>('/api/v1/shares/shareshareshareshare01');
    expect(view.status).toBe(200);
    expect(view.body.messages.map((m) => [m.id, m.parentId, m.content])).toEqual([
      ['nodeA', null, 'first question'],
      ['nodeB', 'nodeA', 'first answer'],
      ['nodeC', 'nodeA', 'second version of the answer'],
    ]);
    expect(view.body.currentMessageId).toBe('nodeC');
    const fork = await bob.get<{ chat: Chat }>('/api/v1/chats/fork1');
    expect(fork.body.chat.messages.map((m) => m.id)).toEqual(['nodeA', 'nodeB', 'nodeC']);
    expect(fork.body.chat.currentMessageId).toBe('nodeC');
  });
});
