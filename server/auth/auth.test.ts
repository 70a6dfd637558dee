import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testEnvironment } from '../test/environment.js';
import type { User } from '../../common/api/auth.js';
import { ApiClient } from '../test/client.js';
import { anonymous, createUser, DEFAULT_PASSWORD } from '../test/factories.js';
import { startTestApp, TEST_PUBLIC_URL, type TestApp } from '../test/harness.js';

const { redisUrl } = testEnvironment();

type UserReply = { user: User };

let t: TestApp;
beforeEach(async () => {
  t = await startTestApp();
});
afterEach(async () => {
  await t.close();
});

const signUp = (client: ApiClient, email: string, name = 'Ada', password = 'a long password') =>
  client.post<UserReply>('/api/v1/auth/signup', { email, password, name });

describe('sign-up', () => {
  it('makes the first account admin and later ones users, and signs each in', async () => {
    const first = await signUp(anonymous(t), 'ada@example.com', 'Ada');
    expect(first.status).toBe(201);
    expect(first.body.user).toMatchObject({ email: 'ada@example.com', name: 'Ada', role: 'admin' });
    expect(Object.keys(first.body.user).sort()).toEqual(['createdAt', 'email', 'id', 'name', 'role']);

    const second = await signUp(anonymous(t), 'bob@example.com', 'Bob');
    expect(second.status).toBe(201);
    expect(second.body.user.role).toBe('user');

    const me = await anonymous(t).withSessionFrom(second).get<UserReply>('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe('bob@example.com');
  });

  it('makes exactly one admin when the first sign-ups arrive together', async () => {
    const replies = await Promise.all(
      Array.from({ length: 5 }, (_, i) => signUp(anonymous(t), `racer${i}@example.com`, `Racer ${i}`)),
    );
    expect(replies.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(replies.filter((r) => r.body.user.role === 'admin')).toHaveLength(1);
  });

  it('sets an HttpOnly, SameSite=Lax session cookie and stores only its hash', async () => {
    const reply = await signUp(anonymous(t), 'ada@example.com');
    const cookie = reply.cookies.find((c) => c.name === 'parley_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const token = cookie?.value ?? '';
    expect(token.length).toBeGreaterThanOrEqual(43);
    const sessions = await t.db.selectFrom('sessions').selectAll().execute();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.token_hash).not.toContain(token);
    expect(JSON.stringify(sessions)).not.toContain(token);
  });

  it('hashes passwords with argon2id', async () => {
    await signUp(anonymous(t), 'ada@example.com', 'Ada', 'a long password');
    const row = await t.db.selectFrom('users').select('password_hash').executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain('a long password');
  });

  it('normalises the email, and refuses a second account with it without saying the email is taken', async () => {
    expect((await signUp(anonymous(t), '  Ada@Example.COM ')).body.user.email).toBe('ada@example.com');
    const again = await signUp(anonymous(t), 'ADA@example.com');
    expect(again.status).toBe(400);
    expect(again.body).toEqual({
      error: { code: 'invalid_request', message: 'Could not create an account with these details. If you already have one, sign in.' },
    });
    expect(again.text).not.toMatch(/exists|taken|ada@example\.com/i);
  });

  it('answers a taken and a new email alike while sign-up is turned off', async () => {
    const admin = await createUser(t, { role: 'admin', email: 'admin@example.com' });
    expect((await admin.client.patch('/api/v1/admin/settings', { signup: { enabled: false } })).status).toBe(200);
    const taken = await signUp(anonymous(t), 'admin@example.com');
    const fresh = await signUp(anonymous(t), 'fresh@example.com');
    expect(taken.status).toBe(403);
    expect(`${taken.status} ${taken.text}`).toBe(`${fresh.status} ${fresh.text}`);
  });

  it('gives new accounts the role the admin chose, and pending accounts can only see themselves', async () => {
    const admin = await createUser(t, { role: 'admin' });
    expect((await admin.client.patch('/api/v1/admin/settings', { signup: { defaultRole: 'pending' } })).status).toBe(200);
    const reply = await signUp(anonymous(t), 'new@example.com');
    expect(reply.body.user.role).toBe('pending');
    const pending = anonymous(t).withSessionFrom(reply);
    expect((await pending.get('/api/v1/auth/me')).status).toBe(200);
    const key = await pending.post('/api/v1/auth/api-keys', { name: 'x' });
    expect(key.status).toBe(403);
  });

  it('refuses sign-up when the admin turned it off, but never the first account', async () => {
    expect((await signUp(anonymous(t), 'first@example.com')).status).toBe(201);
    const admin = await createUser(t, { role: 'admin' });
    await admin.client.patch('/api/v1/admin/settings', { signup: { enabled: false } });
    const refused = await signUp(anonymous(t), 'late@example.com');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: 'forbidden' } });
    expect(await t.db.selectFrom('users').select('id').where('email', '=', 'late@example.com').execute()).toEqual([]);
  });
});

