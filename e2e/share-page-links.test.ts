import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shareChat, type TestShare, type TestUser } from '../server/test/factories.js';
import { startE2E, type ContextOptions, type E2E } from './harness.js';
import { createSampleChat } from './seed.js';

/**
 * The share page's links and layout in Chromium: each message's own link (`#<id>`), opened with
 * and without JavaScript, also on another version; ‹ › without JavaScript (`?v=`); and the
 * floating "Continue this conversation" bar beside the last message.
 */

/** The names of the ‹ n/m › switches in sight, "Version 2 of 3". */
const versionsShown = (page: Page) =>
  page
    .getByRole('group', { name: /^Version \d+ of \d+$/ })
    .filter({ visible: true })
    .evaluateAll((groups) => groups.map((group) => group.getAttribute('aria-label')));

/** Whether the element is inside the viewport, below the sticky top bar. */
const inView = (locator: Locator) =>
  locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const top = document.querySelector('.topbar')?.getBoundingClientRect().bottom ?? 0;
    return box.top >= top - 1 && box.top < window.innerHeight;
  });

/** The :target mark: an outline that messages do not otherwise have. */
const marked = (locator: Locator) => locator.evaluate((element) => getComputedStyle(element).outlineStyle !== 'none');

describe('the share page’s links', () => {
  let e: E2E;
  let bob: TestUser;
  let share: TestShare;
  let publicShare: TestShare;
  /** The snapshot's own message ids, by the start of their text. */
  let idOf: (text: string) => string;

  beforeAll(async () => {
    e = await startE2E();
    const admin = await e.createUser({ role: 'admin', name: 'Admin' });
    await admin.client.patch('/api/v1/admin/settings', { sharing: { publicLinks: true } });
    const ada = await e.createUser({ name: 'Ada Lovelace' });
    bob = await e.createUser({ name: 'Bob Reader' });
    share = await shareChat(ada, await createSampleChat(e.t, ada), { showName: true, includeHistory: true });
    publicShare = await shareChat(ada, await createSampleChat(e.t, ada), { access: 'public' });
    const { messages } = (await bob.client.get<{ messages: { id: string; content: string }[] }>(`/api/v1/shares/${share.id}`)).body;
    idOf = (text) => messages.find((message) => message.content.startsWith(text))?.id ?? `no message "${text}"`;
  });
  afterAll(async () => {
    await e.close();
  });

  const message = (page: Page, id: string) => page.locator(`article[data-id="${id}"]`);

  it('gives every message a "Link to this message" to /s/<id>#<message id>', async () => {
    const page = await e.newPage(bob);
    await page.goto(`/s/${share.id}`);
    const legend = idOf('Nice. Can you add a legend?');
    const link = message(page, legend).getByRole('link', { name: 'Link to this message' });
    expect(await link.getAttribute('href')).toBe(`/s/${share.id}#${legend}`);
    expect(await page.getByRole('link', { name: 'Link to this message' }).filter({ visible: true }).count()).toBe(4);
    await message(page, legend).hover();
    await link.click();
    expect(new URL(page.url()).hash).toBe(`#${legend}`);
    expect(await marked(message(page, legend))).toBe(true);
    expect(await marked(message(page, idOf('How do I plot')))).toBe(false);
    await page.context().close();
  });

  for (const javaScriptEnabled of [true, false]) {
    it(`opens a message's link scrolled to the message, and marks it (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
      const page = await e.newPage(bob, { javaScriptEnabled, phone: true });
      const legend = idOf('Pass a `label`');
      await page.goto(`/s/${share.id}#${legend}`);
      await page.evaluate(() => document.fonts.ready);
      expect(await inView(message(page, legend))).toBe(true);
      expect(await marked(message(page, legend))).toBe(true);
      expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
      await page.context().close();
    });
  }

  it('opens the link of a message on another version on that version', async () => {
    const page = await e.newPage(bob);
    const third = idOf('Third version');
    await page.goto(`/s/${share.id}#${third}`);
    await page.getByText('Third version: this one was cut off').waitFor();
    expect(await page.getByText('Nice. Can you add a legend?').isVisible()).toBe(false);
    expect(await versionsShown(page)).toEqual(['Version 3 of 3']);
    expect(await inView(message(page, third))).toBe(true);
    expect(await marked(message(page, third))).toBe(true);
    await page.context().close();
  });

  it('opens the link of a message on another version without JavaScript too', async () => {
    const page = await e.newPage(bob, { javaScriptEnabled: false });
    await page.goto(`/s/${share.id}`);
    const first = idOf('Use `matplotlib.pyplot.plot`');
    const href = await message(page, first).getByRole('link', { name: 'Link to this message', includeHidden: true }).getAttribute('href');
    await page.goto(href ?? '');
    await page.getByText('First version of the reply').waitFor();
    expect(await versionsShown(page)).toEqual(['Version 1 of 3']);
    expect(await marked(message(page, first))).toBe(true);
    await page.context().close();
  });

  it('switches versions with ‹ › without JavaScript', async () => {
    const page = await e.newPage(bob, { javaScriptEnabled: false });
    await page.goto(`/s/${share.id}`);
    await page.getByRole('button', { name: 'Next version' }).click();
    await page.getByText('Third version: this one was cut off').waitFor();
    expect(new URL(page.url()).searchParams.get('v')).toBe(idOf('Third version'));
    expect(await page.getByText('Nice. Can you add a legend?').isVisible()).toBe(false);
    expect(await versionsShown(page)).toEqual(['Version 3 of 3']);
    expect(await page.getByRole('button', { name: 'Next version' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Previous version' }).click();
    await page.getByText('Nice. Can you add a legend?').waitFor();
    expect(await versionsShown(page)).toEqual(['Version 2 of 3']);
    await page.getByRole('button', { name: 'Previous version' }).click();
    await page.getByText('First version of the reply').waitFor();
    expect(await page.getByRole('button', { name: 'Previous version' }).isDisabled()).toBe(true);
    await page.context().close();
  });

  it('keeps a version chosen with JavaScript in the address, so that a reload shows it', async () => {
    const page = await e.newPage(bob);
    await page.goto(`/s/${share.id}`);
    await page.getByRole('button', { name: 'Next version' }).click();
    await page.getByText('Third version: this one was cut off').waitFor();
    await page.reload();
    await page.getByText('Third version: this one was cut off').waitFor();
    expect(await versionsShown(page)).toEqual(['Version 3 of 3']);
    await page.context().close();
  });

  it('keeps "Continue this conversation" off the last message once scrolled to the bottom', async () => {
    const cases: [TestUser | undefined, ContextOptions][] = [
      [bob, {}],
      [bob, { phone: true }],
      [bob, { phone: true, javaScriptEnabled: false }],
      // Signed out, on a public link: the bar is taller, with its sign-in hint.
      [undefined, { phone: true }],
    ];
    for (const [user, options] of cases) {
      const page = await e.newPage(user, options);
      await page.goto(`/s/${user ? share.id : publicShare.id}`);
      await page.evaluate(() => document.fonts.ready);
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      const last = await page.locator('article.message:not([hidden])').last().boundingBox();
      const bar = await page.locator('.continue-bar').boundingBox();
      expect(last && bar && last.y + last.height <= bar.y, JSON.stringify({ options, last, bar })).toBe(true);
      await page.context().close();
    }
  });
});
