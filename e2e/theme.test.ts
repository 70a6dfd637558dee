import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChat, shareChat, type TestUser } from '../server/test/factories.js';
import { screenshot, startE2E, userMenu, type E2E } from './harness.js';

/**
 * Settings → General → Appearance: Light, Dark or System, remembered by the browser and applied
 * before the first paint; and the share page's dark colours are the app's.
 */

/** A CSS colour (Tailwind's are oklch) as [r, g, b], read back through a canvas. */
async function rgbOf(locator: Locator, property: 'color' | 'backgroundColor'): Promise<number[]> {
  return locator.evaluate((el, name) => {
    const context = document.createElement('canvas').getContext('2d');
    if (!context) return [];
    context.fillStyle = getComputedStyle(el)[name];
    context.fillRect(0, 0, 1, 1);
    return [...context.getImageData(0, 0, 1, 1).data].slice(0, 3);
  }, property);
}

const isDark = async (page: Page) => {
  const [r = 255, g = 255, b = 255] = await rgbOf(page.locator('body'), 'backgroundColor');
  return r + g + b < 120;
};

async function openAppearance(page: Page): Promise<Locator> {
  await userMenu(page, 'Settings');
  const settings = page.getByRole('dialog', { name: 'Settings' });
  await settings.getByRole('tab', { name: 'General' }).click();
  return settings.getByRole('group', { name: 'Theme' });
}

describe('the theme', () => {
  let e: E2E;
  let owner: TestUser;
  let shareId: string;
  let codeChatId: string;

  beforeAll(async () => {
    e = await startE2E();
    owner = await e.createUser({ name: 'Theo Themer' });
    const chat = await createChat(owner, { title: 'Colours', messages: 2 });
    shareId = (await shareChat(owner, chat.id)).id;
    const code = '```python\nimport math\nprint(math.pi)\n```';
    codeChatId = (await createChat(owner, { title: 'Some code', messages: [{ role: 'user', content: 'Code?' }, { role: 'assistant', content: code }] })).id;
  });
  afterAll(async () => {
    await e.close();
  });

  it('is System by default, and Dark, once chosen, stays after a reload, before the app has started', async () => {
    const page = await e.newPage(owner, { colorScheme: 'light' });
    await page.goto('/');
    const theme = await openAppearance(page);
    expect(await theme.getByRole('radio', { name: 'System' }).isChecked()).toBe(true);
    expect(await isDark(page)).toBe(false);

    await theme.getByText('Dark', { exact: true }).click();
    expect(await theme.getByRole('radio', { name: 'Dark' }).isChecked()).toBe(true);
    await expect.poll(() => isDark(page)).toBe(true);
    await screenshot(page, 'settings-theme-dark');
    await page.keyboard.press('Escape');

    // The app's script held back: the page is already dark when the stylesheet first applies.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route(/\/assets\/index-[\w-]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/', { waitUntil: 'commit' });
    await page.waitForFunction(() => {
      const body = document.querySelector('body');
      return body !== null && getComputedStyle(body).backgroundColor !== 'rgba(0, 0, 0, 0)';
    });
    expect(await page.locator('#root').evaluate((root) => root.childElementCount)).toBe(0);
    expect(await isDark(page)).toBe(true);
    release();
    await page.getByRole('button', { name: 'User menu' }).waitFor();
    expect(await isDark(page)).toBe(true);
    await page.context().close();
  });

  it('System follows the system as it changes; Light stays light on a dark system', async () => {
    const page = await e.newPage(owner, { colorScheme: 'dark' });
    await page.goto('/');
    await page.getByRole('button', { name: 'User menu' }).waitFor();
    expect(await isDark(page)).toBe(true);
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => isDark(page)).toBe(false);
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => isDark(page)).toBe(true);

    const theme = await openAppearance(page);
    await theme.getByText('Light', { exact: true }).click();
    await expect.poll(() => isDark(page)).toBe(false);
    await page.reload();
    await page.getByRole('button', { name: 'User menu' }).waitFor();
    expect(await isDark(page)).toBe(false);
    await page.context().close();
  });

  it('draws a code block in dark on one background, its highlighted code included, as the share page does', async () => {
    const page = await e.newPage(owner, { colorScheme: 'dark' });
    await page.goto(`/c/${codeChatId}`);
    const code = page.getByRole('code').filter({ hasText: 'import math' });
    await code.waitFor();
    expect(await code.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgba(0, 0, 0, 0)');
    await page.context().close();
  });

  it('draws the share page in the app’s dark colours', async () => {
    const app = await e.newPage(owner, { colorScheme: 'dark' });
    await app.goto('/');
    await app.getByRole('button', { name: 'User menu' }).waitFor();
    const appColours = { background: await rgbOf(app.locator('body'), 'backgroundColor'), text: await rgbOf(app.locator('body'), 'color') };
    await app.context().close();

    const share = await e.newPage(owner, { colorScheme: 'dark' });
    await share.goto(`/s/${shareId}`);
    await share.getByRole('heading', { name: 'Colours', level: 1 }).waitFor();
    const shareColours = { background: await rgbOf(share.locator('body'), 'backgroundColor'), text: await rgbOf(share.locator('body'), 'color') };
    expect(shareColours).toEqual(appColours);
    await share.context().close();
  });
});
