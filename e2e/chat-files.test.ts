import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeModelServer, type FakeModelServer } from '../server/llm/testing/fake-model-server.js';
import { FAST_LIMITS } from '../server/llm/testing/limits.js';
import { shareChat, type TestChat, type TestUser } from '../server/test/factories.js';
import { PNG_1X1 } from '../server/test/files.js';
import { screenshot, startE2E, type E2E } from './harness.js';

/**
 * Rule S21 in the browser: a screenshot pasted into the composer reaches the model as an image
 * part, shows in the chat, shows on the shared page to a colleague, and is gone the moment the
 * link is deleted.
 */

const composer = (page: Page) => page.getByRole('textbox', { name: 'Message' });

/** Pastes a PNG into the composer as the clipboard of a screenshot does (a file named image.png). */
async function pasteScreenshot(page: Page, png: Buffer): Promise<void> {
  await composer(page).evaluate((area, base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
    area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, png.toString('base64'));
}

describe('files in chats and shared links', () => {
  let fake: FakeModelServer;
  let e: E2E;
  let owner: TestUser;
  let colleague: TestUser;

  beforeAll(async () => {
    fake = await startFakeModelServer({ models: ['fake-vision'] });
    fake.script = { echoParts: true };
    e = await startE2E({ openai: { baseUrl: fake.baseUrl, apiKey: null }, llm: { ...FAST_LIMITS, idleTimeoutMs: 10_000 } });
    owner = await e.createUser({ name: 'Pat Paster' });
    colleague = await e.createUser({ name: 'Cole League' });
  });
  afterAll(async () => {
    await e.close();
    await fake.close();
  });

  it('pastes a screenshot, the model receives it as an image part, a colleague sees it on the link until it is deleted', async () => {
    for (const phone of [false, true]) {
      const page = await e.newPage(owner, { phone });
      await page.goto('/');
      await pasteScreenshot(page, PNG_1X1);
      const attachments = page.getByRole('list', { name: 'Attachments' });
      const preview = attachments.getByRole('img', { name: /^Preview of Screenshot/ });
      await preview.waitFor();
      // The preview shows (the page's policy allows its object URL).
      await page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('[aria-label="Attachments"] img');
        return img !== null && img.complete && img.naturalWidth > 0;
      });
      await attachments.getByRole('button', { name: /^Remove Screenshot/ }).waitFor();
      // The upload finished: its progress bar is gone and Send works.
      await attachments.getByRole('progressbar').waitFor({ state: 'detached' });
      await composer(page).fill('What is in this screenshot?');
      await screenshot(page, phone ? 'composer-attachment-phone' : 'composer-attachment');
      await composer(page).press('Enter');
      await page.waitForURL(/\/c\/[\w-]+$/);

      // The fake model echoes what it received: the text and an image_url part of our bytes.
      const reply = page.getByRole('article', { name: 'Assistant message' });
      await reply.getByText(`image_url image/png ${PNG_1X1.length} bytes`).waitFor();
      await reply.getByText('parts: text "What is in this screenshot?"', { exact: false }).waitFor();
      const inChat = page.getByRole('article', { name: 'Your message' }).getByRole('img', { name: /^Screenshot/ });
      await inChat.waitFor();
      await inChat.evaluate((img: HTMLImageElement) => img.decode());
      expect(await inChat.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
      // Click to enlarge.
      await page.getByRole('button', { name: /^Enlarge Screenshot/ }).click();
      await page.getByRole('dialog').getByRole('img').waitFor();
      await page.keyboard.press('Escape');

      const chatId = new URL(page.url()).pathname.split('/')[2] ?? '';
      const chat = (await owner.client.get<{ chat: TestChat }>(`/api/v1/chats/${chatId}`)).body.chat;
      const share = await shareChat(owner, chat.id);

      // A colleague, in a browser of their own, opens the link: the image loads from this origin.
      const other = await e.newPage(colleague, { phone });
      const outside: string[] = [];
      other.on('request', (request) => {
        if (!request.url().startsWith(e.baseUrl)) outside.push(request.url());
      });
      await other.goto(`/s/${share.id}`);
      const image = other.locator('.attachments img');
      await image.waitFor();
      await other.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('.attachments img');
        return img !== null && img.complete && img.naturalWidth > 0;
      });
      const src = (await image.getAttribute('src')) ?? '';
      expect(src).toMatch(new RegExp(`^/s/${share.id}/files/[\\w-]+$`));
      expect(outside).toEqual([]);
      await screenshot(other, phone ? 'share-page-image-phone' : 'share-page-image');

      // The owner deletes the link: the image answers 404 to the colleague at once.
      expect((await owner.client.delete(`/api/v1/chats/${chat.id}/share`)).status).toBe(204);
      const status = await other.evaluate(async (url) => (await fetch(url, { cache: 'no-store' })).status, src);
      expect(status).toBe(404);
      await other.context().close();
      await page.context().close();
    }
  });
});
