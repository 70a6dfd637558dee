import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChat, type TestChat, type TestUser } from '../server/test/factories.js';
import { startE2E, type E2E } from './harness.js';

/** A title whose override, never closed, would make it read "exe.png" and flip whatever follows it. */
const TITLE = '\u202Egnp.exe';

describe('bidi controls in titles and names (docs/architecture.md)', () => {
  let e: E2E;
  let owner: TestUser;
  let chat: TestChat;

  beforeAll(async () => {
    e = await startE2E();
    owner = await e.createUser({ name: 'Mallory \u202Eevil' });
    chat = await createChat(owner, { title: TITLE, messages: 2 });
  });
  afterAll(async () => {
    await e.close();
  });

  it('isolates a chat title in the sidebar and the chat header, and a name in the user menu', async () => {
    const page = await e.newPage(owner);
    await page.goto('/');
    const link = page.getByRole('navigation', { name: 'Sidebar' }).getByRole('link', { name: 'gnp.exe' });
    await link.waitFor();
    // The title's text sits in an element that isolates it, so the override stops at its end.
    const isolation = (text: string) =>
      page.evaluate((wanted) => {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        const found: string[] = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          if (node.textContent !== wanted || !node.parentElement) continue;
          found.push(`${node.parentElement.tagName.toLowerCase()} ${getComputedStyle(node.parentElement).unicodeBidi}`);
        }
        return found;
      }, text);
    expect(await isolation(TITLE)).toEqual(['bdi isolate']);
    await link.click();
    await page.waitForURL(`**/c/${chat.id}`);
    await page.getByRole('heading', { level: 1, name: 'gnp.exe' }).waitFor();
    expect(await isolation(TITLE)).toEqual(['bdi isolate', 'bdi isolate']);
    expect(await isolation('Mallory \u202Eevil')).toEqual(['bdi isolate']);
  });
});
