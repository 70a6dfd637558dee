import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiClient } from '../test/client.js';
import { anonymous, appendMessages, createChat, createUser, shareChat, type TestUser } from '../test/factories.js';
import { startTestApp, type TestApp } from '../test/harness.js';

let t: TestApp;
let admin: TestUser;
let ada: TestUser;
let bob: TestUser;
beforeEach(async () => {
  t = await startTestApp();
  admin = await createUser(t, { role: 'admin' });
  ada = await createUser(t, { name: 'Ada <b>Lovelace</b>' });
  bob = await createUser(t, { name: 'Bob' });
  await admin.client.patch('/api/v1/admin/settings', { sharing: { publicLinks: true } });
});
afterEach(async () => {
  await t.close();
});

const page = (user: TestUser | null, path: string, headers: Record<string, string> = {}) =>
  (user ? user.client : anonymous(t)).request('GET', path, { headers });

function expectShareHeaders(headers: Record<string, string>): void {
  expect(headers['x-robots-tag']).toBe('noindex, nofollow');
  expect(headers['referrer-policy']).toBe('no-referrer');
  const csp = headers['content-security-policy'] ?? '';
  for (const directive of ["script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"]) {
    expect(csp).toContain(directive);
  }
}

describe('GET /s/<id>', () => {
  it('shows a reply that was stopped or failed as such, with what arrived, in the page and the API', async () => {
    const chat = await createChat(ada, { messages: [{ role: 'user', content: 'Tell me a long story' }] });
    const [replyId = ''] = await appendMessages(t, chat.id, chat.currentMessageId, [{ role: 'assistant', content: 'Once upon a' }]);
    await t.db.updateTable('messages').set({ status: 'failed', error: 'Stopped by the user.' }).where('id', '=', replyId).execute();
    const share = await shareChat(ada, chat.id);
    const view = await bob.client.get<{ messages: { content: string; status: string }[] }>(`/api/v1/shares/${share.id}`);
    expect(view.body.messages.map((m) => [m.content, m.status])).toEqual([
      ['Tell me a long story', 'complete'],
      ['Once upon a', 'failed'],
    ]);
    const html = (await page(bob, `/s/${share.id}`)).text;
    expect(html).toContain('This reply stopped before it was finished.');
    // Why it stopped is the owner's business: it never reaches a viewer.
    expect(html).not.toContain('Stopped by the user.');
    expect(JSON.stringify(view.body)).not.toContain('Stopped by the user.');
  });

  it('renders the snapshot for a member: title, sharer, date, messages, no inline script', async () => {
    const chat = await createChat(ada, {
      title: 'Sorting <script>alert(1)</script>',
      messages: [
        { role: 'user', content: 'How do I sort a list in **Python**?' },
        { role: 'assistant', content: 'Use `sorted()`:\n\n```python\nsorted([3, 1, 2])\n```', model: 'gpt-test' },
      ],
    });
    const share = await shareChat(ada, chat.id, { showName: true });
    const reply = await page(bob, `/s/${share.id}`);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toContain('text/html');
    expectShareHeaders(reply.headers);
    expect(reply.text).toContain('<meta name="robots" content="noindex, nofollow">');
    expect(reply.text).toContain('Sorting &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(reply.text).not.toContain('<script>alert(1)');
    expect(reply.text).toContain('Ada &lt;b&gt;Lovelace&lt;/b&gt;');
    expect(reply.text).toContain('<strong>Python</strong>');
    expect(reply.text).toMatch(/class="[^"]*hljs/);
    expect(reply.text).toContain('Continue this conversation');
    for (const script of reply.text.match(/<script[^>]*>[\s\S]*?<\/script>/g) ?? []) {
      expect(script).toMatch(/^<script type="module" src="\/s\/_assets\/[^"]+"><\/script>$/);
    }
    expect(reply.text).not.toMatch(/og:/);
    expect(reply.text).not.toContain(chat.id);
  });

  it('shows "Anonymous" unless the sharer chose to show their name', async () => {
    const share = await shareChat(ada, (await createChat(ada, { messages: 2 })).id);
    const reply = await page(bob, `/s/${share.id}`);
    expect(reply.text).toContain('Anonymous');
    expect(reply.text).not.toContain('Lovelace');
  });

  it('redirects a signed-out visitor of a members link to sign in, sending nothing of the chat', async () => {
    const share = await shareChat(ada, (await createChat(ada, { title: 'Members only secret', messages: 2 })).id);
    const reply = await page(null, `/s/${share.id}`);
    expect(reply.status).toBe(302);
    expect(reply.headers.location).toBe(`/auth?redirect=${encodeURIComponent(`/s/${share.id}`)}`);
    expect(reply.text).not.toContain('Members only secret');
    expect((await page(null, `/s/${share.id}.md`)).status).toBe(302);
  });

  it('serves public links to anyone, with an OpenGraph title and nothing else', async () => {
    const share = await shareChat(ada, (await createChat(ada, { title: 'Open "quoted" <title>', messages: 2 })).id, {
      access: 'public',
    });
    const reply = await page(null, `/s/${share.id}`);
    expect(reply.status).toBe(200);
    expectShareHeaders(reply.headers);
    const og = reply.text.match(/<meta property="og:[^>]*>/g) ?? [];
    expect(og).toEqual(['<meta property="og:title" content="Open &quot;quoted&quot; &lt;title&gt;">']);
    expect(reply.text).toContain('href="/auth?redirect=%2Fcontinue%2F');
  });

  it('isolates bidi controls of a title and a name in the page, its <title>, og:title and the .md', async () => {
    const eve = await createUser(t, { name: 'Eve \u202Eevil' });
    const chat = await createChat(eve, { title: '\u202Egnp.exe', messages: 2 });
    const share = await shareChat(eve, chat.id, { access: 'public', showName: true });
    const html = (await page(null, `/s/${share.id}`)).text;
    expect(html).toContain('<h1><bdi>\u202Egnp.exe</bdi></h1>');
    expect(html).toContain('Shared by <bdi class="sharer">Eve \u202Eevil</bdi>');
    // In plain text the override that is never closed is dropped, and the title isolated.
    expect(html).toContain('<title>\u2068gnp.exe\u2069 · Parley</title>');
    expect(html).toContain('<meta property="og:title" content="\u2068gnp.exe\u2069">');
    const markdown = (await page(null, `/s/${share.id}.md`)).text;
    expect(markdown).toMatch(/^# \u2068gnp\.exe\u2069\n\nShared by \u2068Eve evil\u2069 on /);
    expect(markdown).not.toContain('\u202E');
  });

  it('answers the same Not Found page, 404, for unknown, revoked, expired, not permitted and malformed ids', async () => {
    const revoked = await shareChat(ada, (await createChat(ada, { messages: 2 })).id);
    await ada.client.delete(`/api/v1/shares/${revoked.id}`);
    const expired = await shareChat(ada, (await createChat(ada, { messages: 2 })).id);
    await t.db.updateTable('shares').set({ expires_at: '2001-01-01T00:00:00.000Z' }).where('id', '=', expired.id).execute();
    const restricted = await shareChat(ada, (await createChat(ada, { messages: 2 })).id, { access: 'restricted' });
    const bodies = new Set<string>();
    for (const path of [
      '/s/AAAAAAAAAAAAAAAAAAAAAA',
      `/s/${revoked.id}`,
      `/s/${expired.id}`,
      `/s/${restricted.id}`,
      `/s/${restricted.id}.md`,
      '/s/not-an-id',
      "/s/'%3E%3Cscript%3E",
    ]) {
      const reply = await page(bob, path);
      expect(reply.status, path).toBe(404);
      expectShareHeaders(reply.headers);
      bodies.add(reply.text);
    }
    expect(bodies.size).toBe(1);
    expect([...bodies][0]).toContain('Not Found');
    // One message for every reason, naming them all, so that it tells nobody which one it is.
    expect([...bodies][0]).toContain('This link does not exist, was deleted, has expired, or is not shared with this account.');
  });

  it('opens the page for an API key by the same rules as for a session: named, not named, members, bad key', async () => {
    const keyOf = async (user: TestUser) =>
      (await user.client.post<{ key: string }>('/api/v1/auth/api-keys', { name: 'script' })).body.key;
    const script = (key: string) => new ApiClient(t.app, { apiKey: key });
    const restricted = await shareChat(ada, (await createChat(ada, { messages: 2 })).id, { access: 'restricted', userIds: [bob.user.id] });
    const members = await shareChat(ada, (await createChat(ada, { messages: 2 })).id, { access: 'members' });
    const bobs = script(await keyOf(bob));
    const admins = script(await keyOf(admin));
    expect((await bobs.get(`/s/${restricted.id}`)).status).toBe(200);
    expect((await bobs.get(`/s/${restricted.id}.md`)).status).toBe(200);
    expect((await admins.get(`/s/${restricted.id}`)).status).toBe(404);
    expect((await admins.get(`/s/${members.id}`)).status).toBe(200);
    // A key that is not valid is refused as the API refuses it, never sent to sign in.
    expect((await script('not-a-key').get(`/s/${members.id}`)).status).toBe(401);
  });

  it('holds a revoke at once, even for a page it had cached', async () => {
    const share = await shareChat(ada, (await createChat(ada, { messages: 2 })).id);
    expect((await page(bob, `/s/${share.id}`)).status).toBe(200);
    expect((await page(bob, `/s/${share.id}`)).status).toBe(200);
    await ada.client.delete(`/api/v1/shares/${share.id}`);
    expect((await page(bob, `/s/${share.id}`)).status).toBe(404);
  });

  it('sends an ETag, answers 304 to If-None-Match, and changes the ETag when the link is updated', async () => {
    const chat = await createChat(ada, { messages: 2 });
    const share = await shareChat(ada, chat.id);
    const first = await page(bob, `/s/${share.id}`);
    const etag = first.headers.etag ?? '';
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await page(bob, `/s/${share.id}`, { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');

    await appendMessages(t, chat.id, chat.currentMessageId, [{ role: 'user', content: 'a new question' }]);
    expect((await page(bob, `/s/${share.id}`, { 'if-none-match': etag })).status).toBe(304);
    await shareChat(ada, chat.id);
    const updated = await page(bob, `/s/${share.id}`, { 'if-none-match': etag });
    expect(updated.status).toBe(200);
    expect(updated.text).toContain('a new question');
    expect(updated.headers.etag).not.toBe(etag);
  });

  it('sends the page gzipped to clients that accept it', async () => {
    const share = await shareChat(ada, (await createChat(ada, { messages: 20 })).id);
    const plain = await page(bob, `/s/${share.id}`);
    const zipped = await bob.client.request('GET', `/s/${share.id}`, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toContain('Accept-Encoding');
    expect(zipped.rawPayload.length).toBeLessThan(plain.text.length / 3);
    expect(gunzipSync(zipped.rawPayload).toString()).toBe(plain.text);
  });

  it('gives the snapshot as Markdown at /s/<id>.md', async () => {
    const chat = await createChat(ada, {
      title: 'Recipe',
      messages: [
        { role: 'user', content: 'Pancakes?' },
        { role: 'assistant', content: 'Flour, eggs, milk.' },
      ],
    });
    const share = await shareChat(ada, chat.id);
    const reply = await page(bob, `/s/${share.id}.md`);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toContain('text/markdown');
    expectShareHeaders(reply.headers);
    expect(reply.text).toMatch(/^# Recipe\n/);
    expect(reply.text).toContain('Pancakes?');
    expect(reply.text).toContain('Flour, eggs, milk.');
  });

  it('adds read-aloud buttons only when the admin set up text-to-speech', async () => {
    const share = await shareChat(ada, (await createChat(ada, { messages: 2 })).id);
    expect((await page(bob, `/s/${share.id}`)).text).not.toContain('Read aloud');
    await admin.client.patch('/api/v1/admin/settings', { tts: { engine: 'browser' } });
    expect((await page(bob, `/s/${share.id}`)).text).toContain('Read aloud');
  });

  it('serves its own assets with immutable caching, and 404 for others', async () => {
    const share = await shareChat(ada, (await createChat(ada, { messages: 2 })).id);
    const html = (await page(bob, `/s/${share.id}`)).text;
    const assets = [...html.matchAll(/(?:src|href)="(\/s\/_assets\/[^"]+)"/g)].map((m) => m[1] ?? '');
    expect(assets.length).toBeGreaterThanOrEqual(2);
    for (const asset of assets) {
      const reply = await page(null, asset);
      expect(reply.status, asset).toBe(200);
      expect(reply.headers['cache-control']).toContain('immutable');
    }
    expect((await page(null, '/s/_assets/nope.js')).status).toBe(404);
    expect((await page(null, '/s/_assets/..%2F..%2Fpackage.json')).status).toBe(404);
  });

  it('keeps crawlers away in robots.txt', async () => {
    expect((await page(null, '/robots.txt')).text).toContain('Disallow: /s/');
  });
});
