import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeModelServer, type FakeModelServer } from '../server/llm/testing/fake-model-server.js';
import { FAST_LIMITS } from '../server/llm/testing/limits.js';
import type { TestUser } from '../server/test/factories.js';
import { screenshot, startE2E, type E2E } from './harness.js';

/** Admin Panel → Settings → Connections: the environment's connection, and adding, testing, saving others. */

const ENV_KEY = 'sk-env-key-abcdefgh1234';
const LAB_KEY = 'sk-lab-key-zyxwvu9876';

type Connection = { id: string; name: string; baseUrl: string; apiKey: string | null; enabled: boolean; readOnly: boolean };

describe('model connections in the Admin Panel', () => {
  let envServer: FakeModelServer;
  let lab: FakeModelServer;
  let e: E2E;
  let admin: TestUser;

  beforeAll(async () => {
    envServer = await startFakeModelServer({ models: ['env-model'], apiKey: ENV_KEY });
    lab = await startFakeModelServer({ models: ['lab-a', 'lab-b'], apiKey: LAB_KEY });
    e = await startE2E({ openai: { baseUrl: envServer.baseUrl, apiKey: ENV_KEY }, llm: FAST_LIMITS });
    admin = await e.createUser({ role: 'admin', name: 'Ada Admin' });
  });
  afterAll(async () => {
    await e.close();
    await envServer.close();
    await lab.close();
  });

  const saved = async () => (await admin.client.get<{ connections: Connection[] }>('/api/v1/admin/settings')).body.connections;
  const offeredModels = async (page: Page) => {
    await page.goto('/');
    const picker = page.getByRole('combobox', { name: 'Model' });
    // The picker holds one placeholder option while the list loads: wait for the list itself.
    await picker.locator('option:not([value=""])').first().waitFor({ state: 'attached' });
    return picker.locator('option').allTextContents();
  };

  it('adds a connection, tests it (failing, then working), saves it, disables and removes it', async () => {
    const page = await e.newPage(admin);
    await page.goto('/admin/settings/connections');

    // The environment's connection: read-only, key masked, and it can be tested.
    const env = page.getByRole('group', { name: 'Environment' });
    await env.getByText('Read-only').waitFor();
    await env.getByText('Saved key: sk-…1234').waitFor();
    expect(await env.getByLabel('API Base URL').isDisabled()).toBe(true);
    expect(await page.content()).not.toContain(ENV_KEY);
    await env.getByRole('button', { name: 'Test' }).click();
    await env.getByRole('status').getByText('Connected. 1 model: env-model').waitFor();

    await page.getByRole('button', { name: 'Add Connection' }).click();
    const fresh = page.getByRole('group', { name: 'New connection' });
    await fresh.getByLabel('Name').fill('Lab');
    const labGroup = page.getByRole('group', { name: 'Lab' });
    await labGroup.getByLabel('API Base URL').fill(lab.baseUrl);
    await labGroup.getByLabel('API Key').fill('sk-wrong-key-000000');
    await labGroup.getByRole('button', { name: 'Test' }).click();
    await labGroup.getByRole('alert').getByText(/^The test failed: /).waitFor();

    await labGroup.getByLabel('API Key').fill(LAB_KEY);
    await labGroup.getByRole('button', { name: 'Test' }).click();
    await labGroup.getByRole('status').getByText('Connected. 2 models: lab-a, lab-b').waitFor();
    await screenshot(page, 'admin-connections');

    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Settings saved.').waitFor();
    const afterSave = await saved();
    expect(afterSave.map((c) => [c.name, c.baseUrl, c.apiKey, c.enabled, c.readOnly])).toEqual([
      ['Environment', envServer.baseUrl, 'sk-…1234', true, true],
      ['Lab', lab.baseUrl, 'sk-…9876', true, false],
    ]);
    // The key typed in is not shown back; its masked form is.
    await labGroup.getByText('Saved key: sk-…9876').waitFor();
    expect(await labGroup.getByLabel('API Key').inputValue()).toBe('');
    // A saved connection is tested with its stored key.
    await labGroup.getByRole('button', { name: 'Test' }).click();
    await labGroup.getByRole('status').getByText('Connected. 2 models: lab-a, lab-b').waitFor();

    const member = await e.newPage(admin);
    expect(await offeredModels(member)).toEqual(['env-model', 'lab-a', 'lab-b']);

    // Disabled: its models leave the picker; the stored key stays.
    await labGroup.getByRole('switch', { name: 'Enabled' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Settings saved.').waitFor();
    expect((await saved())[1]).toMatchObject({ name: 'Lab', enabled: false, apiKey: 'sk-…9876' });
    expect(await offeredModels(member)).toEqual(['env-model']);

    await labGroup.getByRole('button', { name: 'Remove' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').getByText('Settings saved.').waitFor();
    expect((await saved()).map((c) => c.name)).toEqual(['Environment']);
    await member.context().close();
    await page.context().close();
  });
});
