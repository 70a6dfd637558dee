import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParley, type App } from '../app.js';
import { ApiClient } from '../test/client.js';
import { anonymous, createChat, createUser, shareChat, type TestUser } from '../test/factories.js';
import { startTestApp, type TestApp } from '../test/harness.js';

// Two instances of Parley on one database, as behind a load balancer (docs/architecture.md,
// Process model): whatever one of them changes, the other's very next request must see (S11, S22).
let t: TestApp;
let other: App;
let admin: TestUser;
let ada: TestUser;
let bob: TestUser;
/** The same signed-in browser, sent to the other instance. */
const on = (app: App, user: TestUser) => new ApiClient(app, user.client.auth);

beforeAll(async () => {
  t = await startTestApp();
  other = await createParley(t.config);
  await other.ready();
  admin = await createUser(t, { role: 'admin' });
  ada = await createUser(t);
  bob = await createUser(t);
});

afterAll(async () => {
  await other.close();
  await t.close();
});

describe('two instances on one database', () => {
  it('sees a revoke made on the other instance on its very next request, cached page or not (S11)', async () => {
    const share = await shareChat(ada, (await createChat(ada, { messages: 4 })).id);
    const bobThere = on(other, bob);
    expect((await bobThere.get(`/s/${share.id}`)).status).toBe(200);
    expect((await bobThere.get(`/s/${share.id}`)).status).toBe(200);
    expect((await ada.client.delete(`/api/v1/shares/${share.id}`)).status).toBe(204);
    const after = await bobThere.get(`/s/${share.id}`);
    expect(after.status).toBe(404);
    expect(after.text).not.toContain(share.title);
    expect((await bobThere.get(`/s/${share.id}.md`)).status).toBe(404);
  });

  it('sees a change of access and of the named users at once', async () => {
    const share = await shareChat(ada, (await createChat(ada, { messages: 2 })).id, { access: 'restricted', userIds: [bob.user.id] });
    const bobThere = on(other, bob);
    expect((await bobThere.get(`/s/${share.id}`)).status).toBe(200);
    expect((await ada.client.patch(`/api/v1/shares/${share.id}`, { userIds: [] })).status).toBe(200);
    expect((await bobThere.get(`/s/${share.id}`)).status).toBe(404);
    expect((await ada.client.patch(`/api/v1/shares/${share.id}`, { access: 'members' })).status).toBe(200);
    expect((await bobThere.get(`/s/${share.id}`)).status).toBe(200);
  });

  it('sees a change of settings at once, after having read the old ones (S22, settings cache)', async () => {
    expect((await admin.client.patch('/api/v1/admin/settings', { sharing: { publicLinks: true } })).status).toBe(200);
    const share = await shareChat(ada, (await createChat(ada, { messages: 2 })).id, { access: 'public' });
    const strangerThere = new ApiClient(other);
    // The other instance reads (and keeps) the settings that allow public links.
    expect((await strangerThere.get(`/s/${share.id}`)).status).toBe(200);
    expect((await strangerThere.get<{ features: { publicLinks: boolean } }>('/api/v1/config')).body.features.publicLinks).toBe(true);

    expect((await admin.client.patch('/api/v1/admin/settings', { sharing: { publicLinks: false } })).status).toBe(200);
    const suspended = await strangerThere.get(`/s/${share.id}`);
    expect(suspended.status).toBe(404);
    expect(suspended.text).not.toContain(share.title);
    expect((await strangerThere.get<{ features: { publicLinks: boolean } }>('/api/v1/config')).body.features.publicLinks).toBe(false);

    expect((await admin.client.patch('/api/v1/admin/settings', { sharing: { publicLinks: true } })).status).toBe(200);
    expect((await strangerThere.get(`/s/${share.id}`)).status).toBe(200);
    // And then the other instance is the one that changes them, and this one reads them at once.
    expect((await on(other, admin).patch('/api/v1/admin/settings', { sharing: { publicLinks: false } })).status).toBe(200);
    expect((await anonymous(t).get(`/s/${share.id}`)).status).toBe(404);
  });

  it('sees a sign-out on the other instance at once: the session opens nothing any more', async () => {
    const share = await shareChat(ada, (await createChat(ada, { messages: 2 })).id);
    const carol = await createUser(t);
    const carolThere = on(other, carol);
    expect((await carolThere.get(`/s/${share.id}`)).status).toBe(200);
    expect((await carol.client.post('/api/v1/auth/signout')).status).toBe(204);
    expect((await carolThere.get(`/s/${share.id}`)).status).toBe(302);
  });
});
