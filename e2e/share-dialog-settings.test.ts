import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendMessages, createChat, shareChat, type TestChat, type TestUser } from '../server/test/factories.js';
import { screenshot, startE2E, type E2E } from './harness.js';
import { openShareDialog } from './share-dialog.js';

/**
 * A link's settings changed after it was made, in the Share dialog (same URL, same snapshot), and
 * the messages a link holds chosen there: up to one, and without the ones left out.
 */

interface OwnerShare {
  id: string;
  url: string;
  title: string;
  showName: boolean;
  access: string;
  expiresAt: string | null;
  updatedAt: string;
}

describe('the Share dialog’s settings and messages', () => {
  let e: E2E;
  let admin: TestUser;
  let sam: TestUser;
  let rita: TestUser;
  let otto: TestUser;

  beforeAll(async () => {
    e = await startE2E();
    admin = await e.createUser({ role: 'admin', name: 'Admin' });
    sam = await e.createUser({ name: 'Sam Sharer' });
    rita = await e.createUser({ name: 'Rita Reader' });
    otto = await e.createUser({ name: 'Otto Other' });
  });
  afterAll(async () => {
    await e.close();
  });

  const linkOf = async (chat: TestChat) => (await sam.client.get<{ share: OwnerShare }>(`/api/v1/chats/${chat.id}/share`)).body.share;
  /** The messages' text on the share page, as `reader` sees it (signed out when undefined). */
  async function sharedTexts(url: string, reader?: TestUser): Promise<{ title: string | null; by: string | null; texts: string[] }> {
    const page = await e.newPage(reader);
    await page.goto(url);
    const result = {
      title: await page.getByRole('heading', { level: 1 }).textContent(),
      by: await page.locator('.sharer').textContent(),
      texts: (await page.locator('article.message:not([hidden]) .message-body').allTextContents()).map((text) => text.trim()),
    };
    await page.context().close();
    return result;
  }

  it('changes a link’s title, name, access and expiry without changing its URL or what it shows', async () => {
    const chat = await createChat(sam, { title: 'Budget 2027', messages: [{ role: 'user', content: 'Draft a budget.' }, { role: 'assistant', content: 'Rent 40%, food 20%.' }] });
    const before = await shareChat(sam, chat.id);
    // Written after the link: not in its snapshot, and saving settings must not add it.
    await appendMessages(e.t, chat.id, chat.currentMessageId, [{ role: 'user', content: 'A later, private question.' }]);
    expect((await admin.client.patch('/api/v1/admin/settings', { sharing: { publicLinks: false } })).status).toBe(200);

    let page = await e.newPage(sam);
    let dialog = await openShareDialog(page, chat);
    const settings = dialog.getByRole('region', { name: 'Link settings' });
    expect(await settings.getByRole('option', { name: 'Anyone with the link' }).count()).toBe(0);
    await page.context().close();

    expect((await admin.client.patch('/api/v1/admin/settings', { sharing: { publicLinks: true } })).status).toBe(200);
    page = await e.newPage(sam);
    dialog = await openShareDialog(page, chat);
    await dialog.getByRole('region', { name: 'Link settings' }).getByLabel('Title').fill('Budget 2027, for everyone');
    await dialog.getByRole('region', { name: 'Link settings' }).getByLabel('Share your name').check();
    await dialog.getByLabel('Who can open the link').selectOption({ label: 'Anyone with the link' });
    await dialog.getByLabel('Link expires').selectOption({ label: 'In 30 days' });
    await dialog.getByRole('button', { name: 'Save settings' }).click();
    await dialog.getByRole('status').getByText('Settings saved.').waitFor();
    await screenshot(page, 'share-dialog-settings-saved');

    const after = await linkOf(chat);
    expect(after).toMatchObject({ id: before.id, url: before.url, title: 'Budget 2027, for everyone', showName: true, access: 'public' });
    const days = (Date.parse(after.expiresAt ?? '') - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);
    // The same snapshot, now open to anyone signed out, under the new title and name.
    expect(await sharedTexts(before.url)).toEqual({ title: 'Budget 2027, for everyone', by: 'Sam Sharer', texts: ['Draft a budget.', 'Rent 40%, food 20%.'] });
    expect(await dialog.getByRole('textbox', { name: 'Link' }).inputValue()).toBe(before.url);

    // Specific people: Rita may read it, Otto not.
    await dialog.getByLabel('Who can open the link').selectOption({ label: 'Specific people' });
    await dialog.getByLabel('People (emails, separated by commas)').fill(rita.user.email);
    await dialog.getByLabel('Link expires').selectOption({ label: 'Never' });
    await dialog.getByRole('button', { name: 'Save settings' }).click();
    await dialog.getByRole('status').getByText('Settings saved.').waitFor();
    expect(await dialog.getByLabel('People (emails, separated by commas)').inputValue()).toBe(rita.user.email);
    expect(await linkOf(chat)).toMatchObject({ url: before.url, access: 'restricted', expiresAt: null });
    expect((await sharedTexts(before.url, rita)).texts).toEqual(['Draft a budget.', 'Rent 40%, food 20%.']);
    expect((await otto.client.get(`/s/${before.id}`)).status).toBe(404);

    // Back to anonymous and members: still the same link and snapshot.
    await dialog.getByRole('region', { name: 'Link settings' }).getByLabel('Share anonymously').check();
    await dialog.getByLabel('Who can open the link').selectOption({ label: 'Members of this instance' });
    await dialog.getByRole('button', { name: 'Save settings' }).click();
    await dialog.getByRole('status').getByText('Settings saved.').waitFor();
    expect(await sharedTexts(before.url, otto)).toEqual({ title: 'Budget 2027, for everyone', by: 'Anonymous', texts: ['Draft a budget.', 'Rent 40%, food 20%.'] });
    await page.context().close();
  });

  it('shares up to a chosen message, leaving chosen messages out', async () => {
    const turns = ['Q1: the plan?', 'A1: a plan.', 'Q2: my password is hunter2, keep it?', 'A2: never share passwords.', 'Q3: and then?', 'A3: then rest.'];
    const chat = await createChat(sam, {
      title: 'Choosing messages',
      messages: turns.map((content, i) => ({ role: i % 2 === 0 ? ('user' as const) : ('assistant' as const), content })),
    });
    const page = await e.newPage(sam);
    const dialog = await openShareDialog(page, chat);
    await dialog.getByRole('button', { name: 'Choose messages' }).click();
    await dialog.getByLabel('Share up to').selectOption({ label: '4. Assistant: A2: never share passwords.' });
    await dialog.getByRole('checkbox', { name: '3. You: Q2: my password is hunter2, keep it?' }).uncheck();
    await dialog.getByText('(3 of 6 shared)').waitFor();
    const preview = dialog.getByRole('region', { name: 'Preview' });
    expect(await preview.getByText('hunter2').count()).toBe(0);
    expect(await preview.getByText('then rest').count()).toBe(0);
    await screenshot(page, 'share-dialog-choose-messages');
    await dialog.getByRole('button', { name: 'Copy Link' }).click();
    await dialog.getByRole('textbox', { name: 'Link' }).waitFor();
    const { url } = await linkOf(chat);
    expect((await sharedTexts(url, rita)).texts).toEqual(['Q1: the plan?', 'A1: a plan.', 'A2: never share passwords.']);

    // Update and Copy Link shares what the dialog shows for it: here, everything but the password.
    await dialog.getByRole('button', { name: 'Choose messages' }).click();
    await dialog.getByRole('checkbox', { name: '3. You: Q2: my password is hunter2, keep it?' }).uncheck();
    await dialog.getByRole('button', { name: 'Update and Copy Link' }).click();
    await dialog.getByRole('status').getByText('Link copied.').waitFor();
    expect((await sharedTexts(url, rita)).texts).toEqual(['Q1: the plan?', 'A1: a plan.', 'A2: never share passwords.', 'Q3: and then?', 'A3: then rest.']);
    await page.context().close();
  });
});
