import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml, renderMarkdown } from '../common/markdown.js';
import { XSS_CORPUS } from '../common/xss-corpus.js';
import { loadConfig } from '../server/config.js';
import { createChat, shareChat } from '../server/test/factories.js';
import { launchChromium, startE2E } from './harness.js';

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

describe('the renderer in Chromium', () => {
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
    // A link per payload, more than the share rate limit lets one person make in a minute.
    const defaults = loadConfig({}).rateLimits;
    const e = await startE2E({ rateLimits: { ...defaults, share: { max: 1000, timeWindowMs: 60_000 } } });
    try {
      const admin = await e.createUser({ role: 'admin', name: 'Admin' });
      await admin.client.patch('/api/v1/admin/settings', { sharing: { publicLinks: true }, tts: { engine: 'browser' } });
      const owner = await e.createUser({ name: `<img src=x onerror="window.__xss=1">` });
      const shares: string[] = [];
      // Each payload as the content of a message, and as a chat's title.
      const chat = await createChat(owner, {
        title: `"><script>window.__xss=1</script>`,
        messages: XSS_CORPUS.map(({ markdown }, i) =>
          i % 2 === 0 ? { role: 'user' as const, content: markdown } : { role: 'assistant' as const, content: markdown, model: `<img src=x onerror="window.__xss=1">` },
        ),
      });
      shares.push((await shareChat(owner, chat.id, { showName: true, access: 'public' })).id);
      for (const { markdown } of XSS_CORPUS) {
        const titled = await createChat(owner, { title: markdown.slice(0, 500), messages: 2 });
        shares.push((await shareChat(owner, titled.id, { showName: true })).id);
      }
      const viewer = await e.createUser({ name: 'Viewer' });

      const page = await e.newPage(viewer);
      const dialogs: string[] = [];
      const cspViolations: string[] = [];
      const foreignRequests: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      page.on('console', (message) => {
        if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
      });
      page.on('request', (request) => {
        if (!request.url().startsWith(e.baseUrl)) foreignRequests.push(request.url());
      });
      for (const [i, id] of shares.entries()) {
        await page.goto(`/s/${id}`);
        if (i === 0) {
          expect(await page.getByRole('article').count()).toBe(XSS_CORPUS.length);
          await expect(page.title()).resolves.toBe(`"><script>window.__xss=1</script> · Parley`);
          await page.mouse.move(400, 600, { steps: 20 });
          await page.keyboard.press('Tab');
          await page.waitForTimeout(500);
        } else {
          const title = XSS_CORPUS[i - 1]?.markdown.slice(0, 500).trim() ?? '';
          expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(title);
        }
        expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
      }
      expect(dialogs).toEqual([]);
      expect(foreignRequests).toEqual([]);
      // Nothing in the page even tried what the CSP forbids: no inline script, handler or style sheet of ours.
      expect(cspViolations).toEqual([]);
      await page.context().close();
    } finally {
      await e.close();
    }
  });
});
