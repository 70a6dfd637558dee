import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '../server/test/factories.js';
import { screenshot, startE2E, type E2E } from './harness.js';

/** Admin Panel → Settings → Files: the upload limits the server applies (docs/api.md, Files). */

describe('the file limits in the Admin Panel', () => {
  let e: E2E;
  let admin: TestUser;

  beforeAll(async () => {
    e = await startE2E();
    admin = await e.createUser({ role: 'admin', name: 'Ada Admin' });
  });
  afterAll(async () => {
    await e.close();
  });

  it('saves a smaller max size and allowed types, and the composer then refuses a larger upload with the server’s message', async () => {
    const page = await e.newPage(admin);
    await page.goto('/admin/settings/general');
    await page.getByRole('tab', { name: 'Files' }).click();
    await page.waitForURL('**/admin/settings/files');
    const size = page.getByLabel('Max File Size (MB)');
    expect(await size.inputValue()).toBe('20');
    await size.fill('1');
    await page.getByLabel('Allowed File Types').fill('image/*, text/plain');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Settings saved.').waitFor();
    await screenshot(page, 'admin-settings-files');
    const settings = await admin.client.get<{ files: { maxBytes: number; allowedTypes: string[] } }>('/api/v1/admin/settings');
    expect(settings.body.files).toEqual({ maxBytes: 1024 * 1024, allowedTypes: ['image/*', 'text/plain'] });

    // A 2 MB image pasted into the composer is refused, with the server's 413 message beside it.
    await page.goto('/');
    await page.getByRole('textbox', { name: 'Message' }).evaluate((area) => {
      const bytes = new Uint8Array(2 * 1024 * 1024);
      bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
      const data = new DataTransfer();
      data.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
      area.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    const refused = page.getByRole('list', { name: 'Attachments' }).getByRole('alert');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('Files may be at most 1 MB.');
    await page.context().close();
  });
});
