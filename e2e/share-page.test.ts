import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderNotFoundPage, renderSharePage } from '../server/share-page/share-page.js';
import { sampleView } from '../server/share-page/share-page.fixtures.js';
import { hasChromium, launchChromium } from './browser.js';
import { startShareServer, type ShareServer } from './share-server.js';

const SHOTS = 'test-results';
const shareId = sampleView.share.id;

describe.skipIf(!hasChromium)('the share page in Chromium', () => {
  let browser: Browser;
  let server: ShareServer;
  const cspErrors: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    server = await startShareServer({
      [`/s/${shareId}`]: renderSharePage(sampleView, { signedIn: true, ttsEngine: 'openai' }),
      '/s/signed-out': renderSharePage(sampleView, { signedIn: false, ttsEngine: 'none' }),
      '/s/unknown': renderNotFoundPage(),
    });
    mkdirSync(SHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser.close();
    await server.close();
    expect(cspErrors).toEqual([]);
  });

  async function open(path: string, options: Parameters<Browser['newContext']>[0] = {}): Promise<[BrowserContext, Page]> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
    const page = await context.newPage();
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspErrors.push(message.text());
    });
    await page.goto(server.origin + path);
    return [context, page];
  }

  it('reads with JavaScript off: the whole current thread, and no other branch', async () => {
    const [context, page] = await open(`/s/${shareId}`, { javaScriptEnabled: false });
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Plotting a damped oscillator');
    expect(await page.getByText('Shared by Ada Lovelace').isVisible()).toBe(true);
    expect(await page.getByText('A damped oscillator decays exponentially').isVisible()).toBe(true);
    expect(await page.getByText('Nice. Can you add a legend?').isVisible()).toBe(true);
    expect(await page.getByText('plt.legend()').first().isVisible()).toBe(true);
    expect(await page.locator('.katex').first().isVisible()).toBe(true);
    expect(await page.getByText('First version of the reply').isVisible()).toBe(false);
    expect(await page.locator('.version-count:visible').allTextContents()).toEqual(['2/3']);
    await context.close();
  });

  it('switches between versions of a reply with ‹ and ›', async () => {
    const [context, page] = await open(`/s/${shareId}`);
    const next = page.getByRole('button', { name: 'Next version' });
    const previous = page.getByRole('button', { name: 'Previous version' });
    await next.click();
    expect(await page.getByText('Third version: this one was cut off').isVisible()).toBe(true);
    expect(await page.getByText('This reply stopped before it was finished.').isVisible()).toBe(true);
    expect(await page.getByText('Nice. Can you add a legend?').isVisible()).toBe(false);
    expect(await page.locator('.version-count:visible').allTextContents()).toEqual(['3/3']);
    expect(await next.isDisabled()).toBe(true);

    await previous.click();
    await previous.click();
    expect(await page.getByText('First version of the reply').isVisible()).toBe(true);
    expect(await previous.isDisabled()).toBe(true);
    // Back to the version that was continued: its follow-up comes back with it.
    await next.click();
    expect(await page.getByText('Nice. Can you add a legend?').isVisible()).toBe(true);
    expect(await page.locator('.version-count:visible').allTextContents()).toEqual(['2/3']);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Next version');
    await context.close();
  });

  it('copies a code block with its Copy button', async () => {
    const [context, page] = await open(`/s/${shareId}`);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    const copy = page.getByRole('button', { name: 'Copy' }).first();
    await copy.click();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toMatch(
      /^import numpy as np\nimport matplotlib\.pyplot as plt\n[\s\S]*plt\.show\(\)\n$/,
    );
    expect(await page.getByRole('button', { name: 'Copied' }).count()).toBe(1);
    await context.close();
  });

  it('reads a message aloud through the instance speech endpoint', async () => {
    const [context, page] = await open(`/s/${shareId}`);
    const readAloud = page.getByRole('button', { name: 'Read aloud' });
    expect(await readAloud.count()).toBe(4);
    await readAloud.last().click();
    await page.waitForFunction(() => document.querySelector('.read-aloud[aria-pressed="true"]') === null);
    expect(server.requests).toContain(`GET /api/v1/shares/${shareId}/messages/m5/speech`);
    await context.close();
  });

  it('continues the conversation as a new chat of the signed-in viewer', async () => {
    const [context, page] = await open(`/s/${shareId}`);
    await page.getByRole('button', { name: 'Continue this conversation' }).click();
    await page.waitForURL(`${server.origin}/c/forked-chat`);
    expect(server.requests).toContain(`POST /api/v1/shares/${shareId}/fork`);
    await context.close();
  });

  it('sends a signed-out viewer to sign in first, and shows no read-aloud when speech is off', async () => {
    const [context, page] = await open('/s/signed-out');
    const link = page.getByRole('link', { name: 'Continue this conversation' });
    expect(await link.getAttribute('href')).toBe(`/auth?redirect=/s/${shareId}`);
    expect(await page.getByRole('button', { name: 'Read aloud' }).count()).toBe(0);
    await context.close();
  });

  it('shows the Not Found page', async () => {
    const [context, page] = await open('/s/unknown');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Not Found');
    await page.screenshot({ path: `${SHOTS}/share-not-found.png` });
    await context.close();
  });

  it('looks right in light and dark, on desktop and phone (screenshots in test-results/)', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const [context, page] = await open(`/s/${shareId}`, { colorScheme });
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: `${SHOTS}/share-page-${colorScheme}.png`, fullPage: true });
      await context.close();
    }
    const [context, page] = await open(`/s/${shareId}`, {
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    await page.evaluate(() => document.fonts.ready);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: `${SHOTS}/share-page-phone.png`, fullPage: true });
    await context.close();
  });
});
