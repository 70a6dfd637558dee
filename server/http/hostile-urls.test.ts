import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse } from '../test/client.js';
import { anonymous, createUser, type TestUser } from '../test/factories.js';
import { GENEROUS_RATE_LIMITS, startTestApp, type TestApp } from '../test/harness.js';

// Issue 11, item 5: URLs the router refuses, and an empty admin PATCH, still leave through the
// one error handler, with the API's error body and the headers every response carries (S20).
let t: TestApp;
let admin: TestUser;

beforeAll(async () => {
  // A built web app, so that the SPA's catch-all is there to swallow what it should not.
  const webDir = await mkdtemp(path.join(tmpdir(), 'parley-web-'));
  await writeFile(path.join(webDir, 'index.html'), '<!doctype html><title>Parley app shell</title>');
  t = await startTestApp({ rateLimits: GENEROUS_RATE_LIMITS, webDir });
  admin = await createUser(t, { role: 'admin' });
});
afterAll(async () => {
  await t.close();
});

function expectSecurityHeaders(response: ApiResponse): void {
  expect(response.headers['content-security-policy']).toContain("default-src 'self'");
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['x-frame-options']).toBe('DENY');
}

const id22 = 'a'.repeat(22);

describe('share page URLs that are not share ids are its Not Found page (S5, S8)', () => {
  for (const url of ['/s/%', '/s/%zz', `/s/${'a'.repeat(101)}`, `/s/${'a'.repeat(5000)}`, `/s//${id22}`, `/s/${id22}/x`, '/s/..%2Fapi']) {
    it(url.slice(0, 40), async () => {
      const response = await anonymous(t).get(url);
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.headers['x-robots-tag']).toBe('noindex, nofollow');
      expect(response.text).toContain('<meta name="robots" content="noindex, nofollow">');
      expect(response.text).not.toContain('Parley app shell');
      expectSecurityHeaders(response);
    });
  }
});

describe('API URLs the router refuses answer the API error body', () => {
  for (const url of ['/api/v1/shares/%zz', '/api/v1/%', `/api/v1/shares/${'a'.repeat(5000)}`, `/api/v1/shares/${'a'.repeat(101)}`]) {
    it(url.slice(0, 40), async () => {
      for (const client of [anonymous(t), admin.client]) {
        const response = await client.get(url);
        expect([400, 404]).toContain(response.status);
        expect(response.body).toMatchObject({ error: { code: expect.stringMatching(/^(invalid_request|not_found)$/) as unknown } });
        expectSecurityHeaders(response);
      }
    });
  }
});

describe('PATCH /api/v1/admin/users/:id', () => {
  it('with {} changes nothing and answers the user as they are', async () => {
    const other = await createUser(t, { name: 'Unchanged Name' });
    const response = await admin.client.request('PATCH', `/api/v1/admin/users/${other.user.id}`, { body: {} });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ user: { id: other.user.id, name: 'Unchanged Name', role: 'user' } });
  });
});
