import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from '../../common/api/common.js';
import type { AdminShare } from '../../common/api/sharing.js';
import type { User } from '../../common/api/auth.js';
import { createChat, createUser, shareChat, type TestUser } from '../test/factories.js';
import { startTestApp, type TestApp } from '../test/harness.js';

type AdminShareList = Page<AdminShare>;

let t: TestApp;
let admin: TestUser;
let ada: TestUser;
let bob: TestUser;
beforeEach(async () => {
  t = await startTestApp();
  admin = await createUser(t, { role: 'admin', name: 'Admin' });
  ada = await createUser(t, { name: 'Ada', email: 'ada@example.com' });
  bob = await createUser(t, { name: 'Bob', email: 'bob@example.com' });
});
afterEach(async () => {
  await t.close();
});

describe('users (Admin Panel)', () => {
  it('lists and searches users, for admins only', async () => {
    const all = await admin.client.get<{ items: User[] }>('/api/v1/admin/users');
    expect(all.body.items.map((u) => u.name).sort()).toEqual(['Ada', 'Admin', 'Bob']);
    const found = await admin.client.get<{ items: User[] }>('/api/v1/admin/users?q=BOB');
    expect(found.body.items.map((u) => u.email)).toEqual(['bob@example.com']);
    expect(JSON.stringify(all.body)).not.toContain('argon2');
    expect((await ada.client.get('/api/v1/admin/users')).status).toBe(403);
  });

  it('changes roles, and never demotes or deletes the last admin', async () => {
    const promoted = await admin.client.patch<{ user: User }>(`/api/v1/admin/users/${ada.user.id}`, { role: 'admin' });
    expect(promoted.body.user.role).toBe('admin');
    expect((await ada.client.get('/api/v1/admin/settings')).status).toBe(200);
    await ada.client.patch(`/api/v1/admin/users/${admin.user.id}`, { role: 'user' });
    const lastDemotion = await ada.client.patch(`/api/v1/admin/users/${ada.user.id}`, { role: 'user' });
    expect(lastDemotion.status).toBe(409);
    expect((await ada.client.delete(`/api/v1/admin/users/${ada.user.id}`)).status).toBe(409);
    expect((await bob.client.patch(`/api/v1/admin/users/${bob.user.id}`, { role: 'admin' })).status).toBe(403);
  });

  it('deletes a user with their chats and links, and their text is really gone (S13)', async () => {
    const secret = 'the launch code is 0000';
    const chat = await createChat(ada, { messages: [{ role: 'user', content: secret }, { role: 'assistant', content: 'noted' }] });
    const share = await shareChat(ada, chat.id);
    const shared = await createChat(bob, { messages: [{ role: 'user', content: 'bob keeps this' }] });
    const forkable = await shareChat(ada, (await createChat(ada, { messages: [{ role: 'user', content: 'forked text' }] })).id);
    const fork = await bob.client.post<{ chatId: string }>(`/api/v1/shares/${forkable.id}/fork`);

    expect((await admin.client.delete(`/api/v1/admin/users/${ada.user.id}`)).status).toBe(204);
    expect((await ada.client.get('/api/v1/auth/me')).status).toBe(401);
    expect((await bob.client.get(`/api/v1/shares/${share.id}`)).status).toBe(404);
    const bodies = (await t.db.selectFrom('message_bodies').select('content').execute()).map((b) => b.content);
    expect(bodies).not.toContain(secret);
    expect(bodies).toContain('bob keeps this');
    // Bob's fork is his own chat now: its text stays.
    expect(bodies).toContain('forked text');
    expect((await bob.client.get(`/api/v1/chats/${fork.body.chatId}`)).status).toBe(200);
    expect((await bob.client.get(`/api/v1/chats/${shared.id}`)).status).toBe(200);
    for (const table of ['chats', 'shares', 'sessions'] as const) {
      const rows = await t.db.selectFrom(table).select('user_id').where('user_id', '=', ada.user.id).execute();
      expect(rows, table).toEqual([]);
    }
  });
});

describe('every link on the instance (Admin Panel → Shared Links)', () => {
  it('lists every link with its owner, searches titles, filters by owner, and revokes any', async () => {
    const adas = await shareChat(ada, (await createChat(ada, { title: 'Ada on compilers', messages: 2 })).id);
    await shareChat(bob, (await createChat(bob, { title: 'Bob on gardens', messages: 2 })).id);

    const all = await admin.client.get<AdminShareList>('/api/v1/admin/shares');
    expect(all.body.items.map((i) => [i.share.title, i.owner.email])).toEqual([
      ['Bob on gardens', 'bob@example.com'],
      ['Ada on compilers', 'ada@example.com'],
    ]);
    const searched = await admin.client.get<AdminShareList>('/api/v1/admin/shares?q=COMPILER');
    expect(searched.body.items.map((i) => i.share.id)).toEqual([adas.id]);
    const byOwner = await admin.client.get<AdminShareList>(`/api/v1/admin/shares?owner=${bob.user.id}`);
    expect(byOwner.body.items.map((i) => i.owner.name)).toEqual(['Bob']);

    expect((await ada.client.get('/api/v1/admin/shares')).status).toBe(403);
    expect((await ada.client.delete(`/api/v1/admin/shares/${adas.id}`)).status).toBe(403);
    expect((await admin.client.delete(`/api/v1/admin/shares/${adas.id}`)).status).toBe(204);
    expect((await bob.client.get(`/api/v1/shares/${adas.id}`)).status).toBe(404);
    expect((await admin.client.delete(`/api/v1/admin/shares/${adas.id}`)).status).toBe(404);
  });
});

describe('groups', () => {
  it('are created, renamed and filled by admins only, with unique names', async () => {
    const created = await admin.client.post<{ group: { id: string; userIds: string[] } }>('/api/v1/admin/groups', {
      name: 'Team',
      userIds: [ada.user.id],
    });
    expect(created.status).toBe(201);
    expect((await admin.client.post('/api/v1/admin/groups', { name: 'Team' })).status).toBe(409);
    expect((await admin.client.post('/api/v1/admin/groups', { name: 'X', userIds: ['nobody'] })).status).toBe(400);
    expect((await ada.client.post('/api/v1/admin/groups', { name: 'Mine' })).status).toBe(403);
    const updated = await admin.client.patch<{ group: { name: string; userIds: string[] } }>(
      `/api/v1/admin/groups/${created.body.group.id}`,
      { name: 'Core team', userIds: [ada.user.id, bob.user.id] },
    );
    expect(updated.body.group.name).toBe('Core team');
    expect(updated.body.group.userIds.sort()).toEqual([ada.user.id, bob.user.id].sort());
    expect((await admin.client.delete(`/api/v1/admin/groups/${created.body.group.id}`)).status).toBe(204);
    expect((await admin.client.get<{ items: unknown[] }>('/api/v1/admin/groups')).body.items).toEqual([]);
  });
});
