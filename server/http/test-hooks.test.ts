import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { createChat, createUser, shareChat } from '../test/factories.js';
import { startTestApp, type TestApp } from '../test/harness.js';

/**
 * The test hooks (server/http/test-hooks.ts) exist only when PARLEY_TEST_HOOKS is set: without it
 * their path is the API's 404 like any unknown one, and they are never in the OpenAPI document.
 */

const MEMORY = '/api/v1/test-hooks/memory';

describe('test hooks', () => {
  let production: TestApp;
  let hooked: TestApp;
  beforeAll(async () => {
    production = await startTestApp();
    hooked = await startTestApp({ testHooks: true });
  });
  afterAll(async () => {
    await production.close();
    await hooked.close();
  });

  it('are off unless PARLEY_TEST_HOOKS is set', () => {
    expect(loadConfig({ DATA_DIR: '/tmp/parley-unused' }).testHooks).toBe(false);
    expect(loadConfig({ DATA_DIR: '/tmp/parley-unused', PARLEY_TEST_HOOKS: '1' }).testHooks).toBe(true);
    expect(loadConfig({ DATA_DIR: '/tmp/parley-unused', PARLEY_TEST_HOOKS: 'false' }).testHooks).toBe(false);
    expect(() => loadConfig({ DATA_DIR: '/tmp/parley-unused', PARLEY_TEST_HOOKS: 'maybe' })).toThrow(/PARLEY_TEST_HOOKS/);
  });

  it('answer 404 when they are off, as an unknown API path does', async () => {
    for (const method of ['GET', 'HEAD', 'POST'] as const) {
      const reply = await production.app.inject({ method, url: MEMORY });
      expect(reply.statusCode).toBe(404);
      if (method !== 'HEAD') expect(reply.json()).toEqual({ error: { code: 'not_found', message: 'Not Found' } });
    }
  });

  it('report the memory when they are on, and stay out of the OpenAPI document', async () => {
    const reply = await hooked.app.inject({ method: 'GET', url: MEMORY });
    expect(reply.statusCode).toBe(200);
    const reading = reply.json<Record<string, unknown>>();
    expect(Object.keys(reading).sort()).toEqual(['arrayBuffers', 'caches', 'collected', 'external', 'heapTotal', 'heapUsed', 'rss']);
    expect(reading.heapUsed).toBeGreaterThan(0);
    expect(reading.rss).toBeGreaterThan(Number(reading.heapUsed));
    expect(reading.caches).toEqual({ pages: { entries: 0, bytes: 0 }, speech: { entries: 0, bytes: 0 } });
    // A share page viewed is one rendered page held, in its plain and gzipped bytes.
    const owner = await createUser(hooked);
    const share = await shareChat(owner, (await createChat(owner, { messages: 2 })).id, { access: 'members' });
    expect((await owner.client.get(`/s/${share.id}`)).status).toBe(200);
    const pages = (await hooked.app.inject({ method: 'GET', url: MEMORY })).json<{ caches: { pages: { entries: number; bytes: number } } }>().caches.pages;
    expect(pages.entries).toBe(1);
    expect(pages.bytes).toBeGreaterThan(1000);
    const doc = (await hooked.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths).filter((route) => route.includes('test-hooks'))).toEqual([]);
  });
});