describe('sign-in and sign-out', () => {
  it('signs in with the right password and answers 401 alike for a wrong password or email', async () => {
    const { user } = await createUser(t, { email: 'ada@example.com' });
    const ok = await anonymous(t).post<UserReply>('/api/v1/auth/signin', {
      email: 'ADA@example.com',
      password: DEFAULT_PASSWORD,
    });
    expect(ok.status).toBe(200);
    expect(ok.body.user.id).toBe(user.id);

    const wrongPassword = await anonymous(t).post('/api/v1/auth/signin', { email: 'ada@example.com', password: 'nope' });
    const wrongEmail = await anonymous(t).post('/api/v1/auth/signin', { email: 'who@example.com', password: 'nope' });
    expect(wrongPassword.status).toBe(401);
    expect(wrongEmail.status).toBe(401);
    expect(wrongPassword.body).toEqual(wrongEmail.body);
    expect(wrongPassword.cookies).toEqual([]);
  });

  it('ends the session on sign-out: the old cookie no longer works', async () => {
    const { client } = await createUser(t);
    expect((await client.get('/api/v1/auth/me')).status).toBe(200);
    const out = await client.post('/api/v1/auth/signout');
    expect(out.status).toBe(204);
    expect(out.cookies.find((c) => c.name === 'parley_session')?.value).toBe('');
    expect((await client.get('/api/v1/auth/me')).status).toBe(401);
  });

  it('answers 401 to /me when signed out or with a made-up cookie', async () => {
    expect((await anonymous(t).get('/api/v1/auth/me')).body).toMatchObject({ error: { code: 'unauthenticated' } });
    const forged = new ApiClient(t.app, { sessionToken: 'x'.repeat(43) });
    expect((await forged.get('/api/v1/auth/me')).status).toBe(401);
  });
});

describe('expired sessions', () => {
  it('are purged when a session starts, while live ones stay', async () => {
    const ada = await createUser(t);
    const expiredAt = new Date(Date.now() - 1000).toISOString();
    await t.db
      .insertInto('sessions')
      .values({ token_hash: 'expired-session', user_id: ada.user.id, created_at: expiredAt, expires_at: expiredAt })
      .execute();
    expect((await signUp(anonymous(t), 'bob@example.com')).status).toBe(201);
    const left = await t.db.selectFrom('sessions').select('token_hash').where('user_id', '=', ada.user.id).execute();
    expect(left.map((s) => s.token_hash)).not.toContain('expired-session');
    expect(left).toHaveLength(1);
    expect((await ada.client.get('/api/v1/auth/me')).status).toBe(200);
  });
});

describe('API keys', () => {
  it('creates a key shown once, usable as a Bearer token, listed without the key, and revocable', async () => {
    const { client, user } = await createUser(t);
    const created = await client.post<{ id: string; name: string; key: string }>('/api/v1/auth/api-keys', {
      name: 'script',
    });
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^pk_[A-Za-z0-9_-]{43}$/);

    const script = new ApiClient(t.app, { apiKey: created.body.key });
    const me = await script.get<UserReply>('/api/v1/auth/me', { origin: '' });
    expect(me.body.user.id).toBe(user.id);

    const list = await client.get<{ items: { id: string; name: string }[] }>('/api/v1/auth/api-keys');
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ id: created.body.id, name: 'script' });
    expect(list.text).not.toContain(created.body.key);
    expect(JSON.stringify(await t.db.selectFrom('api_keys').selectAll().execute())).not.toContain(created.body.key);

    expect((await client.delete(`/api/v1/auth/api-keys/${created.body.id}`)).status).toBe(204);
    expect((await script.get('/api/v1/auth/me')).status).toBe(401);
  });

  it("answers 401 for a wrong or malformed key, and 404 for another user's key", async () => {
    expect((await new ApiClient(t.app, { apiKey: 'pk_nope' }).get('/api/v1/auth/me')).status).toBe(401);
    const malformed = await anonymous(t).get('/api/v1/auth/me', { authorization: 'Basic abc' });
    expect(malformed.status).toBe(401);
    const ada = await createUser(t);
    const bob = await createUser(t);
    const key = await ada.client.post<{ id: string }>('/api/v1/auth/api-keys', { name: 'mine' });
    expect((await bob.client.delete(`/api/v1/auth/api-keys/${key.body.id}`)).status).toBe(404);
  });
});

