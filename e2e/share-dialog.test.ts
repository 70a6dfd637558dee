import qrcode from 'qrcode-generator';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChat, type TestUser } from '../server/test/factories.js';
import { screenshot, signInAs, startE2E, type ContextOptions, type E2E } from './harness.js';
import { openShareDialog } from './share-dialog.js';

/**
 * The Share dialog as people meet it (issue 12): the link shown once it exists, "shared before"
 * only when it was, the preview rendered and scrolling inside the dialog with Copy Link in sight
 * on a desktop and a phone, and the link's QR code drawn in the page.
 */

/** Whether the element is in the viewport and nothing covers its middle: it can be seen and clicked as it is. */
const inSight = (locator: Locator) =>
  locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    if (box.top < 0 || box.left < 0 || box.bottom > window.innerHeight || box.right > window.innerWidth) return false;
    const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return hit !== null && element.contains(hit);
  });

const LONG_REPLY = [
  'Here is **the plan**, with `code`, a formula $E = mc^2$ and a table:',
  '',
  '```python\nfor day in range(3):\n    print(day)\n```',
  '',
  '| day | place |\n|---|---|\n| 1 | Alfama |\n| 2 | Belém |',
  '',
  ...Array.from({ length: 12 }, (_, i) => `Paragraph ${i + 1}: ${'a long line of advice about Lisbon, '.repeat(4)}`),
  '',
  'The very last line of the reply.',
].join('\n');

describe('the Share dialog', () => {
  let e: E2E;
  let sam: TestUser;

  beforeAll(async () => {
    e = await startE2E();
    await e.createUser({ role: 'admin', name: 'Admin' });
    sam = await e.createUser({ name: 'Sam Sharer' });
  });
  afterAll(async () => {
    await e.close();
  });

  async function samContext(options: ContextOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
    const context = await e.newContext(options);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e.baseUrl });
    await signInAs(context, e.baseUrl, sam);
    return { context, page: await context.newPage() };
  }

  it('shows the link with its own copy button once it exists, and "shared before" only when it was', async () => {
    const chat = await createChat(sam, { title: 'Lisbon notes', messages: [{ role: 'user', content: 'Where first?' }, { role: 'assistant', content: 'Alfama.' }] });
    const { context, page } = await samContext();
    let dialog = await openShareDialog(page, chat);
    expect(await dialog.getByRole('textbox', { name: 'Link' }).count()).toBe(0);
    await dialog.getByRole('button', { name: 'Copy Link' }).click();
    await dialog.getByRole('status').getByText('Link copied.').waitFor();
    const { share } = (await sam.client.get<{ share: { url: string } }>(`/api/v1/chats/${chat.id}/share`)).body;
    const link = dialog.getByRole('textbox', { name: 'Link' });
    expect(await link.inputValue()).toBe(share.url);
    expect(await link.getAttribute('readonly')).not.toBeNull();
    expect(await dialog.getByText('You have shared this chat before').count()).toBe(0);
    await dialog.getByRole('button', { name: 'Update and Copy Link' }).waitFor();

    await page.evaluate(() => navigator.clipboard.writeText(''));
    await dialog.getByRole('button', { name: 'Copy the link' }).click();
    await dialog.getByRole('button', { name: 'Link copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(share.url);

    await dialog.getByRole('button', { name: 'Close' }).click();
    dialog = await openShareDialog(page, chat);
    await dialog.getByText('You have shared this chat before').waitFor();
    expect(await dialog.getByRole('textbox', { name: 'Link' }).inputValue()).toBe(share.url);
    await context.close();
  });

  for (const phone of [false, true]) {
    it(`previews the messages rendered and whole, scrolling inside the dialog, Copy Link in sight (${phone ? 'phone' : '1280×800'})`, async () => {
      const messages = Array.from({ length: 8 }, (_, i) =>
        i % 2 === 0 ? { role: 'user' as const, content: `Question ${i / 2 + 1} about Lisbon?` } : { role: 'assistant' as const, content: LONG_REPLY, model: 'qwen2.5' },
      );
      const chat = await createChat(sam, { title: `A long trip (${phone ? 'phone' : 'desktop'})`, messages });
      const { context, page } = await samContext({ phone });
      const dialog = await openShareDialog(page, chat);
      const preview = dialog.getByRole('region', { name: 'Preview' });
      await preview.getByRole('strong').filter({ hasText: 'the plan' }).first().waitFor();
      expect(await preview.getByRole('code').filter({ hasText: 'print(day)' }).count()).toBe(4);
      expect(await preview.getByRole('math').count()).toBeGreaterThanOrEqual(4);
      expect(await preview.getByRole('table').count()).toBe(4);
      expect(await preview.textContent()).not.toContain('**the plan**');
      // Whole, not cut to a few lines: the last line of the last reply is there to scroll to.
      const lastLine = preview.getByText('The very last line of the reply.').last();
      expect(await preview.evaluate((element) => element.scrollHeight > element.clientHeight)).toBe(true);
      expect(await inSight(dialog.getByRole('button', { name: 'Copy Link' }))).toBe(true);
      await screenshot(page, `share-dialog-preview-${phone ? 'phone' : 'desktop'}`);
      await lastLine.scrollIntoViewIfNeeded();
      expect(await lastLine.isVisible()).toBe(true);
      expect(await inSight(dialog.getByRole('button', { name: 'Copy Link' }))).toBe(true);
      // Down at the settings, the button is still there.
      await dialog.getByLabel('Link expires').scrollIntoViewIfNeeded();
      expect(await inSight(dialog.getByRole('button', { name: 'Copy Link' }))).toBe(true);
      await context.close();
    });
  }

  it('draws the link’s QR code on demand, here in the page, asking no server for it', async () => {
    const chat = await createChat(sam, { title: 'QR chat', messages: 2 });
    const { context, page } = await samContext({ phone: true });
    const dialog = await openShareDialog(page, chat);
    await dialog.getByRole('button', { name: 'Copy Link' }).click();
    const url = await dialog.getByRole('textbox', { name: 'Link' }).inputValue();
    expect(await dialog.getByRole('img', { name: 'QR code of the link' }).count()).toBe(0);

    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await dialog.getByRole('button', { name: 'Show QR code' }).click();
    const code = dialog.getByRole('img', { name: 'QR code of the link' });
    await code.waitFor();
    await screenshot(page, 'share-dialog-qr-code');
    // Only this app's own script chunk, if any: no other origin, no API.
    expect(requests.filter((request) => !request.startsWith(`${e.baseUrl}/assets/`))).toEqual([]);

    // The code holds the link: its dark modules (inside a quiet zone of 4) are those qrcode-generator makes for it.
    const qr = qrcode(0, 'M');
    qr.addData(url);
    qr.make();
    const expected: string[] = [];
    for (let row = 0; row < qr.getModuleCount(); row++) {
      for (let col = 0; col < qr.getModuleCount(); col++) if (qr.isDark(row, col)) expected.push(`${col},${row}`);
    }
    const drawn = [...((await code.locator('path').getAttribute('d')) ?? '').matchAll(/M(\d+) (\d+)/g)].map(
      ([, x, y]) => `${Number(x) - 4},${Number(y) - 4}`,
    );
    expect(drawn.sort()).toEqual(expected.sort());
    await dialog.getByRole('button', { name: 'Hide QR code' }).click();
    expect(await code.count()).toBe(0);
    await context.close();
  });
});
