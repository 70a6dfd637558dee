import { createRequire } from 'node:module';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChat, shareChat, type TestUser } from '../server/test/factories.js';
import { screenshot, startE2E, type E2E } from './harness.js';
import { createSampleChat } from './seed.js';

/**
 * axe-core, run inside the page, over the screens people meet: the sign-in page, the chat list and
 * chat view, the Share dialog, Settings and its Shared Chats dialog, the Admin Panel and the share
 * page; in light and dark (the system's, which the app follows by default), at desktop and phone
 * sizes (the Share dialog at desktop size only, for now: see below). Any serious or critical
 * violation fails the test, listed with its rule, impact and elements. The screens' screenshots
 * are kept in test-results/ as they go.
 */

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const SAMPLE_TITLE = 'Plotting a damped oscillator';

interface Finding {
  screen: string;
  id: string;
  impact: string;
  targets: string[];
}

/** The serious and critical violations of the page as it is now, for `screen`. */
async function audit(page: Page, screen: string): Promise<Finding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_PATH });
  const results = await page.evaluate(() => (window as unknown as { axe: { run: () => Promise<AxeResults> } }).axe.run());
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      screen,
      id: violation.id,
      impact: violation.impact ?? '',
      targets: violation.nodes.map((node) => node.target.map(String).join(' ')),
    }));
}

const combinations = [
  { size: 'desktop', phone: false, theme: 'light' },
  { size: 'desktop', phone: false, theme: 'dark' },
  { size: 'phone', phone: true, theme: 'light' },
  { size: 'phone', phone: true, theme: 'dark' },
] as const;

describe('accessibility (axe-core)', () => {
  let e: E2E;
  let admin: TestUser;
  let shareId: string;

  beforeAll(async () => {
    e = await startE2E();
    admin = await e.createUser({ role: 'admin', name: 'Ada Admin' });
    await createChat(admin, { title: 'Unshared notes', messages: 4 });
    const chatId = await createSampleChat(e.t, admin);
    shareId = (await shareChat(admin, chatId, { showName: true, includeHistory: true })).id;
    await e.createUser({ name: 'Bea Member' });
  });
  afterAll(async () => {
    await e.close();
  });

  it.each(combinations)('has no serious or critical violations: $size, $theme', async ({ size, phone, theme }) => {
    const findings: Finding[] = [];
    const tap = phone ? 'tap' : 'click';
    const shot = (page: Page, screen: string) => screenshot(page, `${screen}-${size}-${theme}`);
    const check = async (page: Page, screen: string, audited = true) => {
      await shot(page, screen);
      if (audited) findings.push(...(await audit(page, screen)));
    };

    // Signed out: the app sends the visitor to sign in.
    const visitor = await e.newPage(undefined, { phone, colorScheme: theme, bypassCSP: true });
    await visitor.goto('/');
    await visitor.getByRole('button', { name: 'Sign in' }).waitFor();
    await check(visitor, 'sign-in');
    await visitor.context().close();

    const page = await e.newPage(admin, { phone, colorScheme: theme, bypassCSP: true });
    const sidebar = page.getByRole('navigation', { name: 'Sidebar' });
    const openSidebar = async () => {
      if (phone && !(await sidebar.isVisible())) await page.getByRole('button', { name: 'Open sidebar' }).tap();
    };
    const userMenu = async (item: string) => {
      await openSidebar();
      await page.getByRole('button', { name: 'User menu' })[tap]();
      await page.getByRole('menuitem', { name: item })[tap]();
    };

    // The chat list, then a chat with code, math and versions.
    await page.goto('/');
    await openSidebar();
    await sidebar.getByRole('link', { name: SAMPLE_TITLE })[tap]();
    await page.getByRole('heading', { name: SAMPLE_TITLE, level: 1 }).waitFor();
    await page.getByRole('article', { name: 'Assistant message' }).last().waitFor();
    await check(page, 'chat');
    // It opens at its end; axe judges the colours of what is on screen, so the start too (code, math).
    await page.getByRole('main').evaluate((thread) => thread.scrollTo({ top: 0 }));
    await check(page, 'chat-top');
    if (phone) {
      await openSidebar();
      await sidebar.getByRole('link', { name: SAMPLE_TITLE }).waitFor();
      await check(page, 'chat-list');
      await page.getByRole('button', { name: 'Close sidebar' }).tap();
    }

    // The Share dialog of a chat shared before, and of one that is not.
    await page.getByRole('banner').getByRole('button', { name: 'Share' })[tap]();
    const shareDialog = page.getByRole('dialog', { name: 'Share Chat' });
    await shareDialog.getByText('You have shared this chat before').waitFor();
    await check(page, 'share-dialog-shared');
    await shareDialog.getByRole('button', { name: 'Close' })[tap]();
    await openSidebar();
    await sidebar.getByRole('link', { name: 'Unshared notes' })[tap]();
    await page.getByRole('heading', { name: 'Unshared notes', level: 1 }).waitFor();
    await page.getByRole('banner').getByRole('button', { name: 'Share' })[tap]();
    await shareDialog.getByRole('button', { name: 'Copy Link' }).waitFor();
    await check(page, 'share-dialog');
    await shareDialog.getByRole('button', { name: 'Close' })[tap]();

    // Settings: General, Data, and Data → Shared Chats.
    await userMenu('Settings');
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.getByRole('heading', { name: 'Appearance' }).waitFor();
    await check(page, 'settings');
    await settings.getByRole('tab', { name: 'Data' })[tap]();
    await settings.getByRole('group', { name: 'Shared Chats' }).waitFor();
    await check(page, 'settings-data');
    await settings.getByRole('group', { name: 'Shared Chats' }).getByRole('button', { name: 'Manage' })[tap]();
    const sharedChats = page.getByRole('dialog', { name: 'Shared Chats' });
    await sharedChats.getByText(SAMPLE_TITLE).waitFor();
    await check(page, 'shared-chats');
    await page.keyboard.press('Escape');
    await sharedChats.waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    await settings.waitFor({ state: 'detached' });

    // The Admin Panel: Settings (General), Users, Shared Links.
    await userMenu('Admin Panel');
    await page.getByRole('heading', { name: 'Admin Panel', level: 1 }).waitFor();
    await page.getByText('Enable Community Sharing').first().waitFor();
    await check(page, 'admin-settings');
    await page.getByRole('tab', { name: 'Users' })[tap]();
    await page.getByText('Bea Member').first().waitFor();
    await check(page, 'admin-users');
    await page.getByRole('tab', { name: 'Shared Links' })[tap]();
    await page.getByRole('main').getByText(SAMPLE_TITLE).first().waitFor();
    await check(page, 'admin-shared-links');

    // The share page, as a reader opening the link.
    await page.goto(`/s/${shareId}`);
    await page.getByRole('heading', { name: SAMPLE_TITLE, level: 1 }).waitFor();
    await check(page, 'share-page');
    await page.context().close();

    expect(findings).toEqual([]);
  });
});
