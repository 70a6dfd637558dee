import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../test/client.js';
import { anonymous, createUser } from '../test/factories.js';
import { GENEROUS_RATE_LIMITS, startTestApp, type TestApp } from '../test/harness.js';

let t: TestApp;
let member: ApiClient;
let admin: ApiClient;

beforeAll(async () => {
  // Generous limits: this file is about validation; auth.test.ts covers the rate limits.
  t = await startTestApp({ rateLimits: GENEROUS_RATE_LIMITS });
  admin = (await createUser(t, { role: 'admin' })).client;
  member = (await createUser(t)).client;
});
afterAll(async () => {
  await t.close();
});

type Who = 'anonymous' | 'member' | 'admin';
interface BadInput {
  name: string;
  who: Who;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  status: number;
  code: string;
  field?: string;
}

const long = (n: number) => 'x'.repeat(n);

/** Every endpoint's bad inputs: each must get a 4xx with the API's error body, never a 5xx. */
const badInputs: BadInput[] = [
  // sign-up
  { name: 'signup: no body', who: 'anonymous', method: 'POST', url: '/api/v1/auth/signup', status: 400, code: 'invalid_request' },
  { name: 'signup: not JSON', who: 'anonymous', method: 'POST', url: '/api/v1/auth/signup', raw: '{"email":', status: 400, code: 'invalid_request' },
  { name: 'signup: JSON array', who: 'anonymous', method: 'POST', url: '/api/v1/auth/signup', body: [1, 2], status: 400, code: 'invalid_request' },
  { name: 'signup: JSON null', who: 'anonymous', method: 'POST', url: '/api/v1/auth/signup', raw: 'null', status: 400, code: 'invalid_request' },
  { name: 'signup: bad email', who: 'anonymous', method: 'POST', url: '/api/v1/auth/signup', body: { email: 'nope', password: 'long enough', name: 'A' }, status: 400, code: 'invalid_request', field: 'email' },
  { name: 'signup: short password', who: 'anonymous', method: 'POST', url: '/api/v1/auth/signup', body: { email: 'a@b.co', password: 'short', name: 'A' }, status: 400, code: 'invalid_request', field: 'password' },
  { name: 'signup: password too long', who: 'anonymous', method: 'POST', url: '/api/v1/auth/signup', body: { email: 'a@b.co', password: long(257), name: 'A' }, status: 400, code: 'invalid_request', field: 'password' },
  { name: 'signup: empty name', who: 'anonymous', method: 'POST', url: '/api/v1/auth/signup', body: { email: 'a@b.co', password: 'long enough', name: '   ' }, status: 400, code: 'invalid_request', field: 'name' },
  { name: 'signup: wrong types', who: 'anonymous', method: 'POST', url: '/api/v1/auth/signup', body: { email: 42, password: true, name: {} }, status: 400, code: 'invalid_request', field: 'email' },
  { name: 'signup: unknown field', who: 'anonymous', method: 'POST', url: '/api/v1/auth/signup', body: { email: 'a@b.co', password: 'long enough', name: 'A', role: 'admin' }, status: 400, code: 'invalid_request', field: 'role' },
  { name: 'signup: form-encoded', who: 'anonymous', method: 'POST', url: '/api/v1/auth/signup', raw: 'email=a', headers: { 'content-type': 'application/x-www-form-urlencoded' }, status: 415, code: 'unsupported_media_type' },
  // sign-in
  { name: 'signin: missing password', who: 'anonymous', method: 'POST', url: '/api/v1/auth/signin', body: { email: 'a@b.co' }, status: 400, code: 'invalid_request', field: 'password' },
  { name: 'signin: email is a number', who: 'anonymous', method: 'POST', url: '/api/v1/auth/signin', body: { email: 1, password: 'x' }, status: 400, code: 'invalid_request', field: 'email' },
  { name: 'signin: unknown field', who: 'anonymous', method: 'POST', url: '/api/v1/auth/signin', body: { email: 'a@b.co', password: 'x', remember: true }, status: 400, code: 'invalid_request', field: 'remember' },
  // me
  { name: 'me: signed out', who: 'anonymous', method: 'GET', url: '/api/v1/auth/me', status: 401, code: 'unauthenticated' },
  // api keys
  { name: 'api-keys: signed out', who: 'anonymous', method: 'POST', url: '/api/v1/auth/api-keys', body: { name: 'k' }, status: 401, code: 'unauthenticated' },
  { name: 'api-keys: no name', who: 'member', method: 'POST', url: '/api/v1/auth/api-keys', body: {}, status: 400, code: 'invalid_request', field: 'name' },
  { name: 'api-keys: name too long', who: 'member', method: 'POST', url: '/api/v1/auth/api-keys', body: { name: long(101) }, status: 400, code: 'invalid_request', field: 'name' },
  { name: 'api-keys: delete unknown', who: 'member', method: 'DELETE', url: '/api/v1/auth/api-keys/nope', status: 404, code: 'not_found' },
  { name: 'api-keys: delete bad id', who: 'member', method: 'DELETE', url: `/api/v1/auth/api-keys/${encodeURIComponent('../../etc')}`, status: 400, code: 'invalid_request', field: 'id' },
  { name: 'api-keys: list signed out', who: 'anonymous', method: 'GET', url: '/api/v1/auth/api-keys', status: 401, code: 'unauthenticated' },
  // admin settings
  { name: 'settings: member reads', who: 'member', method: 'GET', url: '/api/v1/admin/settings', status: 403, code: 'forbidden' },
  { name: 'settings: member writes', who: 'member', method: 'PATCH', url: '/api/v1/admin/settings', body: { signup: { enabled: false } }, status: 403, code: 'forbidden' },
  { name: 'settings: signed out', who: 'anonymous', method: 'GET', url: '/api/v1/admin/settings', status: 401, code: 'unauthenticated' },
  { name: 'settings: unknown key', who: 'admin', method: 'PATCH', url: '/api/v1/admin/settings', body: { colour: 'red' }, status: 400, code: 'invalid_request', field: 'colour' },
  { name: 'settings: unknown nested key', who: 'admin', method: 'PATCH', url: '/api/v1/admin/settings', body: { sharing: { everyone: true } }, status: 400, code: 'invalid_request', field: 'sharing.everyone' },
  { name: 'settings: wrong type', who: 'admin', method: 'PATCH', url: '/api/v1/admin/settings', body: { sharing: { publicLinks: 'yes' } }, status: 400, code: 'invalid_request', field: 'sharing.publicLinks' },
  { name: 'settings: bad enum', who: 'admin', method: 'PATCH', url: '/api/v1/admin/settings', body: { signup: { defaultRole: 'admin' } }, status: 400, code: 'invalid_request', field: 'signup.defaultRole' },
  { name: 'settings: javascript: URL', who: 'admin', method: 'PATCH', url: '/api/v1/admin/settings', body: { communityUrl: 'javascript:alert(1)' }, status: 400, code: 'invalid_request', field: 'communityUrl' },
  { name: 'settings: bad tts engine', who: 'admin', method: 'PATCH', url: '/api/v1/admin/settings', body: { tts: { engine: 'robot' } }, status: 400, code: 'invalid_request', field: 'tts.engine' },
  // unknown routes
  { name: 'unknown API path', who: 'member', method: 'GET', url: '/api/v1/nothing-here', status: 404, code: 'not_found' },
  { name: 'unknown API write', who: 'member', method: 'POST', url: '/api/v1/nothing-here', body: {}, status: 404, code: 'not_found' },
];

