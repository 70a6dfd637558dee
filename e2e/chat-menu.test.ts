import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChat, type TestChat, type TestUser } from '../server/test/factories.js';
import { screenshot, startE2E, type E2E } from './harness.js';

/**
 * The sidebar's "Chat menu" where people meet it: a phone (390×844, by touch) and a desktop. The
 * menu opens beside its button, inside the viewport, above everything else, and each item does
 * what it says to the chat whose button opened it.
 */

const sidebar = (page: Page) => page.getByRole('navigation', { name: 'Sidebar' });
const chatRow = (page: Page, title: string) => sidebar(page).getByRole('listitem').filter({ hasText: title });
const menu = (page: Page) => page.getByRole('menu', { name: 'Chat menu' });

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('not on screen');
  return box;
}

const sizes = [
  { name: 'phone', phone: true },
  { name: 'desktop', phone: false },
] as const;

describe.each(sizes)('the Chat menu on a $name', ({ name, phone }) => {
  let e: E2E;
  let owner: TestUser;
  const chats = new Map<string, TestChat>();

  beforeAll(async () => {
    e = await startE2E();
    owner = await e.createUser({ name: 'Mira Menus' });
    // Enough chats that the list scrolls on both screens; the newest is listed first.
    for (let i = 30; i >= 1; i -= 1) {
      const title = `Topic ${String(i).padStart(2, '0')}`;
      chats.set(title, await createChat(owner, { title, messages: 2 }));
    }
  });
  afterAll(async () => {
    await e.close();
  });

  async function openApp(): Promise<Page> {
    const page = await e.newPage(owner, { phone });
    await page.goto('/');
    if (phone) await page.getByRole('button', { name: 'Open sidebar' }).tap();
    await sidebar(page).getByRole('link', { name: 'Topic 01' }).waitFor();
    return page;
  }

  /** Opens the chat's menu the way this screen is used: a tap on a phone, hover and click on a desktop. */
  async function openMenu(page: Page, title: string): Promise<Locator> {
    const row = chatRow(page, title);
    await row.scrollIntoViewIfNeeded();
    const button = row.getByRole('button', { name: 'Chat menu' });
    if (phone) await button.tap();
    else {
      await row.hover();
      await button.click();
    }
    await menu(page).waitFor();
    return button;
  }

  /** The menu is inside the viewport, touching its button (below it, or above when there is no room). */
  async function expectBesideButton(page: Page, button: Locator): Promise<void> {
    const viewport = page.viewportSize() ?? { width: 0, height: 0 };
    const list = await boxOf(menu(page));
    const anchor = await boxOf(button);
    expect(list.x).toBeGreaterThanOrEqual(0);
    expect(list.y).toBeGreaterThanOrEqual(0);
    expect(list.x + list.width).toBeLessThanOrEqual(viewport.width);
    expect(list.y + list.height).toBeLessThanOrEqual(viewport.height);
    const gapBelow = list.y - (anchor.y + anchor.height);
    const gapAbove = anchor.y - (list.y + list.height);
    expect(Math.min(Math.abs(gapBelow), Math.abs(gapAbove))).toBeLessThanOrEqual(8);
    // Horizontally it overlaps its button's column.
    expect(list.x).toBeLessThanOrEqual(anchor.x + anchor.width);
    expect(list.x + list.width).toBeGreaterThanOrEqual(anchor.x);
  }

  /** What a finger on the middle of `item` would touch is `item` itself, not what lies under the menu. */
  async function expectOnTop(page: Page, item: Locator): Promise<void> {
    const box = await boxOf(item);
    const hit = await page.evaluate(
      ({ x, y }) => document.elementFromPoint(x, y)?.closest('[role="menuitem"]')?.textContent ?? null,
      { x: box.x + box.width / 2, y: box.y + box.height / 2 },
    );
    expect(hit).toBe(await item.textContent());
  }

  async function pick(page: Page, label: string): Promise<void> {
    const item = menu(page).getByRole('menuitem', { name: label, exact: true });
    await expectOnTop(page, item);
    if (phone) await item.tap();
    else await item.click();
  }

  it('opens beside its button and inside the screen, for a chat at the top and at the bottom of the list', async () => {
    const page = await openApp();
    const top = await openMenu(page, 'Topic 01');
    await expectBesideButton(page, top);
    for (const label of ['Share', 'Rename', 'Pin', 'Archive', 'Delete']) await expectOnTop(page, menu(page).getByRole('menuitem', { name: label, exact: true }));
    await screenshot(page, `chat-menu-${name}`);
    await page.keyboard.press('Escape');
    await menu(page).waitFor({ state: 'detached' });

    // The last chat of the list, at the bottom of the screen: the menu flips above its button.
    const bottom = await openMenu(page, 'Topic 30');
    await expectBesideButton(page, bottom);
    await screenshot(page, `chat-menu-bottom-${name}`);
    await page.context().close();
  });

  it('keeps the chat list where it was while the menu is open', async () => {
    const page = await openApp();
    const scroller = sidebar(page).locator('ul').first().locator('xpath=ancestor::div[contains(@class,"overflow-y-auto")]');
    const before = await scroller.evaluate((el) => ({ left: el.scrollLeft, top: el.scrollTop }));
    const rowBefore = await boxOf(chatRow(page, 'Topic 02'));
    await openMenu(page, 'Topic 02');
    const after = await scroller.evaluate((el) => ({ left: el.scrollLeft, top: el.scrollTop }));
    expect(after.left).toBe(before.left);
    expect(after.top).toBe(before.top);
    const rowAfter = await boxOf(chatRow(page, 'Topic 02'));
    expect(rowAfter.x).toBe(rowBefore.x);
    await page.context().close();
  });

  it('Delete asks to delete that chat, and does not open another', async () => {
    const page = await openApp();
    const url = page.url();
    await openMenu(page, 'Topic 03');
    await pick(page, 'Delete');
    const confirm = page.getByRole('dialog', { name: 'Delete chat?' });
    await confirm.getByText('This deletes Topic 03 and all its messages').waitFor();
    expect(page.url()).toBe(url);
    if (phone) await confirm.getByRole('button', { name: 'Cancel' }).tap();
    else await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    await page.context().close();
  });

  it('Rename edits that chat’s title', async () => {
    const page = await openApp();
    await openMenu(page, 'Topic 04');
    await pick(page, 'Rename');
    const field = sidebar(page).getByRole('textbox', { name: 'Chat title' });
    expect(await field.inputValue()).toBe('Topic 04');
    await field.fill(`Topic 04 (${name})`);
    await field.press('Enter');
    await sidebar(page).getByRole('link', { name: `Topic 04 (${name})` }).waitFor();
    const id = chats.get('Topic 04')?.id ?? '';
    await expect.poll(async () => (await owner.client.get<{ chat: TestChat }>(`/api/v1/chats/${id}`)).body.chat.title).toBe(`Topic 04 (${name})`);
    await page.context().close();
  });

  it('Share opens the Share dialog of that chat', async () => {
    const page = await openApp();
    const url = page.url();
    await openMenu(page, 'Topic 05');
    await pick(page, 'Share');
    const dialog = page.getByRole('dialog', { name: 'Share Chat' });
    await expect.poll(() => dialog.getByRole('textbox').first().inputValue()).toBe('Topic 05');
    expect(page.url()).toBe(url);
    await page.context().close();
  });

  it('Archive puts that chat away', async () => {
    const page = await openApp();
    await openMenu(page, 'Topic 06');
    await pick(page, 'Archive');
    await sidebar(page).getByRole('link', { name: 'Topic 06' }).waitFor({ state: 'detached' });
    const id = chats.get('Topic 06')?.id ?? '';
    expect((await owner.client.get<{ chat: TestChat }>(`/api/v1/chats/${id}`)).body.chat.archived).toBe(true);
    await sidebar(page).getByRole('link', { name: 'Topic 07' }).waitFor();
    await page.context().close();
  });
});
