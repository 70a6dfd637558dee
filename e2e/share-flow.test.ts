import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendMessages, createChat, shareChat, type TestChat, type TestUser } from '../server/test/factories.js';
import { screenshot, signInAs, startE2E, userMenu, type E2E } from './harness.js';

/**
 * Sharing from end to end, as people do it: the Share modal from the sidebar (S1, S19), opening a
 * link signed in and signed out (S8), continuing it as one's own chat (S9), updating (S10) and
 * deleting (S11) it.
 */

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Sidebar' });

async function openShareModal(page: Page, title: string) {
  const row = sidebar(page).getByRole('listitem').filter({ hasText: title });
  await row.hover();
  await row.getByRole('button', { name: 'Chat menu' }).click();
  await page.getByRole('menuitem', { name: 'Share', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Share Chat' });
  await dialog.waitFor();
  return dialog;
}

/** Fills the sign-in form the share page sent us to, and waits to be back on the link. */
async function signInOnForm(page: Page, user: TestUser, shareId: string) {
  await page.waitForURL((url) => url.pathname === '/auth' && url.searchParams.get('redirect') === `/s/${shareId}`);
  await page.getByText('Sign in to read the shared chat.').waitFor();
  await page.getByLabel('Email').fill(user.user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => url.pathname === `/s/${shareId}`);
}

describe('sharing a chat, end to end', () => {
  let e: E2E;
  let admin: TestUser;
  let sam: TestUser;
  let rita: TestUser;

  beforeAll(async () => {
    e = await startE2E();
    admin = await e.createUser({ role: 'admin', name: 'Admin' });
    sam = await e.createUser({ name: 'Sam Sharer' });
    rita = await e.createUser({ name: 'Rita Reader' });
  });
  afterAll(async () => {
    await e.close();
  });

  async function chatTitles(user: TestUser): Promise<string[]> {
    const reply = await user.client.get<{ items: { title: string }[] }>('/api/v1/chats');
    return reply.body.items.map((chat) => chat.title);
  }

  it('sends a signed-out visitor of a members link to sign in, and back to the link', async () => {
    const chat = await createChat(sam, { title: 'Members-only notes', messages: [{ role: 'user', content: 'What is **bold**?' }, { role: 'assistant', content: 'Text like **this**.' }] });
    const share = await shareChat(sam, chat.id);
    const page = await e.newPage();
    const response = await page.goto(`/s/${share.id}`);
    // Nothing of the chat before signing in.
    expect(await response?.request().redirectedFrom()?.response().then((r) => r?.status())).toBe(302);
    expect(await page.content()).not.toContain('Members-only notes');
    await signInOnForm(page, rita, share.id);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Members-only notes');
    await page.getByText('Shared by Anonymous').waitFor();
    expect(await page.getByRole('strong').filter({ hasText: 'this' }).isVisible()).toBe(true);
    await page.context().close();
  });

  it('continues a link as a new chat of the signed-in member; the sharer’s chats stay as they were', async () => {
    const chat = await createChat(sam, {
      title: 'Sorting in Python',
      messages: [
        { role: 'user', content: 'How do I sort a list?' },
        { role: 'assistant', content: 'Use `sorted()`:\n\n```python\nsorted([3, 1, 2])\n```\n\nIt runs in $O(n \\log n)$.', model: 'qwen2.5' },
      ],
    });
    const share = await shareChat(sam, chat.id);
    const samChats = await chatTitles(sam);
    const ritaChats = await chatTitles(rita);

    const page = await e.newPage(rita);
    await page.goto(`/s/${share.id}`);
    await page.getByRole('button', { name: 'Continue this conversation' }).click();
    await page.waitForURL(/\/c\/[^/]+$/);
    const chatId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
    expect(chatId).not.toBe(chat.id);
    // The app shows the same messages, rendered as on the share page.
    await page.getByRole('article', { name: 'Your message' }).getByText('How do I sort a list?').waitFor();
    const reply = page.getByRole('article', { name: 'Assistant message' });
    await reply.getByRole('code').filter({ hasText: 'sorted([3, 1, 2])' }).waitFor();
    expect(await reply.getByRole('math').count()).toBe(1);
    await expect.poll(() => sidebar(page).getByRole('link', { name: 'Sorting in Python' }).count()).toBe(1);

    expect(await chatTitles(rita)).toEqual(['Sorting in Python', ...ritaChats]);
    expect(await chatTitles(sam)).toEqual(samChats);
    expect((await rita.client.get(`/api/v1/chats/${chatId}`)).status).toBe(200);
    expect((await sam.client.get(`/api/v1/chats/${chatId}`)).status).toBe(404);
    await page.context().close();
  });

  it('asks a signed-out visitor of a public link to sign in before continuing, and continues as soon as they have', async () => {
    expect((await admin.client.patch('/api/v1/admin/settings', { sharing: { publicLinks: true } })).status).toBe(200);
    const chat = await createChat(sam, { title: 'A public recipe', messages: [{ role: 'user', content: 'Bread?' }, { role: 'assistant', content: 'Flour, water, salt, yeast.' }] });
    await shareChat(sam, chat.id);
    const share = await shareChat(sam, chat.id, { access: 'public' });
    expect(share.access).toBe('public');

    const page = await e.newPage();
    await page.goto(`/s/${share.id}`);
    await page.getByText('Flour, water, salt, yeast.').waitFor();
    await page.getByRole('link', { name: 'Continue this conversation' }).click();
    await page.waitForURL((url) => url.pathname === '/auth' && url.searchParams.get('redirect') === `/continue/${share.id}`);
    await page.getByText('Sign in to continue the shared chat as your own.').waitFor();
    await page.getByLabel('Email').fill(rita.user.email);
    await page.getByLabel('Password').fill(rita.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    // No second press: signing in finishes what the visitor asked for.
    await page.waitForURL(/\/c\/[^/]+$/);
    await page.getByRole('article', { name: 'Assistant message' }).getByText('Flour, water, salt, yeast.').waitFor();
    expect(await chatTitles(rita)).toContain('A public recipe');
    await page.context().close();
  });

  it('shares from the sidebar: Copy Link, the link shared "before", Update and Copy Link, delete this link', async () => {
    const chat: TestChat = await createChat(sam, {
      title: 'Trip to Lisbon',
      messages: [
        { role: 'user', content: 'Plan three days in Lisbon.' },
        { role: 'assistant', content: 'Day 1: **Alfama**. Day 2: Belém. Day 3: Sintra.' },
      ],
    });
    const context = await e.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e.baseUrl });
    await signInAs(context, e.baseUrl, sam);
    const page = await context.newPage();
    const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
    await page.goto(`/c/${chat.id}`);
    await page.getByRole('article', { name: 'Assistant message' }).getByRole('strong').filter({ hasText: 'Alfama' }).waitFor();
    await screenshot(page, 'chat-markdown-light');

    // Not shared yet: a preview, the title, the name choice, then Copy Link.
    let dialog = await openShareModal(page, 'Trip to Lisbon');
    await dialog.getByRole('region', { name: 'Preview' }).getByText('Plan three days in Lisbon.').waitFor();
    expect(await dialog.getByLabel('Title').inputValue()).toBe('Trip to Lisbon');
    expect(await dialog.getByLabel('Share anonymously').isChecked()).toBe(true);
    await dialog.getByLabel('Share your name').check();
    await screenshot(page, 'share-modal-new');
    await dialog.getByRole('button', { name: 'Copy Link' }).click();
    await dialog.getByRole('status').getByText('Link copied.').waitFor();
    const url = await clipboard();
    expect(url).toMatch(new RegExp(`^${e.baseUrl}/s/[A-Za-z0-9_-]{22}$`));
    const { share } = (await sam.client.get<{ share: { id: string; url: string } }>(`/api/v1/chats/${chat.id}/share`)).body;
    expect(url).toBe(share.url);
    await sidebar(page).getByRole('listitem').filter({ hasText: 'Trip to Lisbon' }).getByRole('img', { name: 'Shared' }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();

    // Shared before: the "before" link opens the snapshot in a new tab.
    dialog = await openShareModal(page, 'Trip to Lisbon');
    await dialog.getByText('You have shared this chat before').waitFor();
    const before = dialog.getByRole('link', { name: 'before' });
    expect(await before.getAttribute('href')).toBe(url);
    expect(await before.getAttribute('target')).toBe('_blank');
    await screenshot(page, 'share-modal-shared-before');
    const [tab] = await Promise.all([context.waitForEvent('page'), before.click()]);
    await tab.waitForLoadState();
    expect(tab.url()).toBe(url);
    expect(await tab.getByRole('heading', { level: 1 }).textContent()).toBe('Trip to Lisbon');
    await tab.getByText('Shared by Sam Sharer').waitFor();
    await tab.close();

    // A new message shows at the same URL only after "Update and Copy Link".
    await appendMessages(e.t, chat.id, chat.currentMessageId, [
      { role: 'user', content: 'And where to eat?' },
      { role: 'assistant', content: 'Try the pastéis de nata in Belém.' },
    ]);
    const viewer = await e.newPage(rita);
    await viewer.goto(url);
    await viewer.getByText('Day 1:').waitFor();
    expect(await viewer.getByText('pastéis de nata').count()).toBe(0);
    await page.evaluate(() => navigator.clipboard.writeText(''));
    await dialog.getByRole('button', { name: 'Update and Copy Link' }).click();
    await dialog.getByRole('status').getByText('Link copied.').waitFor();
    expect(await clipboard()).toBe(url);
    await viewer.reload();
    await viewer.getByText('Try the pastéis de nata in Belém.').waitFor();

    // delete this link: the URL is dead at once, and the modal offers a new link.
    await dialog.getByRole('button', { name: 'delete this link' }).click();
    await dialog.getByRole('button', { name: 'Copy Link' }).waitFor();
    const gone = await viewer.reload();
    expect(gone?.status()).toBe(404);
    expect(await viewer.getByRole('heading', { level: 1 }).textContent()).toBe('Not Found');
    await viewer.context().close();
    await context.close();
  });

  it('shares with specific people, with an expiry, from the Share modal', async () => {
    const chat = await createChat(sam, { title: 'For Rita only', messages: 2 });
    const context = await e.newContext();
    const page = await context.newPage();
    await signInAs(context, e.baseUrl, sam);
    await page.goto(`/c/${chat.id}`);
    const dialog = await openShareModal(page, 'For Rita only');
    await dialog.getByText("Messages you send after creating your link won't be shared.").waitFor();
    await dialog.getByLabel('Who can open the link').selectOption({ label: 'Specific people' });
    // An email with no account yet is invited like any other (rule S7): no "no account" error.
    await dialog.getByLabel('People (emails, separated by commas)').fill(`${rita.user.email}, Later@Example.com`);
    await dialog.getByLabel('Link expires').selectOption({ label: 'In 7 days' });
    await dialog.getByRole('button', { name: 'Copy Link' }).click();
    // The link, shown once made (issue 12: not yet "shared before", which it was not).
    await dialog.getByRole('textbox', { name: 'Link' }).waitFor();
    const share = await sam.client.get<{ share: { id: string; access: string; userEmails: string[]; expiresAt: string | null } }>(
      `/api/v1/chats/${chat.id}/share`,
    );
    expect(share.body.share).toMatchObject({ access: 'restricted' });
    expect(share.body.share.userEmails.sort()).toEqual([rita.user.email, 'later@example.com'].sort());
    const days = (Date.parse(share.body.share.expiresAt ?? '') - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThan(7.1);
    expect((await rita.client.get(`/api/v1/shares/${share.body.share.id}`)).status).toBe(200);
    expect((await admin.client.get(`/api/v1/shares/${share.body.share.id}`)).status).toBe(404);
    // Settings → Data → Shared Chats lists whom the link invites.
    await page.keyboard.press('Escape');
    await userMenu(page, 'Settings');
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.getByRole('tab', { name: 'Data' }).click();
    await settings.getByRole('group', { name: 'Shared Chats' }).getByRole('button', { name: 'Manage' }).click();
    const list = page.getByRole('dialog', { name: 'Shared Chats' }).getByRole('list', { name: 'Shared chats' });
    await list.getByText(/Invited: .*later@example\.com/).waitFor();
    await context.close();
  });

  it('keeps screenshots of the Share modal and of a chat in dark mode and on a phone', async () => {
    const chat = await createChat(sam, {
      title: 'Screenshot chat',
      messages: [
        { role: 'user', content: 'Show me a table, some code and a formula.' },
        {
          role: 'assistant',
          content:
            '| a | b |\n|---|---|\n| 1 | 2 |\n\n```ts\nconst x: number = 1;\n```\n\n$$\\int_0^1 x^2\\,dx = \\tfrac13$$\n\n> quoted, with `code`\n\n1. one\n2. two',
        },
      ],
    });
    for (const options of [{ colorScheme: 'dark' as const }, { phone: true }]) {
      const page = await e.newPage(sam, options);
      await page.goto(`/c/${chat.id}`);
      await page.getByRole('article', { name: 'Assistant message' }).getByRole('table').waitFor();
      await page.evaluate(() => document.fonts.ready);
      const name = options.phone ? 'phone' : 'dark';
      await screenshot(page, `chat-markdown-${name}`);
      if (options.phone) await page.getByRole('button', { name: 'Open sidebar' }).click();
      const dialog = await openShareModal(page, 'Screenshot chat');
      await dialog.getByRole('button', { name: 'Copy Link' }).waitFor();
      await screenshot(page, `share-modal-${name}`);
      await page.context().close();
    }
  });
});
