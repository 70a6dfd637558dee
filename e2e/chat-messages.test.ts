import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeModelServer, type FakeModelServer } from '../server/llm/testing/fake-model-server.js';
import { FAST_LIMITS } from '../server/llm/testing/limits.js';
import { createChat, shareChat, type TestChat, type TestUser } from '../server/test/factories.js';
import { screenshot, startE2E, type E2E } from './harness.js';

/**
 * What a chat app's messages are expected to do: a Copy button on each one, a stopped reply told
 * calmly (real failures stay errors), and wide tables that scroll sideways on a phone, in the chat
 * and on the share page.
 */

const replies = (page: Page) => page.getByRole('article', { name: 'Assistant message' });
const prompts = (page: Page) => page.getByRole('article', { name: 'Your message' });
const composer = (page: Page) => page.getByRole('textbox', { name: 'Message' });

const WIDE_TABLE = [
  '| Language | Internationalization | Characteristically | Incomprehensibilities | Responsibilities |',
  '| --- | --- | --- | --- | --- |',
  '| English | Internationalization | Characteristically | Incomprehensibilities | Responsibilities |',
  '| German | Internationalisierung | Charakteristischerweise | Unverständlichkeiten | Verantwortlichkeiten |',
].join('\n');

/** Red enough to read as an error: the red channel well above the others (colours may be oklch, so a canvas reads them). */
async function looksLikeAnError(note: Locator): Promise<boolean> {
  const [r = 0, g = 0, b = 0] = await note.evaluate((el) => {
    const context = document.createElement('canvas').getContext('2d');
    if (!context) return [];
    context.fillStyle = getComputedStyle(el).color;
    context.fillRect(0, 0, 1, 1);
    return [...context.getImageData(0, 0, 1, 1).data];
  });
  return r - Math.max(g, b) > 60;
}

/** The table scrolls inside its own box, the page around it does not, and no word is cut in two. */
async function expectSidewaysTable(page: Page, scope: Locator): Promise<void> {
  const table = scope.locator('table').first();
  await table.waitFor();
  const layout = await table.evaluate((el) => {
    const box = el.parentElement;
    const cells = [...el.querySelectorAll('th, td')];
    const linesOf = (cell: Element) => {
      const range = document.createRange();
      range.selectNodeContents(cell);
      return range.getClientRects().length;
    };
    return {
      boxScrolls: box !== null && box.scrollWidth > box.clientWidth && ['auto', 'scroll'].includes(getComputedStyle(box).overflowX),
      brokenCells: cells.filter((cell) => linesOf(cell) > 1).map((cell) => cell.textContent),
      pageScrollsSideways: document.documentElement.scrollWidth > window.innerWidth,
    };
  });
  expect(layout, await scope.innerText()).toEqual({ boxScrolls: true, brokenCells: [], pageScrollsSideways: false });
}