function clientFor(who: Who): ApiClient {
  switch (who) {
    case 'anonymous':
      return anonymous(t);
    case 'member':
      return member;
    case 'admin':
      return admin;
  }
}

describe('bad input gets a 4xx with the API error body', () => {
  it.each(badInputs)('$name → $status $code', async (input) => {
    const reply = await clientFor(input.who).request<{ error: { code: string; message: string; fields?: { field: string }[] } }>(
      input.method,
      input.url,
      {
        body: input.body,
        rawBody: input.raw,
        headers: input.raw === undefined ? input.headers : { 'content-type': 'application/json', ...input.headers },
      },
    );
    expect(reply.status).toBe(input.status);
    expect(reply.headers['content-type']).toContain('application/json');
    expect(reply.body.error.code).toBe(input.code);
    expect(reply.body.error.message.length).toBeGreaterThan(0);
    if (input.field !== undefined) {
      expect(reply.body.error.fields?.map((f) => f.field)).toContain(input.field);
    }
  });

  it('answers 413 too_large to a body over the limit, and the server stays up', async () => {
    const small = await startTestApp({ bodyLimitBytes: 1024 });
    try {
      const reply = await anonymous(small).post('/api/v1/auth/signin', { email: 'a@b.co', password: long(2000) });
      expect(reply.status).toBe(413);
      expect(reply.body).toMatchObject({ error: { code: 'too_large' } });
      expect((await anonymous(small).get('/api/v1/config')).status).toBe(200);
    } finally {
      await small.close();
    }
  });
});

