import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../test/client.js';
import { anonymous, createChat, createUser, shareChat, type TestShare, type TestUser } from '../test/factories.js';
import { startTestApp, type TestApp } from '../test/harness.js';

// Views that arrive together are read together (docs/architecture.md, Hot reads): one statement
// for a turn's requests on PostgreSQL, one read per distinct link and session on SQLite. Each
// request must still get the answer it would get alone, read after it arrived (S7, S8, S11).
let t: TestApp;
let ada: TestUser;
let bob: TestUser;
let carol: TestUser;
let links: { public: TestShare; members: TestShare; restricted: TestShare; gone: TestShare };

beforeAll(async () => {
  t = await startTestApp();
  const admin = await createUser(t, { role: 'admin' });
  expect((await admin.client.patch('/api/v1/admin/settings', { sharing: { publicLinks: true } })).status).toBe(200);
  ada = await createUser(t, { name: 'Ada Sharer' });
  bob = await createUser(t);
  carol = await createUser(t);
  const share = async (title: string, options: Parameters<typeof shareChat>[2]) =>
    shareChat(ada, (await createChat(ada, { title, messages: 2 })).id, { showName: true, ...options });
  links = {
    public: await share('Public together', { access: 'public' }),
    members: await share('Members together', { access: 'members' }),
    restricted: await share('Restricted together', { access: 'restricted', userIds: [bob.user.id] }),
    gone: await share('Revoked together', { access: 'public' }),
  };
  expect((await ada.client.delete(`/api/v1/shares/${links.gone.id}`)).status).toBe(204);
});

afterAll(async () => {
  await t.close();
});

/** What each viewer must get for each link, asked one at a time. */
function expected(viewer: 'anonymous' | 'bob' | 'carol', link: keyof typeof links): number {
  if (link === 'gone') return 404;
  if (link === 'public') return 200;
  if (viewer === 'anonymous') return 302;
  if (link === 'members') return 200;
  return viewer === 'bob' ? 200 : 404;
}

describe('share page views asked in the same turn', () => {
  it('answers each of many simultaneous views as it would alone: link, viewer and title', async () => {
    const viewers = { anonymous: anonymous(t), bob: bob.client, carol: carol.client };
    const asks: Array<{ viewer: keyof typeof viewers; link: keyof typeof links }> = [];
    for (let round = 0; round < 6; round += 1) {
      for (const viewer of ['anonymous', 'bob', 'carol'] as const) {
        for (const link of ['public', 'members', 'restricted', 'gone'] as const) asks.push({ viewer, link });
      }
    }
    // All started before any settles: they reach the database together.
    const answers = await Promise.all(asks.map(({ viewer, link }) => viewers[viewer].get(`/s/${links[link].id}`)));
    answers.forEach((answer, i) => {
      const { viewer, link } = asks[i] ?? { viewer: 'anonymous', link: 'gone' };
      expect({ viewer, link, status: answer.status }).toEqual({ viewer, link, status: expected(viewer, link) });
      if (answer.status === 200) {
        expect(answer.text).toContain(links[link].title);
        for (const other of Object.values(links)) if (other.id !== links[link].id) expect(answer.text).not.toContain(other.title);
      } else {
        for (const other of Object.values(links)) expect(answer.text).not.toContain(other.title);
      }
    });
  });

  it('holds a revoke for the very next views, however many arrive together', async () => {
    const link = await shareChat(ada, (await createChat(ada, { title: 'Soon revoked', messages: 2 })).id, { access: 'members' });
    const wave = (client: ApiClient) => Promise.all(Array.from({ length: 20 }, () => client.get(`/s/${link.id}`)));
    expect((await wave(bob.client)).map((answer) => answer.status)).toEqual(Array(20).fill(200));
    expect((await ada.client.delete(`/api/v1/shares/${link.id}`)).status).toBe(204);
    expect((await wave(bob.client)).map((answer) => answer.status)).toEqual(Array(20).fill(404));
  });

  it('answers simultaneous requests with the settings of now, and the next ones with a change', async () => {
    const admin = await createUser(t, { role: 'admin' });
    const configs = () => Promise.all(Array.from({ length: 10 }, () => anonymous(t).get<{ features: { publicLinks: boolean } }>('/api/v1/config')));
    expect((await configs()).map((answer) => answer.body.features.publicLinks)).toEqual(Array(10).fill(true));
    expect((await admin.client.patch('/api/v1/admin/settings', { sharing: { publicLinks: false } })).status).toBe(200);
    expect((await configs()).map((answer) => answer.body.features.publicLinks)).toEqual(Array(10).fill(false));
    // A public link is down while public links are off (S22), for every view of the next wave.
    const views = await Promise.all(Array.from({ length: 10 }, () => anonymous(t).get(`/s/${links.public.id}`)));
    expect(views.map((answer) => answer.status)).toEqual(Array(10).fill(404));
    expect((await admin.client.patch('/api/v1/admin/settings', { sharing: { publicLinks: true } })).status).toBe(200);
  });
});
