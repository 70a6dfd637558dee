import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymous, createChat, createUser, shareChat, type TestUser } from '../test/factories.js';
import { GENEROUS_RATE_LIMITS, startTestApp, type TestApp } from '../test/harness.js';

/**
 * The access matrix: every kind of link × every kind of viewer × every operation, with the
 * status each cell must answer. Each cell gets a link of its own, so destructive cells
 * (DELETE) do not disturb the others.
 */
type Link = 'members' | 'public' | 'restricted' | 'expired' | 'revoked' | 'unknown';
type Viewer = 'owner' | 'member' | 'named' | 'admin' | 'signedOut';
type Op = 'GET' | 'PATCH' | 'DELETE' | 'fork';

const expected: Record<Link, Record<Viewer, Record<Op, number>>> = {
  members: {
    owner: { GET: 200, PATCH: 200, DELETE: 204, fork: 201 },
    member: { GET: 200, PATCH: 404, DELETE: 404, fork: 201 },
    named: { GET: 200, PATCH: 404, DELETE: 404, fork: 201 },
    admin: { GET: 200, PATCH: 404, DELETE: 404, fork: 201 },
    signedOut: { GET: 401, PATCH: 401, DELETE: 401, fork: 401 },
  },
  public: {
    owner: { GET: 200, PATCH: 200, DELETE: 204, fork: 201 },
    member: { GET: 200, PATCH: 404, DELETE: 404, fork: 201 },
    named: { GET: 200, PATCH: 404, DELETE: 404, fork: 201 },
    admin: { GET: 200, PATCH: 404, DELETE: 404, fork: 201 },
    signedOut: { GET: 200, PATCH: 401, DELETE: 401, fork: 401 },
  },
  restricted: {
    owner: { GET: 200, PATCH: 200, DELETE: 204, fork: 201 },
    member: { GET: 404, PATCH: 404, DELETE: 404, fork: 404 },
    named: { GET: 200, PATCH: 404, DELETE: 404, fork: 201 },
    admin: { GET: 404, PATCH: 404, DELETE: 404, fork: 404 },
    signedOut: { GET: 401, PATCH: 401, DELETE: 401, fork: 401 },
  },
  // An expired link behaves as deleted, for everyone; its owner can still renew or delete it.
  expired: {
    owner: { GET: 404, PATCH: 200, DELETE: 204, fork: 404 },
    member: { GET: 404, PATCH: 404, DELETE: 404, fork: 404 },
    named: { GET: 404, PATCH: 404, DELETE: 404, fork: 404 },
    admin: { GET: 404, PATCH: 404, DELETE: 404, fork: 404 },
    signedOut: { GET: 404, PATCH: 401, DELETE: 401, fork: 401 },
  },
  revoked: {
    owner: { GET: 404, PATCH: 404, DELETE: 404, fork: 404 },
    member: { GET: 404, PATCH: 404, DELETE: 404, fork: 404 },
    named: { GET: 404, PATCH: 404, DELETE: 404, fork: 404 },
    admin: { GET: 404, PATCH: 404, DELETE: 404, fork: 404 },
    signedOut: { GET: 404, PATCH: 401, DELETE: 401, fork: 401 },
  },
  unknown: {
    owner: { GET: 404, PATCH: 404, DELETE: 404, fork: 404 },
    member: { GET: 404, PATCH: 404, DELETE: 404, fork: 404 },
    named: { GET: 404, PATCH: 404, DELETE: 404, fork: 404 },
    admin: { GET: 404, PATCH: 404, DELETE: 404, fork: 404 },
    signedOut: { GET: 404, PATCH: 401, DELETE: 401, fork: 401 },
  },
};

let t: TestApp;
let users: Record<Exclude<Viewer, 'signedOut'>, TestUser>;
let notFoundBody: unknown;

beforeAll(async () => {
  t = await startTestApp({ rateLimits: GENEROUS_RATE_LIMITS });
  users = {
    owner: await createUser(t, { name: 'Owner' }),
    member: await createUser(t, { name: 'Member' }),
    named: await createUser(t, { name: 'Named' }),
    admin: await createUser(t, { role: 'admin', name: 'Admin' }),
  };
  await users.admin.client.patch('/api/v1/admin/settings', { sharing: { publicLinks: true } });
  notFoundBody = (await users.member.client.get('/api/v1/shares/AAAAAAAAAAAAAAAAAAAAAA')).body;
});
afterAll(async () => {
  await t.close();
});

