import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml, renderMarkdown } from '../common/markdown.js';
import { XSS_CORPUS } from '../common/xss-corpus.js';
import { renderSharePage } from '../server/share-page/share-page.js';
import type { SharedMessage, ShareView } from '../server/share-page/types.js';
import { hasChromium, launchChromium } from './browser.js';
import { startShareServer } from './share-server.js';

/** What Chromium made of the rendered HTML: anything that could run, load or navigate. */
function auditDom(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const findings: string[] = [];
    const forbidden = new Set(['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'IMG', 'STYLE', 'BASE', 'FORM', 'INPUT', 'META', 'LINK', 'VIDEO', 'AUDIO', 'SOURCE', 'IMAGE', 'FOREIGNOBJECT']);
    for (const section of document.querySelectorAll('section[data-payload]')) {
      const name = section.getAttribute('data-payload') ?? '';
      for (const element of section.querySelectorAll('*')) {
        if (forbidden.has(element.tagName.toUpperCase())) findings.push(`${name}: <${element.tagName}>`);
        for (const attribute of element.attributes) {
          if (/^on/i.test(attribute.name)) findings.push(`${name}: ${attribute.name} on <${element.tagName}>`);
          if (/^(href|src|action|formaction|xlink:href|data|srcdoc)$/i.test(attribute.name) && attribute.name !== 'href') {
            findings.push(`${name}: ${attribute.name} on <${element.tagName}>`);
          }
        }
        if (element instanceof HTMLAnchorElement && element.hasAttribute('href')) {
          const protocol = new URL(element.href).protocol;
          if (!['http:', 'https:', 'mailto:'].includes(protocol)) findings.push(`${name}: link to ${protocol}`);
        }
      }
    }
    return findings;
  });
}

describe.skipIf(!hasChromium)('the renderer in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('runs no payload of the corpus, even on a page without a CSP', async () => {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    const requests: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('request', (request) => requests.push(request.url()));
    const sections = XSS_CORPUS.map(
      ({ name, markdown }) => `<section data-payload="${escapeHtml(name)}">${renderMarkdown(markdown)}</section>`,
    );
    await page.setContent(`<!doctype html><meta charset="utf-8"><title>corpus</title><body>${sections.join('\n')}</body>`);
    // Give onload, onerror, autofocus, meta refresh and the like their chance to fire.
    await page.mouse.move(10, 10);
    await page.mouse.move(400, 600, { steps: 20 });
    await page.keyboard.press('Tab');
    await page.waitForTimeout(500);

    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
    expect(await auditDom(page)).toEqual([]);
    expect(await page.locator('section[data-payload]').count()).toBe(XSS_CORPUS.length);
    await page.close();
  });

  it('runs no payload on the real share page under the real CSP, and the page breaks no rule of it', async () => {
    const messages: SharedMessage[] = XSS_CORPUS.map(({ markdown }, i) => ({
      id: `m${i}`,
      parentId: i === 0 ? null : `m${i - 1}`,
      role: i % 2 === 0 ? 'user' : 'assistant',
      content: markdown,
      model: i % 2 === 0 ? null : `<img src=x onerror="window.__xss=1">`,
      createdAt: '2026-11-21T10:00:00.000Z',
      status: 'complete',
    }));
    const view: ShareView = {
      share: {
        id: 'hostile',
        title: `"><script>window.__xss=1</script>`,
        sharedBy: `<img src=x onerror="window.__xss=1">`,
        access: 'public',
        updatedAt: '2026-11-21T10:00:00.000Z',
      },
      messages,
      currentMessageId: `m${XSS_CORPUS.length - 1}`,
    };
    const server = await startShareServer({ '/s/hostile': renderSharePage(view, { signedIn: true, ttsEngine: 'browser' }) });
    const page = await browser.newPage();
    const dialogs: string[] = [];
    const consoleErrors: string[] = [];
    const foreignRequests: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('request', (request) => {
      if (!request.url().startsWith(server.origin)) foreignRequests.push(request.url());
    });
    try {
      await page.goto(`${server.origin}/s/hostile`);
      await page.mouse.move(400, 600, { steps: 20 });
      await page.waitForTimeout(500);
      expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
      expect(dialogs).toEqual([]);
      expect(foreignRequests).toEqual([]);
      // A CSP violation is reported on the console: the page itself must never cause one.
      expect(consoleErrors.filter((text) => /Content Security Policy/i.test(text))).toEqual([]);
      expect(await page.locator('article.message:not([hidden])').count()).toBe(XSS_CORPUS.length);
      await expect(page.title()).resolves.toBe(`"><script>window.__xss=1</script> · Parley`);
    } finally {
      await page.close();
      await server.close();
    }
  });
});
