import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModelOption } from '../../common/api/models.js';
import type { SettingsReply } from '../../common/api/settings.js';
import type { ApiErrorBody } from '../../common/api/common.js';
import { createUser, type TestUser } from '../test/factories.js';
import { startTestApp, type TestApp } from '../test/harness.js';
import { startFakeModelServer, type FakeModelServer } from './testing/fake-model-server.js';
import { FAST_LIMITS } from './testing/limits.js';

type Settings = SettingsReply;
type Models = { items: ModelOption[] };
type ErrorReply = ApiErrorBody;

const ENV_KEY = 'sk-env-key-abcdefgh1234';
const SAVED_KEY = 'sk-saved-key-zyxwvu9876';

let envServer: FakeModelServer;
let saved: FakeModelServer;
let t: TestApp;
let admin: TestUser;
let member: TestUser;
beforeEach(async () => {
  envServer = await startFakeModelServer({ models: ['env-model'], apiKey: ENV_KEY });
  saved = await startFakeModelServer({ models: ['saved-a', 'saved-b'], apiKey: SAVED_KEY });
  t = await startTestApp({ openai: { baseUrl: envServer.baseUrl, apiKey: ENV_KEY }, llm: FAST_LIMITS });
  admin = await createUser(t, { role: 'admin' });
  member = await createUser(t);
});
afterEach(async () => {
  await t.close();
  await envServer.close();
  await saved.close();
});

const saveConnections = (connections: object[]) => admin.client.patch<Settings>('/api/v1/admin/settings', { connections });