describe('text with the NUL character (U+0000)', () => {
  // PostgreSQL cannot store NUL in text: each of these was a 500 there (found by fuzz.test.ts).
  // Both dialects refuse it, so that an input that works on one works on the other.
  const withNul: { name: string; method: 'GET' | 'POST'; url: string; body?: unknown; field: string }[] = [
    { name: 'a chat title', method: 'POST', url: '/api/v1/chats', body: { title: 'a\u0000b' }, field: 'title' },
    {
      name: 'a message of a new chat',
      method: 'POST',
      url: '/api/v1/chats',
      body: { messages: [{ role: 'user', content: 'fine' }, { role: 'assistant', content: 'not\u0000fine' }] },
      field: 'messages.1.content',
    },
    { name: 'a search', method: 'GET', url: '/api/v1/chats?q=a%00b', field: 'q' },
    { name: 'an API key name', method: 'POST', url: '/api/v1/auth/api-keys', body: { name: '\u0000' }, field: 'name' },
    {
      name: 'an imported message',
      method: 'POST',
      url: '/api/v1/chats/import',
      body: [{ title: 'Imported', mapping: { a: { message: { author: { role: 'user' }, content: { content_type: 'text', parts: ['x\u0000'] } }, parent: null, children: [] } } }],
      field: '0.mapping.a.message.content.parts.0',
    },
  ];

  it.each(withNul)('is a 400 naming the field in $name, and nothing is stored', async ({ method, url, body, field }) => {
    const before = await member.get<{ items: unknown[] }>('/api/v1/chats');
    const reply = await member.request<{ error: { code: string; fields?: { field: string }[] } }>(method, url, { body });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe('invalid_request');
    expect(reply.body.error.fields?.map((f) => f.field)).toEqual([field]);
    const after = await member.get<{ items: unknown[] }>('/api/v1/chats');
    expect(after.body.items).toHaveLength(before.body.items.length);
  });
});

