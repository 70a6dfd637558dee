import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '../server/test/factories.js';
import { screenshot, startE2E, userMenu, type E2E } from './harness.js';

/** Settings → Data → Import chats: a ChatGPT export through the file input, with its progress bar. */

const FIXTURES = path.resolve(import.meta.dirname, '..', 'server', 'chats', 'fixtures');
const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Sidebar' });

async function openDataSettings(page: Page) {
  await page.goto('/');
  await userMenu(page, 'Settings');
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByRole('tab', { name: 'Data' }).click();
  return settings;
}

describe('importing chats', () => {
  let e: E2E;
  let owner: TestUser;

  beforeAll(async () => {
    e = await startE2E();
    owner = await e.createUser({ name: 'Ivy Importer' });
  });
  afterAll(async () => {
    await e.close();
  });

  it('uploads a ChatGPT conversations.json with a progress bar, and the chats appear in the sidebar', async () => {
    const page = await e.newPage(owner);
    const settings = await openDataSettings(page);
    expect(await sidebar(page).getByRole('link', { name: 'Packing list for Lisbon' }).count()).toBe(0);

    // Every value the progress bar takes, from the page itself.
    await page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { progressSeen: string[] }).progressSeen = seen;
      new MutationObserver(() => {
        const value = document.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow');
        if (value && seen.at(-1) !== value) seen.push(value);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await settings.getByLabel('Import chats', { exact: true }).setInputFiles(path.join(FIXTURES, 'chatgpt-conversations.json'));
    await settings.getByRole('status').getByText('Imported 2 chats.').waitFor();
    const bar = settings.getByRole('progressbar', { name: 'Upload progress' });
    expect(await bar.getAttribute('aria-valuenow')).toBe('100');
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: string[] }).progressSeen);
    expect(seen[0]).toBe('0');
    expect(seen.at(-1)).toBe('100');
    await screenshot(page, 'import-chats');

    await sidebar(page).getByRole('link', { name: 'Packing list for Lisbon' }).waitFor();
    await sidebar(page).getByRole('link', { name: 'Regex for ISO dates' }).waitFor();
    const chats = await owner.client.get<{ items: { title: string }[] }>('/api/v1/chats');
    expect(chats.body.items.map((c) => c.title).sort()).toEqual(['Packing list for Lisbon', 'Regex for ISO dates']);
    await page.context().close();
  });

  it('says in words why a file cannot be imported, and imports nothing', async () => {
    const page = await e.newPage(owner);
    const settings = await openDataSettings(page);
    await settings
      .getByLabel('Import chats', { exact: true })
      .setInputFiles({ name: 'notes.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify([{ title: 'No mapping here' }])) });
    await settings.getByRole('alert').getByText(/^Nothing was imported: The export cannot be imported: /).waitFor();
    expect(await settings.getByRole('alert').innerText()).toContain('neither a ChatGPT conversation');
    const chats = await owner.client.get<{ items: unknown[] }>('/api/v1/chats');
    expect(chats.body.items).toHaveLength(2);
    await page.context().close();
  });
});