describe('model connections', () => {
  it('shows the environment connection read-only, masks keys for admins, and keeps a key sent back masked', async () => {
    const initial = await admin.client.get<Settings>('/api/v1/admin/settings');
    expect(initial.body.connections).toEqual([
      { id: 'env', name: 'Environment', baseUrl: envServer.baseUrl, apiKey: 'sk-…1234', enabled: true, readOnly: true },
    ]);

    const created = await saveConnections([...initial.body.connections, { name: 'Lab', baseUrl: `${saved.baseUrl}/`, apiKey: SAVED_KEY }]);
    expect(created.status).toBe(200);
    const lab = created.body.connections[1];
    expect(lab).toMatchObject({ name: 'Lab', baseUrl: saved.baseUrl, apiKey: 'sk-…9876', enabled: true, readOnly: false });
    expect(JSON.stringify(created.body)).not.toContain(SAVED_KEY);
    expect(JSON.stringify(created.body)).not.toContain(ENV_KEY);

    // Saving the form as it came back (masked key, another field changed) keeps the stored key.
    const renamed = await saveConnections(created.body.connections.map((c) => (c.id === lab?.id ? { ...c, name: 'Lab 2' } : c)));
    expect(renamed.body.connections[1]).toMatchObject({ id: lab?.id, name: 'Lab 2', apiKey: 'sk-…9876' });
    const models = await member.client.get<Models>('/api/v1/models');
    expect(models.body.items.map((m) => `${m.connection}/${m.id}`)).toEqual(['Environment/env-model', 'Lab 2/saved-a', 'Lab 2/saved-b']);
    expect(saved.received.at(-1)?.authorization).toBe(`Bearer ${SAVED_KEY}`);

    // A masked key that is not this connection's stands for nothing.
    const forged = await saveConnections([{ id: 'other', baseUrl: saved.baseUrl, apiKey: 'sk-…9876' }]);
    expect(forged.status).toBe(400);
    expect((forged.body as unknown as ErrorReply).error.fields?.[0]?.field).toBe('connections.0.apiKey');
    // Patching something else leaves the connections as they were.
    const other = await admin.client.patch<Settings>('/api/v1/admin/settings', { sharing: { enabled: false } });
    expect(other.body.connections).toEqual(renamed.body.connections);
  });

  it('never shows keys to non-admins', async () => {
    await saveConnections([{ name: 'Lab', baseUrl: saved.baseUrl, apiKey: SAVED_KEY }]);
    expect((await member.client.get('/api/v1/admin/settings')).status).toBe(403);
    const models = await member.client.get('/api/v1/models');
    expect(models.status).toBe(200);
    expect(models.text).not.toMatch(/sk-|apiKey|baseUrl|127\.0\.0\.1/);
    expect((await member.client.post('/api/v1/admin/connections/test', { id: 'env' })).status).toBe(403);
  });

  it('lists the models of every enabled connection, leaving out one that is down or disabled', async () => {
    const closed = await startFakeModelServer();
    await closed.close();
    await saveConnections([
      { name: 'Lab', baseUrl: saved.baseUrl, apiKey: SAVED_KEY },
      { name: 'Gone', baseUrl: closed.baseUrl },
      { name: 'Off', baseUrl: saved.baseUrl, apiKey: SAVED_KEY, enabled: false },
    ]);
    envServer.modelsStatus = 500;
    const started = Date.now();
    const models = await member.client.get<Models>('/api/v1/models');
    expect(models.status).toBe(200);
    expect(models.body.items).toEqual([
      { id: 'saved-a', name: 'saved-a', connection: 'Lab' },
      { id: 'saved-b', name: 'saved-b', connection: 'Lab' },
    ]);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect((await admin.client.get<Settings>('/api/v1/admin/settings')).body.connections.map((c) => c.name)).toEqual([
      'Environment',
      'Lab',
      'Gone',
      'Off',
    ]);
  });

  it("tests a connection for the Admin Panel: a new one, a saved one by id, and a failing one", async () => {
    const byUrl = await admin.client.post<Models>('/api/v1/admin/connections/test', { baseUrl: saved.baseUrl, apiKey: SAVED_KEY });
    expect(byUrl.status).toBe(200);
    expect(byUrl.body.items.map((m) => m.id)).toEqual(['saved-a', 'saved-b']);
    const byId = await admin.client.post<Models>('/api/v1/admin/connections/test', { id: 'env' });
    expect(byId.body.items.map((m) => m.id)).toEqual(['env-model']);
    const masked = await admin.client.post<Models>('/api/v1/admin/connections/test', { id: 'env', baseUrl: envServer.baseUrl, apiKey: 'sk-…1234' });
    expect(masked.status).toBe(200);

    const wrongKey = await admin.client.post<ErrorReply>('/api/v1/admin/connections/test', { baseUrl: saved.baseUrl, apiKey: 'sk-wrong' });
    expect(wrongKey.status).toBe(502);
    expect(wrongKey.body.error).toMatchObject({ code: 'upstream_error' });
    expect(wrongKey.body.error.message).toMatch(/401.*Incorrect API key/);
    const nothing = await admin.client.post<ErrorReply>('/api/v1/admin/connections/test', {});
    expect(nothing.status).toBe(400);
    const unknown = await admin.client.post<ErrorReply>('/api/v1/admin/connections/test', { id: 'nope' });
    expect(unknown.body.error.fields?.[0]?.field).toBe('id');
    const badUrl = await admin.client.post<ErrorReply>('/api/v1/admin/connections/test', { baseUrl: 'file:///etc/passwd' });
    expect(badUrl.body.error.fields?.[0]?.field).toBe('baseUrl');
  });

  it('refuses bad connection settings with 400 naming the field', async () => {
    const cases: [object, string][] = [
      [{ connections: [{ baseUrl: 'javascript:alert(1)' }] }, 'connections.0.baseUrl'],
      [{ connections: [{ name: 'x' }] }, 'connections.0.baseUrl'],
      [{ connections: [{ baseUrl: saved.baseUrl, colour: 'red' }] }, 'connections.0.colour'],
      [{ connections: [{ baseUrl: saved.baseUrl, enabled: 'yes' }] }, 'connections.0.enabled'],
      [{ connections: [{ id: 'a', baseUrl: saved.baseUrl }, { id: 'a', baseUrl: saved.baseUrl }] }, 'connections.1.id'],
      [{ connections: 'all of them' }, 'connections'],
    ];
    for (const [body, field] of cases) {
      const reply = await admin.client.patch<ErrorReply>('/api/v1/admin/settings', body);
      expect(reply.status, field).toBe(400);
      expect(reply.body.error.fields?.map((f) => f.field), field).toContain(field);
    }
  });
});