async function makeLink(kind: Link): Promise<string> {
  if (kind === 'unknown') return 'ZZZZZZZZZZZZZZZZZZZZZZ';
  const chat = await createChat(users.owner, { title: `A ${kind} link`, messages: 2 });
  const access = kind === 'public' ? 'public' : kind === 'restricted' ? 'restricted' : 'members';
  const share = await shareChat(users.owner, chat.id, {
    access,
    userIds: kind === 'restricted' ? [users.named.user.id] : undefined,
  });
  if (kind === 'expired') {
    await t.db.updateTable('shares').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', share.id).execute();
  }
  if (kind === 'revoked') await users.owner.client.delete(`/api/v1/shares/${share.id}`);
  return share.id;
}

function run(viewer: Viewer, op: Op, shareId: string) {
  const client = viewer === 'signedOut' ? anonymous(t) : users[viewer].client;
  const url = `/api/v1/shares/${shareId}`;
  switch (op) {
    case 'GET':
      return client.get(url);
    case 'PATCH':
      return client.patch(url, { title: 'Renamed link' });
    case 'DELETE':
      return client.delete(url);
    case 'fork':
      return client.post(`${url}/fork`);
  }
}

const cells = (Object.keys(expected) as Link[]).flatMap((link) =>
  (Object.keys(expected[link]) as Viewer[]).flatMap((viewer) =>
    (Object.keys(expected[link][viewer]) as Op[]).map((op) => ({ link, viewer, op, status: expected[link][viewer][op] })),
  ),
);

describe('access matrix', () => {
  it.each(cells)('$link link, $viewer, $op → $status', async ({ link, viewer, op, status }) => {
    const shareId = await makeLink(link);
    const reply = await run(viewer, op, shareId);
    expect(reply.status).toBe(status);
    // Every 404 is the same body, whatever the reason (S8).
    if (status === 404) expect(reply.body).toEqual(notFoundBody);
  });

  it('lets group members into a restricted link, and no longer once they leave the group', async () => {
    const group = await users.admin.client.post<{ group: { id: string } }>('/api/v1/admin/groups', {
      name: 'Reviewers',
      userIds: [users.member.user.id],
    });
    const chat = await createChat(users.owner, { messages: 2 });
    const share = await shareChat(users.owner, chat.id, { access: 'restricted', groupIds: [group.body.group.id] });
    expect((await users.member.client.get(`/api/v1/shares/${share.id}`)).status).toBe(200);
    expect((await users.named.client.get(`/api/v1/shares/${share.id}`)).status).toBe(404);
    await users.admin.client.patch(`/api/v1/admin/groups/${group.body.group.id}`, { userIds: [] });
    expect((await users.member.client.get(`/api/v1/shares/${share.id}`)).status).toBe(404);
  });

  it('names specific people by email, and refuses an email with no account', async () => {
    const chat = await createChat(users.owner, { messages: 2 });
    const reply = await users.owner.client.put<{ share: { id: string; userIds: string[] } }>(`/api/v1/chats/${chat.id}/share`, {
      access: 'restricted',
      userEmails: [users.named.user.email.toUpperCase()],
    });
    expect(reply.body.share.userIds).toEqual([users.named.user.id]);
    expect((await users.named.client.get(`/api/v1/shares/${reply.body.share.id}`)).status).toBe(200);
    expect((await users.member.client.get(`/api/v1/shares/${reply.body.share.id}`)).status).toBe(404);
    const unknown = await users.owner.client.patch(`/api/v1/shares/${reply.body.share.id}`, { userEmails: ['nobody@example.com'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ error: { fields: [{ field: 'userEmails' }] } });
  });

  it('keeps pending accounts out of members links', async () => {
    const pending = await createUser(t, { role: 'pending' });
    const share = await shareChat(users.owner, (await createChat(users.owner, { messages: 2 })).id);
    expect((await pending.client.get(`/api/v1/shares/${share.id}`)).status).toBe(404);
  });

  it('checks the id against a strict pattern before any lookup', async () => {
    for (const bad of ['short', 'A'.repeat(23), 'AAAAAAAAAAAAAAAAAAAA%27', "x'%20or%201=1--AAAAAAA"]) {
      const reply = await users.member.client.get(`/api/v1/shares/${bad}`);
      expect(reply.status, bad).toBe(400);
    }
  });
});