describe('weak passwords (issue 11, item 12)', () => {
  it('refuses the commonest, too short and one-character passwords at sign-up with a clear 400', async () => {
    for (const password of ['password', '12345678', '          ', 'aaaaaaaaaaaa', 'Password123']) {
      const reply = await anonymous(t).post<{ error: { message: string; fields?: { field: string; message: string }[] } }>('/api/v1/auth/signup', {
        email: `weak${Math.random().toString(36).slice(2)}@example.com`,
        password,
        name: 'Weak',
      });
      expect(reply.status, password).toBe(400);
      expect(reply.body.error.fields?.[0]).toMatchObject({ field: 'password', message: expect.stringMatching(/at least 10|common|repeated/) as unknown });
    }
  });
});

describe('long common passwords (issue 11)', () => {
  it('refuses a common password of 10 characters or more from the vendored list, whatever its case', async () => {
    // An app of its own: the sign-up rate limit of the one above is spent.
    const fresh = await startTestApp();
    try {
      for (const password of ['Basketball', 'christopher', 'PlayStation']) {
        const reply = await anonymous(fresh).post<{ error: { fields?: { field: string; message: string }[] } }>('/api/v1/auth/signup', {
          email: `common${Math.random().toString(36).slice(2)}@example.com`,
          password,
          name: 'Common',
        });
        expect(reply.status, password).toBe(400);
        expect(reply.body.error.fields?.[0]).toMatchObject({ field: 'password', message: expect.stringMatching(/common/) as unknown });
      }
    } finally {
      await fresh.close();
    }
  });
});

