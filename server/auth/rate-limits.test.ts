import { afterEach, describe, expect, it } from 'vitest';
import { anonymous, createChat, createUser, DEFAULT_PASSWORD, shareChat } from '../test/factories.js';
import { GENEROUS_RATE_LIMITS, startTestApp, type TestApp } from '../test/harness.js';

// Rule S23, and TRUST_PROXY with a hop count (docs/architecture.md, "Running several instances").
const few = (max: number) => ({ max, timeWindowMs: 60_000 });

let t: TestApp;
afterEach(async () => {
  await t.close();
});

/** Behind one proxy (TRUST_PROXY=1): the proxy appends the client's address to whatever the client sent. */
const viaProxy = (client: string, spoofed = '203.0.113.250') => ({ 'x-forwarded-for': `${spoofed}, ${client}` });

const signIn = (email: string, password: string, headers: Record<string, string>) =>
  anonymous(t).post('/api/v1/auth/signin', { email, password }, headers);

describe('failed sign-ins (rule S23)', () => {
  it('count failures only: successful sign-ins never use up the allowance', async () => {
    t = await startTestApp({ trustProxy: 1, rateLimits: { ...GENEROUS_RATE_LIMITS, signIn: few(3) } });
    await createUser(t, { email: 'ada@example.com' });
    for (let i = 0; i < 8; i += 1) expect((await signIn('ada@example.com', DEFAULT_PASSWORD, viaProxy('198.51.100.1'))).status).toBe(200);
    for (let i = 0; i < 3; i += 1) expect((await signIn('ada@example.com', 'wrong', viaProxy('198.51.100.1'))).status).toBe(401);
    const limited = await signIn('ada@example.com', DEFAULT_PASSWORD, viaProxy('198.51.100.1'));
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: { code: 'rate_limited' } });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('count per account, whatever address they come from; other accounts there still sign in', async () => {
    t = await startTestApp({ trustProxy: 1, rateLimits: { ...GENEROUS_RATE_LIMITS, signIn: few(3) } });
    await createUser(t, { email: 'ada@example.com' });
    await createUser(t, { email: 'bob@example.com' });
    for (let i = 1; i <= 3; i += 1) expect((await signIn('ada@example.com', 'wrong', viaProxy(`198.51.100.${i}`))).status).toBe(401);
    expect((await signIn('ada@example.com', DEFAULT_PASSWORD, viaProxy('198.51.100.9'))).status).toBe(429);
    expect((await signIn('bob@example.com', DEFAULT_PASSWORD, viaProxy('198.51.100.9'))).status).toBe(200);
  });

  it('count per address, and a client rotating X-Forwarded-For behind a trusted proxy does not escape', async () => {
    t = await startTestApp({ trustProxy: 1, rateLimits: { ...GENEROUS_RATE_LIMITS, signIn: few(3) } });
    await createUser(t, { email: 'ada@example.com' });
    for (let i = 1; i <= 3; i += 1) {
      expect((await signIn(`nobody${i}@example.com`, 'wrong', viaProxy('198.51.100.1', `10.0.0.${i}`))).status).toBe(401);
    }
    expect((await signIn('nobody4@example.com', 'wrong', viaProxy('198.51.100.1', '10.0.0.4'))).status).toBe(429);
    // Another address behind the same proxy has its own allowance.
    expect((await signIn('ada@example.com', DEFAULT_PASSWORD, viaProxy('198.51.100.2'))).status).toBe(200);
  });
});

describe('limits per user (rule S23)', () => {
  it('count shares per user: one user over the limit does not stop another at the same address', async () => {
    t = await startTestApp({ rateLimits: { ...GENEROUS_RATE_LIMITS, share: few(2) } });
    const ada = await createUser(t);
    const bob = await createUser(t);
    const chats = await Promise.all([1, 2, 3].map(() => createChat(ada, { messages: 2 })));
    await shareChat(ada, chats[0]?.id ?? '');
    await shareChat(ada, chats[1]?.id ?? '');
    expect((await ada.client.put(`/api/v1/chats/${chats[2]?.id ?? ''}/share`, {})).status).toBe(429);
    const bobs = await createChat(bob, { messages: 2 });
    expect((await bob.client.put(`/api/v1/chats/${bobs.id}/share`, {})).status).toBe(201);
  });

  it('count forks and imports per user', async () => {
    t = await startTestApp({ rateLimits: { ...GENEROUS_RATE_LIMITS, fork: few(1), import: few(1) } });
    const ada = await createUser(t);
    const bob = await createUser(t);
    const carol = await createUser(t);
    const share = await shareChat(ada, (await createChat(ada, { messages: 2 })).id);
    expect((await bob.client.post(`/api/v1/shares/${share.id}/fork`)).status).toBe(201);
    expect((await bob.client.post(`/api/v1/shares/${share.id}/fork`)).status).toBe(429);
    expect((await carol.client.post(`/api/v1/shares/${share.id}/fork`)).status).toBe(201);
    expect((await bob.client.post('/api/v1/chats/import', [])).status).not.toBe(429);
    expect((await bob.client.post('/api/v1/chats/import', [])).status).toBe(429);
    expect((await carol.client.post('/api/v1/chats/import', [])).status).not.toBe(429);
  });
});
