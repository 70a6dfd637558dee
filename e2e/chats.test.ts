import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendMessages, createChat, type TestChat, type TestUser } from '../server/test/factories.js';
import { screenshot, startE2E, userMenu, type E2E } from './harness.js';

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Sidebar' });
const chatTitles = (page: Page) => sidebar(page).getByRole('listitem').getByRole('link').allTextContents();
const chatRow = (page: Page, title: string) => sidebar(page).getByRole('listitem').filter({ hasText: title });

/** Hovers the chat in the sidebar, opens its three-dots menu and picks an item. */
async function chatMenu(page: Page, title: string, item: string): Promise<void> {
  const row = chatRow(page, title);
  await row.hover();
  await row.getByRole('button', { name: 'Chat menu' }).click();
  await page.getByRole('menuitem', { name: item, exact: true }).click();
}

async function chatState(owner: TestUser, id: string) {
  const reply = await owner.client.get<{ chat: TestChat }>(`/api/v1/chats/${id}`);
  return { status: reply.status, chat: reply.body.chat };
}

describe('chats in the sidebar', () => {
  let e: E2E;
  let owner: TestUser;
  let alpha: TestChat;
  let gamma: TestChat;

  beforeAll(async () => {
    e = await startE2E();
    owner = await e.createUser({ name: 'Chloe Owner' });
    alpha = await createChat(owner, { title: 'Alpha notes', messages: 2 });
    const beta = await createChat(owner, { title: 'Beta plan', messages: 2 });
    gamma = await createChat(owner, { title: 'Gamma ideas', messages: 4 });
    await owner.client.patch(`/api/v1/chats/${beta.id}`, { pinned: true });
    expect((await owner.client.put(`/api/v1/chats/${gamma.id}/share`, {})).status).toBe(201);
    const stranger = await e.createUser({ name: 'Someone Else' });
    await createChat(stranger, { title: 'Not yours' });
  });
  afterAll(async () => {
    await e.close();
  });

  it('lists my chats, pinned first then newest, marks shared ones, and searches them', async () => {
    const page = await e.newPage(owner);
    await page.goto('/');
    await sidebar(page).getByRole('link', { name: 'Alpha notes' }).waitFor();
    expect(await chatTitles(page)).toEqual(['Beta plan', 'Gamma ideas', 'Alpha notes']);
    expect(await page.getByRole('region', { name: 'Pinned' }).getByRole('link').allTextContents()).toEqual(['Beta plan']);
    expect(await chatRow(page, 'Gamma ideas').getByRole('img', { name: 'Shared' }).count()).toBe(1);
    expect(await chatRow(page, 'Alpha notes').getByRole('img', { name: 'Shared' }).count()).toBe(0);
    await screenshot(page, 'sidebar');

    await page.getByRole('searchbox', { name: 'Search chats' }).fill('PLAN');
    await expect.poll(() => chatTitles(page)).toEqual(['Beta plan']);
    // Text of the messages is searched too, and the sidebar shows where it matched.
    await page.getByRole('searchbox', { name: 'Search chats' }).fill('markdown');
    await chatRow(page, 'Alpha notes').locator('mark').getByText('Markdown', { exact: true }).waitFor();
    expect(await chatRow(page, 'Alpha notes').innerText()).toContain('Answer 1, with **Markdown**.');
    await screenshot(page, 'sidebar-search-messages');
    await page.getByRole('searchbox', { name: 'Search chats' }).fill('nothing like this');
    await sidebar(page).getByText('No chats match').waitFor();
    await page.getByRole('searchbox', { name: 'Search chats' }).fill('');
    await expect.poll(() => chatTitles(page)).toHaveLength(3);
    await page.context().close();
  });

  it('renames and pins through the Chat menu', async () => {
    const page = await e.newPage(owner);
    await page.goto('/');
    await chatMenu(page, 'Alpha notes', 'Rename');
    const title = sidebar(page).getByRole('textbox', { name: 'Chat title' });
    await title.fill('Alpha, renamed');
    await title.press('Enter');
    await sidebar(page).getByRole('link', { name: 'Alpha, renamed' }).waitFor();
    await expect.poll(async () => (await chatState(owner, alpha.id)).chat.title).toBe('Alpha, renamed');

    // Escape leaves the title as it was.
    await chatMenu(page, 'Alpha, renamed', 'Rename');
    await title.fill('Never saved');
    await title.press('Escape');
    await sidebar(page).getByRole('link', { name: 'Alpha, renamed' }).waitFor();

    await chatMenu(page, 'Alpha, renamed', 'Pin');
    await expect.poll(() => page.getByRole('region', { name: 'Pinned' }).getByRole('link').allTextContents()).toContain('Alpha, renamed');
    expect((await chatState(owner, alpha.id)).chat.pinned).toBe(true);
    await chatMenu(page, 'Alpha, renamed', 'Unpin');
    await expect.poll(() => page.getByRole('region', { name: 'Pinned' }).getByRole('link').allTextContents()).toEqual(['Beta plan']);
    await page.context().close();
  });

  it('opens the Chat menu from the keyboard', async () => {
    const page = await e.newPage(owner);
    await page.goto('/');
    const button = chatRow(page, 'Beta plan').getByRole('button', { name: 'Chat menu' });
    await button.focus();
    await page.keyboard.press('Enter');
    const menu = page.getByRole('menu', { name: 'Chat menu' });
    await menu.waitFor();
    expect(await menu.getByRole('menuitem').allTextContents()).toEqual(['Share', 'Rename', 'Unpin', 'Archive', 'Export as JSON', 'Export as Markdown', 'Delete']);
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Share');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Rename');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Delete');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
    expect(await button.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.context().close();
  });

  it('archives a chat out of the sidebar, and brings it back from Settings → Data → Archived Chats', async () => {
    const page = await e.newPage(owner);
    await page.goto('/');
    await chatMenu(page, 'Gamma ideas', 'Archive');
    await expect.poll(() => chatTitles(page)).not.toContain('Gamma ideas');
    expect((await chatState(owner, gamma.id)).chat.archived).toBe(true);

    await userMenu(page, 'Settings');
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.getByRole('tab', { name: 'Data' }).click();
    await screenshot(page, 'settings-data');
    await settings.getByRole('group', { name: 'Archived Chats' }).getByRole('button', { name: 'Manage' }).click();
    const archived = page.getByRole('dialog', { name: 'Archived Chats' });
    await archived.getByRole('link', { name: 'Gamma ideas' }).waitFor();
    await screenshot(page, 'archived-chats');
    await archived.getByRole('listitem').filter({ hasText: 'Gamma ideas' }).getByRole('button', { name: 'Unarchive' }).click();
    await archived.getByText('You have no archived chats.').waitFor();
    await expect.poll(() => chatTitles(page)).toContain('Gamma ideas');
    expect((await chatState(owner, gamma.id)).chat.archived).toBe(false);
    await page.context().close();
  });

  it('starts a chat from New Chat with the first prompt; Shift+Enter makes a new line', async () => {
    const page = await e.newPage(owner);
    await page.goto(`/c/${alpha.id}`);
    await sidebar(page).getByRole('link', { name: 'New Chat' }).click();
    await page.waitForURL(`${e.baseUrl}/`);
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('Plan a picnic');
    await box.press('Shift+Enter');
    await box.pressSequentially('for six people');
    expect(await box.inputValue()).toBe('Plan a picnic\nfor six people');
    await box.press('Enter');
    await page.waitForURL(/\/c\/[\w-]+$/);
    const chatId = new URL(page.url()).pathname.split('/')[2] ?? '';
    await page.getByRole('heading', { name: 'Plan a picnic', level: 1 }).waitFor();
    await sidebar(page).getByRole('link', { name: 'Plan a picnic' }).waitFor();
    const { chat } = await chatState(owner, chatId);
    expect(chat.title).toBe('Plan a picnic');
    // Until the server answers prompts, the reason is shown in words and the prompt is kept; after, the thread shows it.
    await page
      .getByRole('alert')
      .filter({ hasText: 'Your message was not sent' })
      .or(page.getByRole('article', { name: 'Your message' }))
      .first()
      .waitFor();
    if (chat.messages.length === 0) expect(await box.inputValue()).toBe('Plan a picnic\nfor six people');
    await screenshot(page, 'chat-new');
    await owner.client.delete(`/api/v1/chats/${chatId}`);
    await page.context().close();
  });

  it('deletes a chat only after the confirmation', async () => {
    const page = await e.newPage(owner);
    await page.goto(`/c/${gamma.id}`);
    await page.getByRole('heading', { name: 'Gamma ideas', level: 1 }).waitFor();
    await chatMenu(page, 'Gamma ideas', 'Delete');
    const confirm = page.getByRole('dialog', { name: 'Delete chat?' });
    await confirm.getByText('its shared link stops working').waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect((await chatState(owner, gamma.id)).status).toBe(200);

    await chatMenu(page, 'Gamma ideas', 'Delete');
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => chatTitles(page)).not.toContain('Gamma ideas');
    await page.waitForURL(`${e.baseUrl}/`);
    expect((await chatState(owner, gamma.id)).status).toBe(404);
    await page.context().close();
  });
});