describe('messages in the chat view', () => {
  let fake: FakeModelServer;
  let e: E2E;
  let owner: TestUser;
  let tableChat: TestChat;

  beforeAll(async () => {
    fake = await startFakeModelServer({ models: ['fake-small'] });
    e = await startE2E({ openai: { baseUrl: fake.baseUrl, apiKey: 'sk-fake-key-0123456789' }, llm: { ...FAST_LIMITS, idleTimeoutMs: 10_000 } });
    owner = await e.createUser({ name: 'Cora Copier' });
    tableChat = await createChat(owner, {
      title: 'A wide table',
      messages: [
        { role: 'user', content: `Put this in a table:\n\n${WIDE_TABLE}` },
        { role: 'assistant', content: `Here it is.\n\n${WIDE_TABLE}\n\nFive columns.`, model: 'fake-small' },
      ],
    });
  });
  afterAll(async () => {
    await e.close();
    await fake.close();
  });

  it('copies a prompt and a reply with their Copy buttons, and says "Copied"', async () => {
    const page = await e.newPage(owner);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(`/c/${tableChat.id}`);
    const reply = replies(page).first();
    await reply.getByRole('button', { name: 'Copy', exact: true }).click();
    await reply.getByText('Copied', { exact: true }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`Here it is.\n\n${WIDE_TABLE}\n\nFive columns.`);
    await screenshot(page, 'chat-copied');

    const prompt = prompts(page).first();
    await prompt.hover();
    await prompt.getByRole('button', { name: 'Copy', exact: true }).click();
    await prompt.getByText('Copied', { exact: true }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`Put this in a table:\n\n${WIDE_TABLE}`);
    // The confirmation goes away by itself.
    await prompt.getByText('Copied', { exact: true }).waitFor({ state: 'detached' });
    await prompt.getByRole('button', { name: 'Copy', exact: true }).waitFor();
    await page.context().close();
  });

  it('copies by touch on a phone', async () => {
    const page = await e.newPage(owner, { phone: true });
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(`/c/${tableChat.id}`);
    const prompt = prompts(page).first();
    await prompt.getByRole('button', { name: 'Copy', exact: true }).tap();
    await prompt.getByText('Copied', { exact: true }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`Put this in a table:\n\n${WIDE_TABLE}`);
    await page.context().close();
  });

  it('tells a stopped reply calmly, and a failed one as an error', async () => {
    fake.script = { tokens: Array.from({ length: 60 }, (_, i) => `word${i} `), tokenDelayMs: 100 };
    const page = await e.newPage(owner);
    await page.goto('/');
    await composer(page).fill('Count slowly');
    await composer(page).press('Enter');
    await page.waitForURL(/\/c\/[\w-]+$/);
    await replies(page).getByText('word3').waitFor();
    await page.getByRole('button', { name: 'Stop generating' }).click();
    const stopped = replies(page).getByText(/^Stopped\./);
    await stopped.waitFor();
    expect(await looksLikeAnError(stopped)).toBe(false);
    expect(await replies(page).getByRole('alert').count()).toBe(0);
    await screenshot(page, 'chat-stopped');

    fake.script = { tokens: ['Half ', 'of ', 'an ', 'answer'], cutAfter: 2 };
    await page.getByRole('button', { name: 'Send message' }).waitFor();
    await composer(page).fill('And now fail');
    await composer(page).press('Enter');
    const failed = replies(page).nth(1).getByText(/^This reply failed:/);
    await failed.waitFor();
    expect(await looksLikeAnError(failed)).toBe(true);
    await page.context().close();
  });

  it('leaves room for the chat’s title in the header on a phone', async () => {
    const page = await e.newPage(owner, { phone: true });
    await page.goto(`/c/${tableChat.id}`);
    const title = page.getByRole('heading', { name: 'A wide table', level: 1 });
    await title.waitFor();
    // The Model picker and Share share the bar with it (Share as an icon); the title keeps over a third.
    await screenshot(page, 'chat-header-phone');
    expect((await title.boundingBox())?.width ?? 0).toBeGreaterThanOrEqual(140);
    await page.getByRole('banner').getByRole('button', { name: 'Share' }).waitFor();
    await page.context().close();
  });

  it('scrolls a wide table sideways on a phone instead of breaking its words, in a reply and in a prompt', async () => {
    const page = await e.newPage(owner, { phone: true });
    await page.goto(`/c/${tableChat.id}`);
    await expectSidewaysTable(page, replies(page).first());
    await expectSidewaysTable(page, prompts(page).first());
    await screenshot(page, 'chat-table-phone');
    await page.context().close();
  });

  it('scrolls a wide table sideways on the share page on a phone', async () => {
    const share = await shareChat(owner, tableChat.id);
    const page = await e.newPage(owner, { phone: true });
    await page.goto(`/s/${share.id}`);
    await page.getByRole('heading', { name: 'A wide table', level: 1 }).waitFor();
    const messages = page.getByRole('article');
    await expectSidewaysTable(page, messages.filter({ hasText: 'Five columns.' }));
    await expectSidewaysTable(page, messages.filter({ hasText: 'Put this in a table' }));
    await screenshot(page, 'share-table-phone');
    await page.context().close();
  });
});
