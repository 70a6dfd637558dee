import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anonymous, appendMessages, createChat, createUser, shareChat, type TestShare, type TestUser } from '../test/factories.js';
import { startTestApp, type TestApp } from '../test/harness.js';

/** How `GET /s/<id>` serves a chosen version (`?v=`, the ‹ › buttons without JavaScript) and its assets. */

let t: TestApp;
let ada: TestUser;
let bob: TestUser;
beforeEach(async () => {
  t = await startTestApp();
  ada = await createUser(t, { name: 'Ada' });
  bob = await createUser(t, { name: 'Bob' });
});
afterEach(async () => {
  await t.close();
});

/** A question answered twice, the second answer current, shared with its history; the snapshot's ids by text. */
async function twoVersions(): Promise<{ share: TestShare; ids: Record<'question' | 'first' | 'second', string> }> {
  const chat = await createChat(ada, { messages: [{ role: 'user', content: 'Which colour?' }, { role: 'assistant', content: 'First answer: blue.' }] });
  await appendMessages(t, chat.id, chat.messages[0]?.id ?? null, [{ role: 'assistant', content: 'Second answer: green.' }]);
  const share = await shareChat(ada, chat.id, { includeHistory: true });
  const { messages } = (await bob.client.get<{ messages: { id: string; content: string }[] }>(`/api/v1/shares/${share.id}`)).body;
  const idOf = (prefix: string) => messages.find((m) => m.content.startsWith(prefix))?.id ?? '';
  return { share, ids: { question: idOf('Which'), first: idOf('First'), second: idOf('Second') } };
}

/** Whether the page shows the message (its `<article>` has no `hidden`). */
const shows = (html: string, id: string) => new RegExp(`<article [^>]*data-id="${id}"(?![^>]*\\bhidden\\b)[^>]*>`).test(html);

describe('GET /s/<id>?v=<message id>', () => {
  it('shows the chosen version, and the current one without it', async () => {
    const { share, ids } = await twoVersions();
    const current = await bob.client.get(`/s/${share.id}`);
    expect([shows(current.text, ids.first), shows(current.text, ids.second)]).toEqual([false, true]);
    const chosen = await bob.client.get(`/s/${share.id}?v=${ids.first}`);
    expect(chosen.status).toBe(200);
    expect([shows(chosen.text, ids.question), shows(chosen.text, ids.first), shows(chosen.text, ids.second)]).toEqual([true, true, false]);
    expect(chosen.headers.etag).not.toBe(current.headers.etag);
    expect(chosen.headers['x-robots-tag']).toBe('noindex, nofollow');
    expect((await bob.client.get(`/s/${share.id}?v=${ids.first}`, { 'if-none-match': chosen.headers.etag ?? '' })).status).toBe(304);
  });

  it('answers a v that names no message of the snapshot with the current version', async () => {
    const { share } = await twoVersions();
    const current = await bob.client.get(`/s/${share.id}`);
    for (const v of ['AAAAAAAAAAAAAAAAAAAAAA', '"><script>', '']) {
      const reply = await bob.client.get(`/s/${share.id}?v=${encodeURIComponent(v)}`);
      expect(reply.status, v).toBe(200);
      expect(reply.text, v).toBe(current.text);
      expect(reply.headers.etag, v).toBe(current.headers.etag);
    }
  });

  it('keeps the rules of the link: signed out, a members link still sends to sign in', async () => {
    const { share, ids } = await twoVersions();
    const reply = await anonymous(t).get(`/s/${share.id}?v=${ids.first}`);
    expect(reply.status).toBe(302);
    expect(reply.text).not.toContain('First answer');
  });
});

describe('GET /s/_assets/<name>', () => {
  it('sends the stylesheet and the script brotli- or gzip-compressed to clients that accept it', async () => {
    const share = await shareChat(ada, (await createChat(ada, { messages: [{ role: 'user', content: '$x^2$ and `code`?' }, { role: 'assistant', content: '```js\nx * x\n```' }] })).id);
    const html = (await bob.client.get(`/s/${share.id}`)).text;
    const assets = [...html.matchAll(/(?:src|href)="(\/s\/_assets\/[^"]+\.(?:css|js))"/g)].map((m) => m[1] ?? '');
    expect(assets).toHaveLength(2);
    for (const asset of assets) {
      const plain = await anonymous(t).get(asset, { 'accept-encoding': 'identity' });
      expect(plain.headers['content-encoding'], asset).toBeUndefined();
      const br = await anonymous(t).get(asset, { 'accept-encoding': 'gzip, deflate, br' });
      expect(br.headers['content-encoding'], asset).toBe('br');
      expect(br.headers.vary, asset).toContain('Accept-Encoding');
      expect(br.headers['cache-control'], asset).toContain('immutable');
      expect(brotliDecompressSync(br.rawPayload).toString(), asset).toBe(plain.text);
      expect(br.rawPayload.length, asset).toBeLessThan(plain.rawPayload.length / 3);
      const gzip = await anonymous(t).get(asset, { 'accept-encoding': 'gzip' });
      expect(gzip.headers['content-encoding'], asset).toBe('gzip');
      expect(gunzipSync(gzip.rawPayload).toString(), asset).toBe(plain.text);
    }
  });

  it('sends KaTeX’s fonts as they are: woff2 is compressed already', async () => {
    const share = await shareChat(ada, (await createChat(ada, { messages: [{ role: 'user', content: 'What is $x$?' }] })).id);
    const stylesheet = /href="(\/s\/_assets\/[^"]+\.css)"/.exec((await bob.client.get(`/s/${share.id}`)).text)?.[1] ?? '';
    const css = (await anonymous(t).get(stylesheet)).text;
    const font = /url\(([^)]+\.woff2)\)/.exec(css)?.[1] ?? '';
    const reply = await anonymous(t).get(`/s/_assets/${font}`, { 'accept-encoding': 'gzip, br' });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('font/woff2');
    expect(reply.headers['content-encoding']).toBeUndefined();
  });
});
