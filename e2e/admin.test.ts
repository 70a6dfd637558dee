import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from '../server/test/factories.js';
import { screenshot, startE2E, type E2E } from './harness.js';

interface Config {
  features: { communitySharing: boolean; communityUrl: string | null; tts: string; sharing: boolean };
}

describe('the Admin Panel', () => {
  let e: E2E;
  let admin: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    e = await startE2E();
    admin = await e.createUser({ role: 'admin', name: 'Ada Admin' });
    member = await e.createUser({ name: 'Bob Member' });
  });
  afterAll(async () => {
    await e.close();
  });

  it('turns "Enable Community Sharing" on with Save, and the instance config follows', async () => {
    const page = await e.newPage(admin);
    await page.goto('/admin');
    await page.waitForURL('**/admin/settings/general');
    const toggle = page.getByRole('switch', { name: 'Enable Community Sharing' });
    expect(await toggle.getAttribute('aria-checked')).toBe('false');
    await toggle.click();
    await page.getByLabel('Community URL').fill('https://hub.example.org');
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Settings saved.').waitFor();

    const config = (await (await page.request.get('/api/v1/config')).json()) as Config;
    expect(config.features.communitySharing).toBe(true);
    expect(config.features.communityUrl).toBe('https://hub.example.org');

    await page.reload();
    await page.getByRole('switch', { name: 'Enable Community Sharing' }).waitFor();
    expect(await page.getByRole('switch', { name: 'Enable Community Sharing' }).getAttribute('aria-checked')).toBe('true');
    await screenshot(page, 'admin-settings-general');

    // And off again: the other settings stay as they were.
    await page.getByRole('switch', { name: 'Enable Community Sharing' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Settings saved.').waitFor();
    const after = (await (await page.request.get('/api/v1/config')).json()) as Config;
    expect(after.features).toMatchObject({ communitySharing: false, sharing: true });
    await page.context().close();
  });

  it("shows the API's refusal in words and saves nothing", async () => {
    const page = await e.newPage(admin);
    await page.goto('/admin/settings/general');
    await page.getByLabel('Community URL').fill('ftp://files.example.org');
    await page.getByRole('switch', { name: 'Enable New Sign Ups' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/Settings were not saved: .*communityUrl/);
    const settings = await admin.client.get<{ signup: { enabled: boolean } }>('/api/v1/admin/settings');
    expect(settings.body.signup.enabled).toBe(true);
    await page.context().close();
  });

  it('sets up text-to-speech under Audio', async () => {
    const page = await e.newPage(admin);
    await page.goto('/admin/settings/general');
    await page.getByRole('tab', { name: 'Audio' }).click();
    await page.waitForURL('**/admin/settings/audio');
    await page.getByLabel('Text-to-Speech Engine').selectOption('openai');
    await page.getByLabel('API Base URL').fill('https://speech.example.org/v1');
    await page.getByLabel('TTS Model').fill('tts-1');
    await page.getByLabel('TTS Voice').fill('alloy');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Settings saved.').waitFor();
    await screenshot(page, 'admin-settings-audio');
    const settings = await admin.client.get<{ tts: Record<string, string> }>('/api/v1/admin/settings');
    // No key was typed: the server answers apiKey null (keys are only ever shown masked).
    expect(settings.body.tts).toEqual({ engine: 'openai', baseUrl: 'https://speech.example.org/v1', model: 'tts-1', voice: 'alloy', apiKey: null });
    const config = (await (await page.request.get('/api/v1/config')).json()) as Config;
    expect(config.features.tts).toBe('openai');
    await page.context().close();
  });

  it('keeps non-admins out', async () => {
    const page = await e.newPage(member);
    await page.goto('/admin/settings/general');
    await page.getByRole('heading', { name: 'Admins only' }).waitFor();
    expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
    expect((await member.client.patch('/api/v1/admin/settings', { enableCommunitySharing: true })).status).toBe(403);
    await page.context().close();
  });

  it('lists users and changes a role (Users)', async () => {
    const page = await e.newPage(admin);
    await page.goto('/admin/users');
    const role = page.getByRole('combobox', { name: 'Role of Bob Member' });
    await role.waitFor();
    await role.selectOption('pending');
    await expect
      .poll(async () => (await member.client.get('/api/v1/auth/me')).body)
      .toMatchObject({ user: { role: 'pending' } });
    await screenshot(page, 'admin-users');
    await page.context().close();
  });

  it("lists and revokes anyone's link (Shared Links)", async () => {
    // Bob was made pending above; a fresh member shares here.
    const sharer = await e.createUser({ name: 'Carol Sharer' });
    const chat = await sharer.client.post<{ chat: { id: string } }>('/api/v1/chats', { title: 'Carol shares this' });
    const shared = await sharer.client.put<{ share: { id: string } }>(`/api/v1/chats/${chat.body.chat.id}/share`, {});
    expect(shared.status).toBe(201);
    const page = await e.newPage(admin);
    await page.goto('/admin/shared-links');
    const row = page.getByRole('row').filter({ hasText: 'Carol shares this' });
    await row.waitFor();
    expect(await row.textContent()).toContain('Carol Sharer');
    await screenshot(page, 'admin-shared-links');
    await row.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('dialog', { name: 'Revoke link?' }).getByRole('button', { name: 'Revoke' }).click();
    await row.waitFor({ state: 'detached' });
    expect((await sharer.client.get(`/api/v1/chats/${chat.body.chat.id}/share`)).status).toBe(404);
    await page.context().close();
  });
});
