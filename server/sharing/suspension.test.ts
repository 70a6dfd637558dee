import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Share } from '../../common/api/sharing.js';
import { anonymous, createChat, createUser, shareChat, type TestUser } from '../test/factories.js';
import { GENEROUS_RATE_LIMITS, startTestApp, type TestApp } from '../test/harness.js';

// Issue 11, item 10, rule S22: a link suspended by the admin's switches answers exactly as a
// deleted one — page, API view, Markdown, fork, preview — and comes back unchanged.
let t: TestApp;
let admin: TestUser;
let owner: TestUser;
let viewer: TestUser;

beforeAll(async () => {
  t = await startTestApp({ rateLimits: GENEROUS_RATE_LIMITS });
  admin = await createUser(t, { role: 'admin' });
  owner = await createUser(t);
  viewer = await createUser(t);
});
afterAll(async () => {
  await t.close();
});

async function setSharing(sharing: { enabled?: boolean; publicLinks?: boolean }): Promise<void> {
  const response = await admin.client.patch('/api/v1/admin/settings', { sharing });
  expect(response.status).toBe(200);
}

/** Everything a link answers, to compare with a deleted one's. */
async function answers(shareId: string) {
  const page = await anonymous(t).get(`/s/${shareId}`);
  const signedInPage = await viewer.client.get(`/s/${shareId}`);
  const markdown = await viewer.client.get(`/s/${shareId}.md`);
  const api = await anonymous(t).get(`/api/v1/shares/${shareId}`);
  const signedInApi = await viewer.client.get(`/api/v1/shares/${shareId}`);
  const ownerApi = await owner.client.get(`/api/v1/shares/${shareId}`);
  return {
    page: [page.status, page.text.replaceAll(shareId, '<id>')],
    signedInPage: [signedInPage.status, signedInPage.text.replaceAll(shareId, '<id>')],
    markdown: markdown.status,
    api: [api.status, api.body],
    signedInApi: [signedInApi.status, signedInApi.body],
    ownerApi: [ownerApi.status, ownerApi.body],
  };
}

async function deletedAnswers() {
  const chat = await createChat(owner, { title: 'Gone', messages: 2 });
  const share = await shareChat(owner, chat.id, { access: 'public' });
  expect((await owner.client.delete(`/api/v1/shares/${share.id}`)).status).toBe(204);
  return answers(share.id);
}

async function ownListed(shareId: string): Promise<Share | undefined> {
  const list = await owner.client.get<{ items: Share[] }>('/api/v1/shares');
  return list.body.items.find((s) => s.id === shareId);
}

describe('suspended links (S22)', () => {
  it('public links answer as deleted while public links are off, and work unchanged once back on', async () => {
    await setSharing({ publicLinks: true });
    const chat = await createChat(owner, { title: 'Secret plans', messages: 2 });
    const share = await shareChat(owner, chat.id, { access: 'public' });
    const page = await anonymous(t).get(`/s/${share.id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('og:title');
    const deleted = await deletedAnswers();

    await setSharing({ publicLinks: false });
    const suspended = await answers(share.id);
    expect(suspended).toEqual(deleted);
    expect(JSON.stringify(suspended)).not.toContain('Secret plans');
    expect(JSON.stringify(suspended)).not.toContain('og:title');
    expect(JSON.stringify(suspended)).not.toContain('public');
    expect((await viewer.client.post(`/api/v1/shares/${share.id}/fork`)).status).toBe(404);
    expect(await ownListed(share.id)).toMatchObject({ id: share.id, access: 'public', suspended: true });

    await setSharing({ publicLinks: true });
    const back = await anonymous(t).get(`/s/${share.id}`);
    expect(back.status).toBe(200);
    expect(back.text).toContain('Secret plans');
    expect(await ownListed(share.id)).toMatchObject({ id: share.id, updatedAt: share.updatedAt, suspended: false });
  });

  it('every link of a non-admin answers as deleted while sharing is off; an admin’s keep working', async () => {
    const chat = await createChat(owner, { title: 'Members only plans', messages: 2 });
    const share = await shareChat(owner, chat.id);
    const adminChat = await createChat(admin, { title: 'Admin notes', messages: 2 });
    const adminShare = await shareChat(admin, adminChat.id);
    const deleted = await deletedAnswers();

    await setSharing({ enabled: false });
    try {
      expect(await answers(share.id)).toEqual(deleted);
      expect(await ownListed(share.id)).toMatchObject({ id: share.id, suspended: true });
      expect((await viewer.client.get(`/s/${adminShare.id}`)).status).toBe(200);
      const adminList = await admin.client.get<{ items: { share: Share }[] }>('/api/v1/admin/shares');
      expect(adminList.body.items.find((i) => i.share.id === share.id)?.share.suspended).toBe(true);
      expect(adminList.body.items.find((i) => i.share.id === adminShare.id)?.share.suspended).toBe(false);
    } finally {
      await setSharing({ enabled: true });
    }
    expect((await viewer.client.get(`/s/${share.id}`)).status).toBe(200);
    expect((await viewer.client.get(`/api/v1/shares/${share.id}`)).status).toBe(200);
  });
});
