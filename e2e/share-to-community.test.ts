import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handedSnapshotSchema } from '../common/api/community.js';
import { createChat, type TestChat, type TestUser } from '../server/test/factories.js';
import { screenshot, startE2E, type E2E } from './harness.js';

/**
 * "Share to Community" (S17–S19): shown only while the admin has "Enable Community Sharing" on;
 * it opens the hub's upload page in a new tab with the chat's snapshot in the URL's fragment,
 * which no server ever receives, and makes no link here.
 */

const HUB = 'https://hub.example.org';

interface HandedOff {
  title: string;
  snapshot: { messages: { id: string; parentId: string | null; role: string; content: string }[]; currentMessageId: string | null };
}

async function setCommunitySharing(page: Page, on: boolean, hub = HUB): Promise<void> {
  await page.goto('/admin/settings/general');
  const toggle = page.getByRole('switch', { name: 'Enable Community Sharing' });
  if ((await toggle.getAttribute('aria-checked')) !== String(on)) await toggle.click();
  await page.getByLabel('Community URL').fill(hub);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').getByText('Settings saved.').waitFor();
}

async function openShareDialog(page: Page, chat: TestChat) {
  await page.goto(`/c/${chat.id}`);
  await page.getByRole('heading', { name: chat.title, level: 1 }).waitFor();
  await page.getByRole('banner').getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share Chat' });
  await dialog.getByRole('button', { name: /Copy Link|Update and Copy Link/ }).waitFor();
  return dialog;
}

describe('Share to Community', () => {
  let e: E2E;
  let admin: TestUser;
  let member: TestUser;
  let chat: TestChat;

  beforeAll(async () => {
    e = await startE2E();
    admin = await e.createUser({ role: 'admin', name: 'Ada Admin' });
    member = await e.createUser({ name: 'Cora Member' });
    chat = await createChat(member, {
      title: 'Sourdough starter',
      messages: [
        { role: 'user', content: 'How do I feed a sourdough starter?' },
        { role: 'assistant', content: 'Equal weights of flour and water, once a day.', model: 'llama3' },
      ],
    });
  });
  afterAll(async () => {
    await e.close();
  });

  it('appears only while the admin has "Enable Community Sharing" on, and hands the snapshot over in the fragment', async () => {
    const adminPage = await e.newPage(admin);
    const page = await e.newPage(member);

    // Off (the default): no button.
    let dialog = await openShareDialog(page, chat);
    expect(await dialog.getByRole('button', { name: 'Share to Community' }).count()).toBe(0);

    await setCommunitySharing(adminPage, true);
    await screenshot(adminPage, 'community-sharing-on');
    dialog = await openShareDialog(page, chat);
    const button = dialog.getByRole('button', { name: 'Share to Community' });
    await button.waitFor();
    await screenshot(page, 'share-to-community');

    // The hub, as the browser sees it: every URL it is asked for.
    const hubRequests: string[] = [];
    await page.context().route(`${HUB}/**`, async (route) => {
      hubRequests.push(route.request().url());
      await route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Hub upload</title>' });
    });
    const [hubTab] = await Promise.all([page.context().waitForEvent('page'), button.click()]);
    await hubTab.waitForURL((url) => url.origin === HUB && url.pathname === '/community/upload' && url.hash.length > 1);
    const fragment = new URL(hubTab.url()).hash.slice(1);
    expect(fragment).toMatch(/^[A-Za-z0-9_-]+$/);
    const handed = JSON.parse(Buffer.from(fragment, 'base64url').toString('utf8')) as HandedOff;
    const { snapshot } = handed;
    // What the hub's POST /api/v1/community/chats takes as `title` and `snapshot`.
    expect(handedSnapshotSchema.safeParse(snapshot).success).toBe(true);
    expect(handed.title).toBe('Sourdough starter');
    expect(snapshot.currentMessageId).toBe(snapshot.messages[1]?.id);
    expect(snapshot.messages.map((m) => [m.role, m.content])).toEqual([
      ['user', 'How do I feed a sourdough starter?'],
      ['assistant', 'Equal weights of flour and water, once a day.'],
    ]);
    // Snapshot ids, not the chat's; and no server was sent the chat.
    const chatIds = new Set(chat.messages.map((m) => m.id));
    expect(snapshot.messages.some((m) => chatIds.has(m.id))).toBe(false);
    expect(hubRequests).toEqual([`${HUB}/community/upload`]);
    // The tab cannot reach back into Parley.
    expect(await hubTab.evaluate(() => window.opener === null)).toBe(true);
    await hubTab.close();

    // No link was made for it.
    expect((await member.client.get(`/api/v1/chats/${chat.id}/share`)).status).toBe(404);

    // With a link made before, the button is there too, beside "Update and Copy Link".
    await dialog.getByRole('button', { name: 'Copy Link' }).click();
    await dialog.getByRole('button', { name: 'Update and Copy Link' }).waitFor();
    await dialog.getByRole('button', { name: 'Share to Community' }).waitFor();

    await setCommunitySharing(adminPage, false);
    await page.reload();
    dialog = await openShareDialog(page, chat);
    await dialog.getByRole('button', { name: 'Update and Copy Link' }).waitFor();
    expect(await dialog.getByRole('button', { name: 'Share to Community' }).count()).toBe(0);
    // And the server refuses the hand-off.
    expect((await member.client.post(`/api/v1/chats/${chat.id}/share/community`)).status).toBe(403);
    await adminPage.context().close();
    await page.context().close();
  });

  it('needs only the guide\'s three steps: with no Community URL, Share to Community publishes to this instance\'s own community', async () => {
    const adminPage = await e.newPage(admin);
    const page = await e.newPage(member);
    // Admin Panel → Settings → General → "Enable Community Sharing" → Save, and no URL.
    await setCommunitySharing(adminPage, true, '');
    await adminPage.getByText('this instance is its own community').waitFor();
    await screenshot(adminPage, 'community-sharing-own-hub');

    const dialog = await openShareDialog(page, chat);
    const [hubTab] = await Promise.all([page.context().waitForEvent('page'), dialog.getByRole('button', { name: 'Share to Community' }).click()]);
    await hubTab.waitForURL((url) => url.origin === e.baseUrl && url.pathname === '/community/upload');
    await hubTab.getByText('Equal weights of flour and water, once a day.').waitFor();
    await hubTab.getByRole('radio', { name: /^Public$/ }).check();
    await hubTab.getByRole('button', { name: 'Upload' }).click();
    await hubTab.waitForURL((url) => /^\/community\/[A-Za-z0-9_-]+$/.test(url.pathname));

    // It is then there for this instance's users to find.
    const browse = await e.newPage(admin);
    await browse.goto('/community');
    await browse.getByRole('link', { name: 'Sourdough starter' }).waitFor();
    await setCommunitySharing(adminPage, false, '');
    await Promise.all([hubTab.close(), browse.context().close(), adminPage.context().close(), page.context().close()]);
  });
});
