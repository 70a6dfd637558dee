import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChat, type TestUser } from '../server/test/factories.js';
import { GENEROUS_RATE_LIMITS } from '../server/test/harness.js';
import { screenshot, startE2E, userMenu, type E2E } from './harness.js';

interface ShareReply {
  share: { id: string; url: string; title: string };
}

/** Settings → Data → Shared Chats → Manage, as Open WebUI's guide tells people to go. */
async function openSharedChats(page: Page) {
  await userMenu(page, 'Settings');
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByRole('tab', { name: 'Data' }).click();
  await settings.getByRole('group', { name: 'Shared Chats' }).getByRole('button', { name: 'Manage' }).click();
  return page.getByRole('dialog', { name: 'Shared Chats' });
}

describe('Shared Chats (Settings → Data)', () => {
  let e: E2E;
  let owner: TestUser;
  const shares: ShareReply['share'][] = [];

  beforeAll(async () => {
    e = await startE2E();
    owner = await e.createUser({ name: 'Sam Sharer' });
    const other = await e.createUser({ name: 'Other Person' });
    for (const [user, title] of [
      [owner, 'First shared plan'],
      [owner, 'Second shared recipe'],
      [owner, 'Third shared plan'],
      [other, 'Somebody else entirely'],
    ] as const) {
      const chat = await createChat(user, { title, messages: 2 });
      const reply = await user.client.put<ShareReply>(`/api/v1/chats/${chat.id}/share`, {});
      expect(reply.status).toBe(201);
      if (user === owner) shares.push(reply.body.share);
    }
  });
  afterAll(async () => {
    await e.close();
  });

  it('lists only my links, sorts, searches, copies, unshares one and then all', async () => {
    const context = await e.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e.baseUrl });
    const page = await context.newPage();
    await context.addCookies([{ name: 'parley_session', value: owner.client.auth.sessionToken ?? '', url: e.baseUrl }]);
    await page.goto('/');
    const dialog = await openSharedChats(page);
    const titles = () => dialog.getByRole('listitem').getByRole('link').allTextContents();
    await expect.poll(titles).toEqual(['Third shared plan', 'Second shared recipe', 'First shared plan']);
    await screenshot(page, 'shared-chats');

    await dialog.getByRole('button', { name: 'Newest first' }).click();
    await expect.poll(titles).toEqual(['First shared plan', 'Second shared recipe', 'Third shared plan']);
    await dialog.getByRole('button', { name: 'Oldest first' }).click();

    await dialog.getByRole('searchbox', { name: 'Search shared chats' }).fill('plan');
    await expect.poll(titles).toEqual(['Third shared plan', 'First shared plan']);

    const third = dialog.getByRole('listitem').filter({ hasText: 'Third shared plan' });
    await third.getByRole('button', { name: 'Copy link' }).click();
    await dialog.getByRole('status').getByText('Link copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shares[2]?.url);

    await third.getByRole('button', { name: 'Unshare' }).click();
    await expect.poll(titles).toEqual(['First shared plan']);
    expect((await owner.client.get(`/api/v1/shares/${shares[2]?.id ?? ''}`)).status).toBe(404);

    await dialog.getByRole('searchbox', { name: 'Search shared chats' }).fill('');
    await dialog.getByRole('button', { name: 'Unshare all' }).click();
    const confirm = page.getByRole('dialog', { name: 'Unshare all chats?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(titles).toHaveLength(2);
    await dialog.getByRole('button', { name: 'Unshare all' }).click();
    await confirm.getByRole('button', { name: 'Unshare all' }).click();
    await dialog.getByText('You have not shared any chats.').waitFor();
    const mine = await owner.client.get<{ items: unknown[] }>('/api/v1/shares');
    expect(mine.body.items).toEqual([]);
    await context.close();
  });
});

describe('Shared Chats with more links than one page', () => {
  let e: E2E;
  let owner: TestUser;

  beforeAll(async () => {
    e = await startE2E({ rateLimits: GENEROUS_RATE_LIMITS });
    owner = await e.createUser({ name: 'Prolific Sharer' });
    for (let i = 1; i <= 53; i += 1) {
      const chat = await createChat(owner, { title: `Link number ${i}`, messages: 2 });
      expect((await owner.client.put(`/api/v1/chats/${chat.id}/share`, {})).status).toBe(201);
    }
  });
  afterAll(async () => {
    await e.close();
  });

  it('shows the first page, then the rest with "Load more"', async () => {
    const page = await e.newPage(owner);
    await page.goto('/');
    const dialog = await openSharedChats(page);
    const rows = dialog.getByRole('listitem');
    await expect.poll(() => rows.count()).toBe(50);
    expect(await rows.first().textContent()).toContain('Link number 53');
    await dialog.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rows.count()).toBe(53);
    expect(await rows.last().textContent()).toContain('Link number 1');
    expect(await dialog.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    await page.context().close();
  });
});
