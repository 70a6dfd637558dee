import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeModelServer, type FakeModelServer } from '../server/llm/testing/fake-model-server.js';
import { FAST_LIMITS } from '../server/llm/testing/limits.js';
import { createChat, type TestChat, type TestUser } from '../server/test/factories.js';
import { screenshot, startE2E, type E2E } from './harness.js';

/**
 * A long chat opens at its latest message, by its URL and after a reload; a reply streams in
 * sight, unless the reader scrolled up to read something, who then gets "Jump to latest".
 */

const thread = (page: Page) => page.getByRole('main');
const replies = (page: Page) => page.getByRole('article', { name: 'Assistant message' });
const jump = (page: Page) => page.getByRole('button', { name: 'Jump to latest' });

/** How far the thread is scrolled from its end, in pixels. */
const distanceFromEnd = (page: Page) => thread(page).evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);

/** The bottom of the newest message is on screen, above the composer. */
async function latestInSight(page: Page): Promise<boolean> {
  const [message, composer] = await Promise.all([
    page.getByRole('article').last().boundingBox(),
    page.getByRole('textbox', { name: 'Message' }).boundingBox(),
  ]);
  return message !== null && composer !== null && message.y + message.height <= composer.y && message.y + message.height > 0;
}

describe.each([
  { name: 'desktop', phone: false },
  { name: 'phone', phone: true },
])('a long chat on a $name', ({ name, phone }) => {
  let fake: FakeModelServer;
  let e: E2E;
  let owner: TestUser;
  let chat: TestChat;

  beforeAll(async () => {
    fake = await startFakeModelServer({ models: ['fake-small'] });
    e = await startE2E({ openai: { baseUrl: fake.baseUrl, apiKey: 'sk-fake-key-0123456789' }, llm: { ...FAST_LIMITS, idleTimeoutMs: 10_000 } });
    owner = await e.createUser({ name: 'Lena Longchat' });
    chat = await createChat(owner, { title: 'Sixty messages', messages: 60 });
  });
  afterAll(async () => {
    await e.close();
    await fake.close();
  });

  it('opens at the latest message, by its URL and after a reload', async () => {
    const page = await e.newPage(owner, { phone });
    await page.goto(`/c/${chat.id}`);
    await replies(page).last().getByText('Answer 30, with').waitFor();
    await expect.poll(() => distanceFromEnd(page)).toBeLessThanOrEqual(2);
    expect(await latestInSight(page)).toBe(true);
    await screenshot(page, `chat-long-${name}`);

    await page.reload();
    await replies(page).last().getByText('Answer 30, with').waitFor();
    await expect.poll(() => distanceFromEnd(page)).toBeLessThanOrEqual(2);
    expect(await latestInSight(page)).toBe(true);
    expect(await jump(page).count()).toBe(0);
    await page.context().close();
  });

  it('renders the Markdown of messages far above the latest once they are scrolled to, their text on the page all along', async () => {
    const page = await e.newPage(owner, { phone });
    await page.goto(`/c/${chat.id}`);
    await replies(page).last().getByText('Answer 30, with').waitFor();
    await replies(page).last().locator('strong').waitFor();
    // The first answer is far above: its words are there (find-in-page, screen readers), its Markdown not yet.
    const first = replies(page).first();
    expect(await first.textContent()).toContain('Answer 1, with **Markdown**.');
    expect(await first.locator('strong').count()).toBe(0);

    await thread(page).evaluate((el) => el.scrollTo({ top: 0 }));
    await first.locator('strong', { hasText: 'Markdown' }).waitFor();
    expect(await first.textContent()).not.toContain('**');
    await first.getByRole('button', { name: 'Copy' }).waitFor();
    await screenshot(page, `chat-long-top-${name}`);
    await page.context().close();
  });

  it('follows a streaming reply, stops following when the reader scrolls up, and "Jump to latest" goes back', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => `Line ${i + 1} of the reply.\n\n`);
    fake.script = { tokens: lines, tokenDelayMs: 90 };
    const page = await e.newPage(owner, { phone });
    await page.goto(`/c/${chat.id}`);
    await replies(page).last().getByText('Answer 30, with').waitFor();
    const composer = page.getByRole('textbox', { name: 'Message' });
    await composer.fill('Write fifty lines');
    await composer.press('Enter');

    // While it is being written, its newest line stays in sight.
    const reply = replies(page).last();
    for (const line of [5, 12, 20]) {
      await reply.getByText(`Line ${line} of the reply.`).waitFor();
      await expect.poll(() => latestInSight(page)).toBe(true);
      await expect.poll(() => distanceFromEnd(page)).toBeLessThanOrEqual(2);
    }

    // The reader scrolls up to read: the page stays where they put it.
    await thread(page).evaluate((el) => el.scrollBy({ top: -600 }));
    await jump(page).waitFor();
    const readingAt = await thread(page).evaluate((el) => el.scrollTop);
    await reply.getByText('Line 30 of the reply.').waitFor();
    expect(await thread(page).evaluate((el) => el.scrollTop)).toBe(readingAt);
    expect(await latestInSight(page)).toBe(false);
    await screenshot(page, `chat-jump-to-latest-${name}`);

    if (phone) await jump(page).tap();
    else await jump(page).click();
    await expect.poll(() => latestInSight(page)).toBe(true);
    await jump(page).waitFor({ state: 'detached' });
    await reply.getByText('Line 50 of the reply.').waitFor();
    await page.getByRole('button', { name: 'Send message' }).waitFor();
    await expect.poll(() => distanceFromEnd(page)).toBeLessThanOrEqual(2);
    expect(await latestInSight(page)).toBe(true);
    await page.context().close();
  });
});