describe('headers and documents', () => {
  it('sends the security headers on API replies, pages and errors', async () => {
    for (const url of ['/api/v1/config', '/', '/api/v1/nope', '/robots.txt']) {
      const reply = await anonymous(t).get(url);
      const csp = reply.headers['content-security-policy'] ?? '';
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).toContain("object-src 'none'");
      expect(csp, url).toContain("base-uri 'none'");
      expect(csp, url).toContain("frame-ancestors 'none'");
      expect(reply.headers['x-content-type-options'], url).toBe('nosniff');
      expect(reply.headers['x-frame-options'], url).toBe('DENY');
    }
  });

  it('serves robots.txt that keeps crawlers off shared links', async () => {
    const reply = await anonymous(t).get('/robots.txt');
    expect(reply.status).toBe(200);
    expect(reply.text).toContain('Disallow: /s/');
  });

  it('publishes the OpenAPI document generated from the route schemas, and a docs page', async () => {
    const doc = await anonymous(t).get<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(
      '/api/v1/openapi.json',
    );
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/auth/signup', '/api/v1/auth/signin', '/api/v1/auth/me', '/api/v1/config']),
    );
    expect(JSON.stringify(doc.body.paths['/api/v1/auth/signup'])).toContain('password');

    const page = await anonymous(t).get('/api/docs/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('swagger');
  });

  it('answers the public instance config to anyone', async () => {
    const reply = await anonymous(t).get('/api/v1/config');
    expect(reply.body).toEqual({
      name: 'Parley',
      features: {
        signup: true,
        sharing: true,
        publicLinks: false,
        communitySharing: false,
        communityUrl: null,
        communityHub: false,
        tts: 'none',
        firstRun: false,
      },
    });
  });

  it('says while no account exists that the first one will be the admin', async () => {
    const fresh = await startTestApp();
    try {
      const features = async () => (await anonymous(fresh).get<{ features: { firstRun: boolean } }>('/api/v1/config')).body.features;
      expect((await features()).firstRun).toBe(true);
      const first = await anonymous(fresh).post('/api/v1/auth/signup', { email: 'first@example.com', password: 'a long password', name: 'First' });
      expect(first.status).toBe(201);
      expect((await features()).firstRun).toBe(false);
    } finally {
      await fresh.close();
    }
  });

  it('serves the web app for page paths, with its hashed assets, and a JSON 404 under /api', async () => {
    const home = await anonymous(t).get('/');
    expect(home.status).toBe(200);
    expect(home.headers['content-type']).toContain('text/html');
    const page = await anonymous(t).get('/some/page?x=1');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    const script = /<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/.exec(page.text)?.[1];
    expect(script).toBeDefined();
    const asset = await anonymous(t).get(script ?? '');
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await anonymous(t).get('/assets/missing.js')).status).toBe(404);
  });
});

describe('admin settings', () => {
  it('merges a partial update into the settings and reflects it in the public config', async () => {
    const before = await admin.get<{ sharing: { enabled: boolean; defaultAccess: string } }>('/api/v1/admin/settings');
    expect(before.body.sharing).toEqual({ enabled: true, publicLinks: false, defaultAccess: 'members' });
    const after = await admin.patch<{ sharing: unknown; signup: unknown }>('/api/v1/admin/settings', {
      sharing: { publicLinks: true },
    });
    expect(after.status).toBe(200);
    expect(after.body.sharing).toEqual({ enabled: true, publicLinks: true, defaultAccess: 'members' });
    expect(after.body.signup).toEqual({ enabled: true, defaultRole: 'user' });
    const config = await anonymous(t).get<{ features: { publicLinks: boolean } }>('/api/v1/config');
    expect(config.body.features.publicLinks).toBe(true);
    await admin.patch('/api/v1/admin/settings', { sharing: { publicLinks: false } });
  });

  it('keeps every field of concurrent partial updates (no lost write)', async () => {
    await Promise.all([
      admin.patch('/api/v1/admin/settings', { tts: { engine: 'browser' } }),
      admin.patch('/api/v1/admin/settings', { enableCommunitySharing: true }),
      admin.patch('/api/v1/admin/settings', { communityUrl: 'https://hub.example' }),
      admin.patch('/api/v1/admin/settings', { communityHub: { enabled: true } }),
    ]);
    const settings = await admin.get<Record<string, unknown>>('/api/v1/admin/settings');
    expect(settings.body).toMatchObject({
      tts: { engine: 'browser' },
      enableCommunitySharing: true,
      communityUrl: 'https://hub.example',
      communityHub: { enabled: true },
    });
    const config = await anonymous(t).get<{ features: { communityHub: boolean } }>('/api/v1/config');
    expect(config.body.features.communityHub).toBe(true);
  });
});