describe('cross-origin writes', () => {
  it('refuses a cookie-authenticated write from another origin with 403, and nothing is written', async () => {
    const { client } = await createUser(t);
    const evil = await client.post('/api/v1/auth/api-keys', { name: 'evil' }, { origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect(evil.body).toMatchObject({ error: { code: 'forbidden' } });
    const nullOrigin = await client.post('/api/v1/auth/api-keys', { name: 'evil' }, {
      origin: 'null',
      'sec-fetch-site': 'cross-site',
    });
    expect(nullOrigin.status).toBe(403);
    const crossSite = await client.post('/api/v1/auth/api-keys', { name: 'evil' }, {
      origin: '',
      'sec-fetch-site': 'cross-site',
    });
    expect(crossSite.status).toBe(403);
    expect(await t.db.selectFrom('api_keys').selectAll().execute()).toEqual([]);
  });

  it('counts Origin: null or no Origin on a cookie write as cross-site unless Sec-Fetch-Site says same-origin (issue 11, item 3)', async () => {
    const admin = await createUser(t, { role: 'admin' });
    const victim = await createUser(t);
    // A plain-HTTP host other than localhost: browsers send no Sec-Fetch-Site there.
    for (const headers of [{ origin: 'null' }, { origin: undefined }, { origin: 'null', 'sec-fetch-site': 'none' }]) {
      const sent = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined)) as Record<string, string>;
      const request = async (method: 'PATCH' | 'DELETE', url: string, body?: unknown) => {
        // The client adds our own Origin unless told otherwise; drop it for the "absent" case.
        const response = await t.app.inject({
          method,
          url,
          headers: { cookie: `parley_session=${admin.client.auth.sessionToken ?? ''}`, ...(body !== undefined && { 'content-type': 'application/json' }), ...sent },
          ...(body !== undefined && { payload: JSON.stringify(body) }),
        });
        return response.statusCode;
      };
      expect(await request('PATCH', '/api/v1/admin/settings', { signup: { enabled: false } }), JSON.stringify(sent)).toBe(403);
      expect(await request('PATCH', `/api/v1/admin/users/${victim.user.id}`, { role: 'admin' })).toBe(403);
      expect(await request('DELETE', `/api/v1/admin/users/${victim.user.id}`)).toBe(403);
    }
    expect((await admin.client.get<{ user: { role: string } }>('/api/v1/auth/me')).status).toBe(200);
    const still = await admin.client.get<{ items: { id: string; role: string }[] }>('/api/v1/admin/users?limit=200');
    expect(still.body.items.find((u) => u.id === victim.user.id)?.role).toBe('user');
    const settings = await admin.client.get<{ signup: { enabled: boolean } }>('/api/v1/admin/settings');
    expect(settings.body.signup.enabled).toBe(true);
    // Proven same-origin, the same write goes through.
    const proven = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/admin/users/${victim.user.id}`,
      headers: { cookie: `parley_session=${admin.client.auth.sessionToken ?? ''}`, 'content-type': 'application/json', origin: 'null', 'sec-fetch-site': 'same-origin' },
      payload: JSON.stringify({ name: 'Renamed' }),
    });
    expect(proven.statusCode).toBe(200);
  });

  it('refuses a sign-in posted from another site (login CSRF)', async () => {
    await createUser(t, { email: 'ada@example.com' });
    const reply = await anonymous(t).post(
      '/api/v1/auth/signin',
      { email: 'ada@example.com', password: DEFAULT_PASSWORD },
      { origin: 'https://evil.example' },
    );
    expect(reply.status).toBe(403);
  });

  it('asks where a write comes from before who sends it: 403, not 401, from another site without a session', async () => {
    const reply = await anonymous(t).post('/api/v1/chats', { title: 'x' }, { origin: 'https://evil.example' });
    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({ error: { code: 'forbidden' } });
    expect((await anonymous(t).post('/api/v1/chats', { title: 'x' })).status).toBe(401);
  });

  it('accepts writes from its own origin, and from API-key scripts wherever they run', async () => {
    const { client } = await createUser(t);
    expect((await client.post('/api/v1/auth/api-keys', { name: 'ok' }, { origin: TEST_PUBLIC_URL })).status).toBe(201);
    const key = await client.post<{ key: string }>('/api/v1/auth/api-keys', { name: 'script', canManageKeys: true });
    const script = new ApiClient(t.app, { apiKey: key.body.key });
    expect((await script.post('/api/v1/auth/api-keys', { name: 'x' }, { origin: 'https://elsewhere.example' })).status).toBe(
      201,
    );
  });
});

describe('rate limits', () => {
  it('answers 429 after too many sign-in attempts', async () => {
    await createUser(t, { email: 'ada@example.com' });
    const attempt = () => anonymous(t).post('/api/v1/auth/signin', { email: 'ada@example.com', password: 'wrong' });
    const statuses: number[] = [];
    for (let i = 0; i < t.config.rateLimits.signIn.max; i += 1) statuses.push((await attempt()).status);
    expect(statuses.every((s) => s === 401)).toBe(true);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: { code: 'rate_limited' } });
    expect(limited.headers['retry-after']).toBeDefined();
  });

  it('answers 429 after too many sign-ups', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= t.config.rateLimits.signUp.max; i += 1) {
      statuses.push((await signUp(anonymous(t), `u${i}@example.com`)).status);
    }
    expect(statuses.slice(0, -1).every((s) => s === 201)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const users = await t.db.selectFrom('users').select('id').execute();
    expect(users).toHaveLength(t.config.rateLimits.signUp.max);
  });

  it.runIf(redisUrl !== null)('counts attempts across instances that share Redis', async () => {
    const shared = { redisUrl, redisKeyPrefix: `parley-test-${randomBytes(6).toString('hex')}:` };
    const one = await startTestApp(shared);
    const two = await startTestApp(shared);
    try {
      const max = one.config.rateLimits.signIn.max;
      const attempt = (app: TestApp) => anonymous(app).post('/api/v1/auth/signin', { email: 'a@example.com', password: 'x' });
      for (let i = 0; i < max; i += 1) expect((await attempt(i % 2 === 0 ? one : two)).status).toBe(401);
      expect((await attempt(one)).status).toBe(429);
      expect((await attempt(two)).status).toBe(429);
    } finally {
      await one.close();
      await two.close();
    }
  });
});