describe('a chat with versions', () => {
  let e: E2E;
  let owner: TestUser;
  let chat: TestChat;

  beforeAll(async () => {
    e = await startE2E();
    owner = await e.createUser({ name: 'Dana Brancher' });
    chat = await createChat(owner, {
      title: 'Trees, explained',
      messages: [
        { role: 'user', content: 'What is a tree?\nAnswer in two lines.' },
        { role: 'assistant', content: 'Version one: a plant\nwith a trunk.', model: 'llama3' },
      ],
    });
    const question = chat.messages[0]?.id ?? '';
    const sibling = { makeCurrent: false };
    await appendMessages(e.t, chat.id, question, [{ role: 'assistant', content: 'Version two: a data structure.', model: 'llama3' }], sibling);
    await appendMessages(
      e.t,
      chat.id,
      question,
      [
        { role: 'assistant', content: 'Version three: both.', model: 'qwen2' },
        { role: 'user', content: 'Which one do you like?' },
        { role: 'assistant', content: 'The one with leaves.', model: 'qwen2' },
      ],
      sibling,
    );
  });
  afterAll(async () => {
    await e.close();
  });

  const versionLabel = (page: Page) => page.getByRole('article', { name: 'Assistant message' }).first().getByRole('group', { name: 'Versions' });

  it('shows the current thread and switches ‹ › between sibling replies, keeping the choice', async () => {
    const page = await e.newPage(owner);
    await page.goto(`/c/${chat.id}`);
    await page.getByText('Version one: a plant').waitFor();
    // Line breaks of the text are kept.
    expect(await page.getByRole('article', { name: 'Your message' }).first().innerText()).toContain('What is a tree?\nAnswer in two lines.');
    expect(await versionLabel(page).innerText()).toContain('1/3');
    expect(await page.getByRole('button', { name: 'Previous version' }).isDisabled()).toBe(true);
    await screenshot(page, 'chat-versions');

    await page.getByRole('button', { name: 'Next version' }).click();
    await page.getByText('Version two: a data structure.').waitFor();
    expect(await page.getByText('Version one: a plant').count()).toBe(0);
    expect(await versionLabel(page).innerText()).toContain('2/3');
    await expect.poll(async () => (await chatState(owner, chat.id)).chat.currentMessageId).not.toBe(chat.currentMessageId);

    await page.getByRole('button', { name: 'Next version' }).click();
    // The branch shows down to its newest leaf.
    await page.getByText('The one with leaves.').waitFor();
    expect(await page.getByRole('article').count()).toBe(4);
    expect(await page.getByRole('button', { name: 'Next version' }).isDisabled()).toBe(true);

    await page.reload();
    await page.getByText('The one with leaves.').waitFor();
    expect(await versionLabel(page).innerText()).toContain('3/3');

    await page.getByRole('button', { name: 'Previous version' }).click();
    await page.getByText('Version two: a data structure.').waitFor();
    expect(await page.getByText('The one with leaves.').count()).toBe(0);
    await page.context().close();
  });

  it('looks right in dark mode and on a phone, with a sidebar that opens and closes', async () => {
    const dark = await e.newPage(owner, { colorScheme: 'dark' });
    await dark.goto(`/c/${chat.id}`);
    await dark.getByText('Which one do you like?').or(dark.getByText('Version two: a data structure.')).first().waitFor();
    await screenshot(dark, 'chat-dark');
    await dark.context().close();

    const phone = await e.newPage(owner, { phone: true });
    await phone.goto(`/c/${chat.id}`);
    await phone.getByRole('heading', { name: 'Trees, explained', level: 1 }).waitFor();
    expect(await sidebar(phone).isVisible()).toBe(false);
    await screenshot(phone, 'chat-phone');
    await phone.getByRole('button', { name: 'Open sidebar' }).click();
    await sidebar(phone).getByRole('link', { name: 'Trees, explained' }).waitFor();
    await screenshot(phone, 'sidebar-phone');
    await phone.getByRole('button', { name: 'Close sidebar' }).click();
    await sidebar(phone).waitFor({ state: 'hidden' });
    await phone.context().close();
  });
});