describe('stored keys (issue 11, item 8)', () => {
  const storedRow = async () =>
    (await t.db.selectFrom('settings').select('value').where('key', '=', 'instance').executeTakeFirstOrThrow()).value;

  it('keeps a masked key only while the base URL is unchanged, so it never goes to another server', async () => {
    const evil = await startFakeModelServer({ models: ['evil'] });
    try {
      const created = await saveConnections([{ name: 'Lab', baseUrl: saved.baseUrl, apiKey: SAVED_KEY }]);
      const lab = created.body.connections.find((c) => c.name === 'Lab');
      expect(lab?.apiKey).toBe('sk-…9876');
      const moved = await saveConnections(created.body.connections.map((c) => (c.id === lab?.id ? { ...c, baseUrl: evil.baseUrl } : c)));
      expect(moved.status).toBe(400);
      expect((moved.body as unknown as ErrorReply).error.message).toContain('enter the API key again');
      for (const body of [{ id: lab?.id, baseUrl: evil.baseUrl, apiKey: 'sk-…9876' }, { id: lab?.id, baseUrl: evil.baseUrl }]) {
        const test = await admin.client.post<ErrorReply>('/api/v1/admin/connections/test', body);
        expect(test.status).toBe(400);
      }
      expect(evil.received.map((r) => r.authorization)).not.toContain(`Bearer ${SAVED_KEY}`);
      const after = await admin.client.get<Settings>('/api/v1/admin/settings');
      expect(after.body.connections.find((c) => c.id === lab?.id)).toMatchObject({ baseUrl: saved.baseUrl, apiKey: 'sk-…9876' });
      // With the key typed in again, the new URL is fine.
      const retyped = await saveConnections([{ id: lab?.id, name: 'Lab', baseUrl: evil.baseUrl, apiKey: 'sk-new-key-for-evil-0000' }]);
      expect(retyped.status).toBe(200);

      await admin.client.patch('/api/v1/admin/settings', { tts: { engine: 'openai', baseUrl: saved.baseUrl, apiKey: SAVED_KEY } });
      const ttsMoved = await admin.client.patch<ErrorReply>('/api/v1/admin/settings', { tts: { baseUrl: evil.baseUrl, apiKey: 'sk-…9876' } });
      expect(ttsMoved.status).toBe(400);
      const ttsMovedKeyLeft = await admin.client.patch<ErrorReply>('/api/v1/admin/settings', { tts: { baseUrl: evil.baseUrl } });
      expect(ttsMovedKeyLeft.status).toBe(400);
      const ttsKept = await admin.client.patch<Settings>('/api/v1/admin/settings', { tts: { baseUrl: saved.baseUrl, apiKey: 'sk-…9876', voice: 'alloy' } });
      expect(ttsKept.status).toBe(200);
    } finally {
      await evil.close();
    }
  });

  it('encrypts connection and speech keys at rest, and seals keys stored in plaintext before', async () => {
    await saveConnections([{ name: 'Lab', baseUrl: saved.baseUrl, apiKey: SAVED_KEY }]);
    await admin.client.patch('/api/v1/admin/settings', { tts: { engine: 'openai', baseUrl: saved.baseUrl, apiKey: 'sk-speech-key-55554444' } });
    const row = await storedRow();
    expect(row).not.toContain(SAVED_KEY);
    expect(row).not.toContain('sk-speech-key-55554444');
    expect(row).toContain('enc:v1:');
    // Still usable: the model list goes out with the real key.
    await member.client.get('/api/v1/models');
    expect(saved.received.at(-1)?.authorization).toBe(`Bearer ${SAVED_KEY}`);

    // A row written before encryption: read as it is, and sealed on that read.
    const plain = JSON.parse(row) as { connections: { apiKey?: string }[]; tts: { apiKey?: string } };
    plain.connections[0] = { ...plain.connections[0], apiKey: SAVED_KEY };
    plain.tts.apiKey = 'sk-speech-key-55554444';
    await t.db.updateTable('settings').set({ value: JSON.stringify(plain) }).where('key', '=', 'instance').execute();
    const read = await admin.client.get<Settings>('/api/v1/admin/settings');
    expect(read.body.connections.find((c) => c.name === 'Lab')?.apiKey).toBe('sk-…9876');
    expect(read.body.tts.apiKey).toBe('sk-…4444');
    const sealed = await storedRow();
    expect(sealed).not.toContain(SAVED_KEY);
    expect(sealed).not.toContain('sk-speech-key-55554444');
    await member.client.get('/api/v1/models');
    expect(saved.received.at(-1)?.authorization).toBe(`Bearer ${SAVED_KEY}`);
  });
});
