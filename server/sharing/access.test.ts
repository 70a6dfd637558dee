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

  it('invites people by email (rule S7): the same answer whether an account has the email or not', async () => {
    type ShareReply = { share: { id: string; chatId: string; url: string; createdAt: string; updatedAt: string; userIds: string[]; userEmails: string[] } };
    const invite = async (email: string) => {
      const chat = await createChat(users.owner, { title: 'Invitation', messages: 2 });
      return users.owner.client.put<ShareReply>(`/api/v1/chats/${chat.id}/share`, { access: 'restricted', userEmails: [email] });
    };
    // Everything but the link's own ids, times and the email itself, byte for byte.
    const shape = (reply: { status: number; body: ShareReply; text: string }, email: string) => {
      const { id, chatId, url, createdAt, updatedAt } = reply.body.share;
      let text = reply.text;
      for (const [value, name] of [[url, 'URL'], [id, 'ID'], [chatId, 'CHAT'], [createdAt, 'T1'], [updatedAt, 'T2'], [email, 'EMAIL']] as const) {
        text = text.replaceAll(value, name);
      }
      return `${reply.status} ${text}`;
    };
    const existing = await invite(users.named.user.email.toUpperCase());
    const unknown = await invite('Nobody-Yet@Example.com');
    expect(existing.status).toBe(201);
    expect(shape(existing, users.named.user.email)).toBe(shape(unknown, 'nobody-yet@example.com'));
    expect(existing.body.share).toMatchObject({ userIds: [], userEmails: [users.named.user.email] });
    expect(unknown.body.share.userEmails).toEqual(['nobody-yet@example.com']);
    const patched = async (email: string) => {
      const reply = await users.owner.client.patch(`/api/v1/shares/AAAAAAAAAAAAAAAAAAAAAA`, { userEmails: [email] });
      return `${reply.status} ${reply.text}`;
    };
    expect(await patched(users.named.user.email)).toBe(await patched('nobody-yet@example.com'));

    expect((await users.named.client.get(`/api/v1/shares/${existing.body.share.id}`)).status).toBe(200);
    expect((await users.member.client.get(`/api/v1/shares/${existing.body.share.id}`)).status).toBe(404);
    // The account made later with the invited email can open the link; nobody else can.
    expect((await users.member.client.get(`/api/v1/shares/${unknown.body.share.id}`)).status).toBe(404);
    const signUp = await anonymous(t).post('/api/v1/auth/signup', { email: 'nobody-yet@example.com', password: 'a long password', name: 'Late' });
    expect(signUp.status).toBe(201);
    const late = anonymous(t).withSessionFrom(signUp);
    expect((await late.get(`/api/v1/shares/${unknown.body.share.id}`)).status).toBe(200);
    expect((await late.get(`/api/v1/shares/${existing.body.share.id}`)).status).toBe(404);
    // The share page decides by the same rule, from its own one-statement read.
    expect((await users.named.client.get(`/s/${existing.body.share.id}`)).status).toBe(200);
    expect((await late.get(`/s/${unknown.body.share.id}`)).status).toBe(200);
    expect((await users.member.client.get(`/s/${existing.body.share.id}`)).status).toBe(404);
    // The invitations are the owner's to see: a viewer's reply does not carry them.
    expect((await late.get(`/api/v1/shares/${unknown.body.share.id}`)).text).not.toContain('userEmails');
    // Emails typed again replace the invitations.
    const replaced = await users.owner.client.patch<ShareReply>(`/api/v1/shares/${unknown.body.share.id}`, { userEmails: [] });
    expect(replaced.body.share.userEmails).toEqual([]);
    expect((await late.get(`/api/v1/shares/${unknown.body.share.id}`)).status).toBe(404);
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
