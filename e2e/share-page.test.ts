import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDate } from '../server/share-page/share-page.js';
import { createChat, shareChat, type TestShare, type TestUser } from '../server/test/factories.js';
import { screenshot, signInAs, startE2E, type ContextOptions, type E2E } from './harness.js';
import { createSampleChat } from './seed.js';

/**
 * The page of a shared link (S8), served by the real server from a real snapshot: what a reader
 * sees, with JavaScript and without, and what the page's script adds.
 */

/** The names of the ‹ n/m › switches in sight, "Version 2 of 3". */
const versionsShown = (page: Page) =>
  page
    .getByRole('group', { name: /^Version \d+ of \d+$/ })
    .filter({ visible: true })
    .evaluateAll((groups) => groups.map((group) => group.getAttribute('aria-label')));

describe('the share page', () => {
  let e: E2E;
  let ada: TestUser;
  let bob: TestUser;
  let share: TestShare;
  const cspErrors: string[] = [];

  beforeAll(async () => {
    e = await startE2E();
    const admin = await e.createUser({ role: 'admin', name: 'Admin' });
    // Read-aloud through an OpenAI-compatible speech endpoint: each message gets its button.
    await admin.client.patch('/api/v1/admin/settings', { tts: { engine: 'openai', model: 'tts-1', voice: 'alloy' } });
    ada = await e.createUser({ name: 'Ada Lovelace' });
    bob = await e.createUser({ name: 'Bob Reader' });
    share = await shareChat(ada, await createSampleChat(e.t, ada), { showName: true, includeHistory: true });
  });
  afterAll(async () => {
    await e.close();
    expect(cspErrors).toEqual([]);
  });

  async function open(user: TestUser | undefined, path: string, options: ContextOptions = {}): Promise<Page> {
    const page = await e.newPage(user, options);
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspErrors.push(message.text());
    });
    await page.goto(path);
    return page;
  }

  it('shows a member the title, the sharer, the date and the messages: code highlighted, math by KaTeX', async () => {
    const page = await open(bob, `/s/${share.id}`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Plotting a damped oscillator');
    await page.getByText('Shared by Ada Lovelace').waitFor();
    await page.getByText(formatDate(share.updatedAt), { exact: true }).waitFor();
    await page.getByText('A damped oscillator decays exponentially').waitFor();

    const code = page.getByRole('code').filter({ hasText: 'import numpy as np' });
    await code.waitFor();
    const colours = await code.evaluate((element) => {
      const keyword = [...element.querySelectorAll('span')].find((span) => span.textContent === 'import');
      return { code: getComputedStyle(element).color, keyword: keyword ? getComputedStyle(keyword).color : null };
    });
    expect(colours.keyword).not.toBeNull();
    expect(colours.keyword).not.toBe(colours.code);

    const formulas = page.getByRole('math').filter({ visible: true });
    expect(await formulas.count()).toBeGreaterThanOrEqual(3);
    expect(await page.locator('annotation').allTextContents()).toContain('x(t) = e^{-\\gamma t}\\cos(\\omega t)');
    // KaTeX's own fonts, from our origin, drew them.
    await page.evaluate(() => document.fonts.ready);
    expect(await page.evaluate(() => document.fonts.check('16px KaTeX_Main'))).toBe(true);
    await page.context().close();
  });

  it('says "Anonymous" when the sharer did not share their name', async () => {
    const anonymous = await shareChat(ada, (await createChat(ada, { title: 'Quietly shared', messages: 2 })).id);
    const page = await open(bob, `/s/${anonymous.id}`);
    await page.getByText('Shared by Anonymous').waitFor();
    expect(await page.getByText('Ada Lovelace').count()).toBe(0);
    await page.context().close();
  });

  it('reads whole with JavaScript off: the current thread, and no other branch', async () => {
    const page = await open(bob, `/s/${share.id}`, { javaScriptEnabled: false });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Plotting a damped oscillator');
    for (const text of ['How do I plot a damped oscillator', 'A damped oscillator decays exponentially', 'Nice. Can you add a legend?']) {
      expect(await page.getByText(text).isVisible()).toBe(true);
    }
    expect(await page.getByText('plt.legend()').first().isVisible()).toBe(true);
    expect(await page.getByRole('math').first().isVisible()).toBe(true);
    expect(await page.getByText('First version of the reply').isVisible()).toBe(false);
    expect(await page.getByText('Third version').isVisible()).toBe(false);
    expect(await versionsShown(page)).toEqual(['Version 2 of 3']);
    await page.context().close();
  });

  it('switches between versions of a reply with "Previous version" and "Next version"', async () => {
    const page = await open(bob, `/s/${share.id}`);
    const next = page.getByRole('button', { name: 'Next version' });
    const previous = page.getByRole('button', { name: 'Previous version' });
    await next.click();
    await page.getByText('Third version: this one was cut off').waitFor();
    expect(await page.getByText('Nice. Can you add a legend?').isVisible()).toBe(false);
    expect(await versionsShown(page)).toEqual(['Version 3 of 3']);
    expect(await next.isDisabled()).toBe(true);

    await previous.click();
    await previous.click();
    await page.getByText('First version of the reply').waitFor();
    expect(await previous.isDisabled()).toBe(true);
    // Back to the version that was continued: its follow-up comes back with it.
    await next.click();
    await page.getByText('Nice. Can you add a legend?').waitFor();
    expect(await versionsShown(page)).toEqual(['Version 2 of 3']);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Next version');
    await page.context().close();
  });

  it('copies a code block with its Copy button', async () => {
    const context = await e.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e.baseUrl });
    const page = await context.newPage();
    await signInAs(context, e.baseUrl, bob);
    await page.goto(`/s/${share.id}`);
    await page.getByRole('button', { name: 'Copy' }).first().click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toMatch(
      /^import numpy as np\nimport matplotlib\.pyplot as plt\n[\s\S]*plt\.show\(\)\n$/,
    );
    await context.close();
  });

  it('reads a message aloud through the instance speech endpoint', async () => {
    const page = await e.newPage(bob);
    // The speech endpoint is the text-to-speech work's, not on the server yet: answer for it here.
    const spoken: string[] = [];
    await page.route('**/api/v1/shares/*/messages/*/speech', async (route) => {
      spoken.push(new URL(route.request().url()).pathname);
      await route.fulfill({ status: 200, contentType: 'audio/wav', body: silentWav() });
    });
    await page.goto(`/s/${share.id}`);
    const readAloud = page.getByRole('button', { name: 'Read aloud' }).filter({ visible: true });
    expect(await readAloud.count()).toBe(4);
    await readAloud.last().click();
    await expect.poll(() => spoken).toHaveLength(1);
    expect(spoken[0]).toMatch(new RegExp(`^/api/v1/shares/${share.id}/messages/[\\w-]+/speech$`));
    await expect.poll(() => page.getByRole('button', { name: 'Read aloud', pressed: true }).count()).toBe(0);
    await page.context().close();
  });

  it('answers an unknown link with the Not Found page', async () => {
    const page = await e.newPage(bob);
    const response = await page.goto('/s/AAAAAAAAAAAAAAAAAAAAAA');
    expect(response?.status()).toBe(404);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Not Found');
    await screenshot(page, 'share-not-found');
    await page.context().close();
  });

  it('looks right in light and dark, on desktop and phone (screenshots in test-results/)', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await open(bob, `/s/${share.id}`, { colorScheme });
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: `test-results/share-page-${colorScheme}.png`, fullPage: true });
      await page.context().close();
    }
    const page = await open(bob, `/s/${share.id}`, { phone: true });
    await page.evaluate(() => document.fonts.ready);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: 'test-results/share-page-phone.png', fullPage: true });
    await page.context().close();
  });
});

/** 0.1 s of silence, so that read-aloud has real audio to play. */
function silentWav(): Buffer {
  const samples = 800;
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0);
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8);
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(8000, 24);
  wav.writeUInt32LE(16000, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36);
  wav.writeUInt32LE(samples * 2, 40);
  return wav;
}
