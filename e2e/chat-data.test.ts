import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChat, shareChat, type TestUser } from '../server/test/factories.js';
import { screenshot, startE2E, userMenu, type E2E } from './harness.js';

/** Settings → Data and the Chat menu: export one chat or all of them, import the export back once, delete all. */

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Sidebar' });

async function openDataSettings(page: Page) {
  await page.goto('/');
  await userMenu(page, 'Settings');
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByRole('tab', { name: 'Data' }).click();
  return settings;
}

async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: await readFile(file, 'utf8') };
}

describe('your chats as files', () => {
  let e: E2E;
  let owner: TestUser;

  beforeAll(async () => {
    e = await startE2E();
    owner = await e.createUser({ name: 'Flo Files' });
    await createChat(owner, {
      title: 'Packing for Lisbon',
      messages: [
        { role: 'user', content: 'What should I pack for Lisbon in May?' },
        { role: 'assistant', content: 'Layers, comfortable shoes and a light jacket.' },
      ],
    });
  });
  afterAll(async () => {
    await e.close();
  });

  it('exports one chat from its menu, as JSON and as Markdown', async () => {
    const page = await e.newPage(owner);
    await page.goto('/');
    const row = sidebar(page).getByRole('listitem').filter({ hasText: 'Packing for Lisbon' });
    await row.hover();
    await row.getByRole('button', { name: 'Chat menu' }).click();
    const json = await downloaded(page, () => page.getByRole('menuitem', { name: 'Export as JSON' }).click());
    expect(json.name).toBe('packing-for-lisbon.json');
    expect(json.text).toContain('Layers, comfortable shoes and a light jacket.');
    await row.hover();
    await row.getByRole('button', { name: 'Chat menu' }).click();
    const markdown = await downloaded(page, () => page.getByRole('menuitem', { name: 'Export as Markdown' }).click());
    expect(markdown.name).toBe('packing-for-lisbon.md');
    expect(markdown.text).toMatch(/^# Packing for Lisbon\n/);
    await page.context().close();
  });

  it('exports every chat from Settings → Data; importing that file says the chats are here already', async () => {
    const page = await e.newPage(owner);
    const settings = await openDataSettings(page);
    await screenshot(page, 'settings-data-export');
    const all = await downloaded(page, () => settings.getByRole('link', { name: 'Export JSON' }).click());
    expect(all.name).toMatch(/^parley-chats-\d{4}-\d{2}-\d{2}\.json$/);
    await settings.locator('input[type=file]').setInputFiles({ name: all.name, mimeType: 'application/json', buffer: Buffer.from(all.text) });
    await settings.getByRole('status').getByText('Imported 0 chats. 1 chat was here already and was left as it was.').waitFor();
    expect(await sidebar(page).getByRole('link', { name: 'Packing for Lisbon' }).count()).toBe(1);
    await page.context().close();
  });

  it('deletes all chats, only after the confirmation, with their links', async () => {
    const chat = await createChat(owner, { title: 'Shared recipe', messages: 2 });
    const share = await shareChat(owner, chat.id);
    const page = await e.newPage(owner);
    const settings = await openDataSettings(page);
    await settings.getByRole('group', { name: 'Delete All Chats' }).getByRole('button', { name: 'Delete all' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete all chats?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(await sidebar(page).getByRole('link', { name: 'Shared recipe' }).count()).toBe(1);

    await settings.getByRole('group', { name: 'Delete All Chats' }).getByRole('button', { name: 'Delete all' }).click();
    await screenshot(page, 'delete-all-chats');
    await confirm.getByRole('button', { name: 'Delete all chats' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => sidebar(page).getByRole('link', { name: 'Shared recipe' }).count()).toBe(0);
    expect((await owner.client.get(`/api/v1/shares/${share.id}`)).status).toBe(404);
    await page.context().close();
  });
});
