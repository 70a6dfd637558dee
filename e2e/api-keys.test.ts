import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '../server/test/factories.js';
import { startE2E, userMenu, type E2E } from './harness.js';

/** Settings → API keys (issue 11, item 12): a key made with an expiry is listed with it, and revoking it asks first. */
describe('Settings → API keys', () => {
  let e: E2E;
  let ada: TestUser;

  beforeAll(async () => {
    e = await startE2E();
    ada = await e.createUser({ name: 'Ada Keys' });
  });
  afterAll(async () => {
    await e.close();
  });

  it('creates a key with an expiry date, lists it with its expiry, and revokes it behind a confirmation', async () => {
    const page = await e.newPage(ada);
    await page.goto('/');
    await userMenu(page, 'Settings');
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.getByRole('tab', { name: 'API keys' }).click();
    await settings.getByText('No API keys.').waitFor();

    await settings.getByLabel('Key name').fill('Nightly backup');
    await settings.getByLabel('Expires').selectOption({ label: 'On a date' });
    await settings.getByLabel('Expiry date').fill('2030-06-15');
    await settings.getByRole('button', { name: 'Create key' }).click();
    const shownKey = await settings.getByRole('status').locator('code').textContent();
    expect(shownKey).toMatch(/^pk_/);

    const expected = await page.evaluate(() => new Date('2030-06-15T23:59:59').toLocaleDateString());
    const row = settings.getByRole('group', { name: 'Nightly backup' });
    await row.getByText(`Expires ${expected}`).waitFor();
    await row.getByText('Last used never').waitFor();

    await row.getByRole('button', { name: 'Revoke' }).click();
    const confirm = page.getByRole('dialog', { name: 'Revoke API key' });
    await confirm.getByRole('button', { name: 'Revoke key' }).click();
    await confirm.waitFor({ state: 'detached' });
    await settings.getByText('No API keys.').waitFor();
    expect(await settings.getByRole('group', { name: 'Nightly backup' }).count()).toBe(0);

    // Revoked for real: the key no longer authenticates.
    const me = await page.request.get('/api/v1/auth/me', { headers: { authorization: `Bearer ${String(shownKey)}` } });
    expect(me.status()).toBe(401);
  });

  it('makes a key that may manage keys only when the box is ticked, and says so in the list', async () => {
    const page = await e.newPage(ada);
    await page.goto('/');
    await userMenu(page, 'Settings');
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.getByRole('tab', { name: 'API keys' }).click();

    const create = async (name: string, manage: boolean) => {
      await settings.getByLabel('Key name').fill(name);
      const box = settings.getByLabel('Allow this key to manage keys');
      expect(await box.isChecked()).toBe(false);
      if (manage) await box.check();
      await settings.getByRole('button', { name: 'Create key' }).click();
      await settings.getByRole('group', { name }).waitFor();
      return String(await settings.getByRole('status').locator('code').textContent());
    };
    const manager = await create('Key manager', true);
    const plain = await create('Plain script', false);

    await settings.getByRole('group', { name: 'Key manager' }).getByText('Can manage keys').waitFor();
    expect(await settings.getByRole('group', { name: 'Plain script' }).getByText('Can manage keys').count()).toBe(0);

    // The permission is real: only the first key may make keys.
    const made = (key: string) =>
      page.request.post('/api/v1/auth/api-keys', { headers: { authorization: `Bearer ${key}` }, data: { name: 'child' } });
    expect((await made(manager)).status()).toBe(201);
    expect((await made(plain)).status()).toBe(403);
  });
});
