import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiKey } from '../../common/api/auth.js';
import { ApiClient } from '../test/client.js';
import { createUser, type TestUser } from '../test/factories.js';
import { startTestApp, type TestApp } from '../test/harness.js';

type CreatedKey = ApiKey & { key: string };

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
});
afterEach(async () => {
  await t.close();
});

async function createKey(owner: TestUser | ApiClient, body: Record<string, unknown>) {
  const client = owner instanceof ApiClient ? owner : owner.client;
  return client.post<CreatedKey>('/api/v1/auth/api-keys', body, owner instanceof ApiClient ? { origin: '' } : undefined);
}

const script = (key: string) => new ApiClient(t.app, { apiKey: key });

describe('API key expiry, last use, revocation and permission (issue 11, item 12)', () => {
  it('answers 401 for an expired key, and works until then', async () => {
    const ada = await createUser(t);
    const expiresAt = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const created = await createKey(ada, { name: 'month', expiresAt });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ expiresAt, lastUsedAt: null, canManageKeys: false });
    expect((await script(created.body.key).get('/api/v1/auth/me')).status).toBe(200);

    // The month has passed.
    await t.db.updateTable('api_keys').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', created.body.id).execute();
    const expired = await script(created.body.key).get('/api/v1/auth/me');
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it('refuses an expiry in the past with 400', async () => {
    const ada = await createUser(t);
    const reply = await createKey(ada, { name: 'late', expiresAt: '2020-01-01T00:00:00Z' });
    expect(reply.status).toBe(400);
    expect(await t.db.selectFrom('api_keys').select('id').execute()).toEqual([]);
  });

  it('records lastUsedAt when the key is used, at most once a minute', async () => {
    const ada = await createUser(t);
    const created = await createKey(ada, { name: 'cron' });
    expect((await script(created.body.key).get('/api/v1/auth/me')).status).toBe(200);
    const listed = await ada.client.get<{ items: ApiKey[] }>('/api/v1/auth/api-keys');
    const firstUse = listed.body.items[0]?.lastUsedAt;
    expect(firstUse).toEqual(expect.any(String));

    expect((await script(created.body.key).get('/api/v1/auth/me')).status).toBe(200);
    const again = await ada.client.get<{ items: ApiKey[] }>('/api/v1/auth/api-keys');
    expect(again.body.items[0]?.lastUsedAt).toBe(firstUse);

    const longAgo = new Date(Date.now() - 5 * 60_000).toISOString();
    await t.db.updateTable('api_keys').set({ last_used_at: longAgo }).where('id', '=', created.body.id).execute();
    expect((await script(created.body.key).get('/api/v1/auth/me')).status).toBe(200);
    const later = await ada.client.get<{ items: ApiKey[] }>('/api/v1/auth/api-keys');
    expect(later.body.items[0]?.lastUsedAt).not.toBe(longAgo);
    expect(String(later.body.items[0]?.lastUsedAt) > longAgo).toBe(true);
  });

  it('lets a key without the permission neither create, list nor revoke keys (403)', async () => {
    const ada = await createUser(t);
    const plain = await createKey(ada, { name: 'plain' });
    const client = script(plain.body.key);
    expect((await createKey(client, { name: 'child' })).status).toBe(403);
    expect((await createKey(client, { name: 'child', canManageKeys: true })).status).toBe(403);
    expect((await client.get('/api/v1/auth/api-keys')).status).toBe(403);
    expect((await client.delete(`/api/v1/auth/api-keys/${plain.body.id}`, { origin: '' })).status).toBe(403);
    const names = await t.db.selectFrom('api_keys').select('name').execute();
    expect(names).toEqual([{ name: 'plain' }]);
  });

  it('lets a key made with canManageKeys create keys (201), with or without the permission, and list them', async () => {
    const ada = await createUser(t);
    const manager = await createKey(ada, { name: 'manager', canManageKeys: true });
    expect(manager.body.canManageKeys).toBe(true);
    const client = script(manager.body.key);
    const child = await createKey(client, { name: 'child' });
    expect(child.status).toBe(201);
    expect(child.body.canManageKeys).toBe(false);
    const grandChild = await createKey(client, { name: 'deputy', canManageKeys: true });
    expect(grandChild.status).toBe(201);
    const list = await client.get<{ items: ApiKey[] }>('/api/v1/auth/api-keys');
    expect(list.body.items.map((k) => k.name).sort()).toEqual(['child', 'deputy', 'manager']);
    expect((await client.delete(`/api/v1/auth/api-keys/${child.body.id}`, { origin: '' })).status).toBe(204);
  });

  it('answers 401 on the very next request once a key is revoked', async () => {
    const ada = await createUser(t);
    const created = await createKey(ada, { name: 'gone soon' });
    expect((await script(created.body.key).get('/api/v1/auth/me')).status).toBe(200);
    expect((await ada.client.delete(`/api/v1/auth/api-keys/${created.body.id}`)).status).toBe(204);
    expect((await script(created.body.key).get('/api/v1/auth/me')).status).toBe(401);
    const list = await ada.client.get<{ items: ApiKey[] }>('/api/v1/auth/api-keys');
    expect(list.body.items).toEqual([]);
  });
});
