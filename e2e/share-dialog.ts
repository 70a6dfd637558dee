import type { Page } from 'playwright-core';
import type { TestChat } from '../server/test/factories.js';

/** Opens the chat and its Share dialog from the chat's header; waits until the dialog has its buttons. */
export async function openShareDialog(page: Page, chat: TestChat) {
  await page.goto(`/c/${chat.id}`);
  await page.getByRole('heading', { name: chat.title, level: 1 }).waitFor();
  await page.getByRole('banner').getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share Chat' });
  await dialog.getByRole('button', { name: /Copy Link/ }).waitFor();
  return dialog;
}
