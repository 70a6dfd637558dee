import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReplyPair } from '../../common/api/messages.js';
import type { ViewerShare } from '../../common/api/sharing.js';
import type { TestChat } from '../test/factories.js';
import { createChat, createUser, shareChat, type TestUser } from '../test/factories.js';
import { PNG_1X1, PNG_1X1_RED } from '../test/files.js';
import { startTestApp, type TestApp } from '../test/harness.js';
import { startFakeModelServer, type FakeModelServer } from '../llm/testing/fake-model-server.js';
import { FAST_LIMITS } from '../llm/testing/limits.js';

/** Rule S21: images a model writes as data URLs are kept as files of the reply, never left in its text. */

let fake: FakeModelServer;
let t: TestApp;
let admin: TestUser;
let ada: TestUser;
let bob: TestUser;

beforeAll(async () => {
  fake = await startFakeModelServer();
  t = await startTestApp({ openai: { baseUrl: fake.baseUrl, apiKey: null }, llm: FAST_LIMITS });
  admin = await createUser(t, { role: 'admin' });
  ada = await createUser(t, { name: 'Ada' });
  bob = await createUser(t, { name: 'Bob' });
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

const dataUrl = (bytes: Buffer) => `data:image/png;base64,${bytes.toString('base64')}`;

/** The data URL split over several tokens, as a model streams it. */
function tokensOf(text: string): string[] {
  return text.match(/.{1,12}/gs) ?? [];
}

describe('images in replies (S21)', () => {
  it('stores a data-URL image as a file of the reply, served from the chat and the shared page', async () => {
    const chat = await createChat(ada);
    fake.script = { tokens: tokensOf(`Here it is:\n\n![a red pixel](${dataUrl(PNG_1X1_RED)})\n\nand <img src="${dataUrl(PNG_1X1)}">`) };
    const streamed = await ada.client.post(`/api/v1/chats/${chat.id}/messages`, { content: 'Draw a pixel' });
    expect(streamed.status).toBe(200);
    expect(streamed.text).toContain('event: done');

    const read = await ada.client.get<{ chat: TestChat }>(`/api/v1/chats/${chat.id}`);
    const reply = read.body.chat.messages.find((m) => m.role === 'assistant');
    expect(reply?.content).not.toContain('data:');
    expect(reply?.content).toContain('Here it is:');
    const attachments = reply?.attachments ?? [];
    expect(attachments.map((a) => [a.name, a.mediaType])).toEqual([
      ['image-1.png', 'image/png'],
      ['image-2.png', 'image/png'],
    ]);
    const first = await ada.client.get(attachments[0]?.url ?? '');
    expect(first.status).toBe(200);
    expect(first.rawPayload.equals(PNG_1X1_RED)).toBe(true);
    expect(first.headers['content-type']).toBe('image/png');
    // The chat's owner owns them: Bob reads nothing, Ada has them as her own files.
    expect((await bob.client.get(attachments[0]?.url ?? '')).status).toBe(404);
    expect((await ada.client.get(`/api/v1/files/${attachments[1]?.id ?? ''}`)).rawPayload.equals(PNG_1X1)).toBe(true);

    const share = await shareChat(ada, chat.id, { access: 'members' });
    const view = await bob.client.get<ViewerShare>(`/api/v1/shares/${share.id}`);
    const shared = view.body.messages.find((m) => m.role === 'assistant');
    expect(shared?.content).not.toContain('data:');
    const url = shared?.attachments?.[0]?.url ?? '';
    expect(url.startsWith(`/s/${share.id}/files/`)).toBe(true);
    const served = await bob.client.get(url);
    expect(served.status).toBe(200);
    expect(served.rawPayload.equals(PNG_1X1_RED)).toBe(true);
    const page = await bob.client.get(`/s/${share.id}`);
    expect(page.text).toContain(`<img src="${url}"`);
    expect(page.text).not.toContain('data:image');
  });

  it('keeps no image over the size limit or of a type that is not a plain image, and says so in the text', async () => {
    const chat = await createChat(ada);
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    fake.script = { tokens: tokensOf(`![svg](data:image/svg+xml;base64,${svg.toString('base64')})`) };
    const sent = await ada.client.post<ReplyPair>(`/api/v1/chats/${chat.id}/messages`, { content: 'Draw', stream: false });
    expect(sent.status).toBe(201);
    expect(sent.body.assistantMessage.content).toBe('[image not kept: not an allowed image]');
    expect(sent.body.assistantMessage.attachments).toBeUndefined();

    expect((await admin.client.patch('/api/v1/admin/settings', { files: { maxBytes: 10 } })).status).toBe(200);
    fake.script = { tokens: tokensOf(`![big](${dataUrl(PNG_1X1)})`) };
    const big = await ada.client.post<ReplyPair>(`/api/v1/chats/${chat.id}/messages`, { content: 'Again', stream: false });
    expect(big.body.assistantMessage.content).toMatch(/^\[image not kept: larger than .* MB\]$/);
    expect(big.body.assistantMessage.attachments).toBeUndefined();
    await admin.client.patch('/api/v1/admin/settings', { files: { maxBytes: 20 * 1024 * 1024 } });
  });

  it('keeps image_url parts the model server sends, fetched from its own origin only, and drops the rest with a note', async () => {
    const other = await startFakeModelServer();
    try {
      other.assets['/elsewhere.png'] = { type: 'image/png', body: PNG_1X1 };
      fake.assets['/images/red.png'] = { type: 'image/png', body: PNG_1X1_RED };
      fake.assets['/images/page.png'] = { type: 'image/png', body: Buffer.from('<html><script>alert(1)</script></html>') };
      fake.assets['/images/away.png'] = { redirect: `${other.url}/elsewhere.png` };
      const chat = await createChat(ada);
      for (const stream of [true, false]) {
        const before = other.received.length;
        fake.script = {
          tokens: ['Pictures:'],
          parts: [
            { type: 'image_url', image_url: { url: `${fake.url}/images/red.png` } },
            { type: 'image_url', image_url: { url: dataUrl(PNG_1X1) } },
            { type: 'image_url', image_url: { url: `${other.url}/elsewhere.png` } },
            { type: 'image_url', image_url: { url: `${fake.url}/images/page.png` } },
            { type: 'image_url', image_url: { url: `${fake.url}/images/away.png` } },
            { type: 'image_url', image_url: { url: `${fake.url}/images/missing.png` } },
          ],
        };
        const sent = await ada.client.post(`/api/v1/chats/${chat.id}/messages`, { content: 'Show me', stream });
        expect(sent.status).toBe(stream ? 200 : 201);
        const read = await ada.client.get<{ chat: TestChat }>(`/api/v1/chats/${chat.id}`);
        const reply = read.body.chat.messages.filter((m) => m.role === 'assistant').at(-1);
        const content = reply?.content ?? '';
        expect(content).toContain('Pictures:');
        expect(content).not.toContain('http');
        expect(content).not.toContain('data:');
        expect(content.match(/\[image not kept: not from the model server\]/g)?.length).toBe(1);
        expect(content).toContain('[image not kept: not an allowed image]');
        expect(content.match(/\[image not kept: the model server did not send it\]/g)?.length).toBe(2);
        const attachments = reply?.attachments ?? [];
        expect(attachments.map((a) => [a.name, a.mediaType])).toEqual([
          ['image-1.png', 'image/png'],
          ['image-2.png', 'image/png'],
        ]);
        expect((await ada.client.get(attachments[0]?.url ?? '')).rawPayload.equals(PNG_1X1)).toBe(true);
        expect((await ada.client.get(attachments[1]?.url ?? '')).rawPayload.equals(PNG_1X1_RED)).toBe(true);
        // Parley asked no other host, not even when the model server redirected it there.
        expect(other.received.length).toBe(before);
      }
    } finally {
      await other.close();
      fake.assets = {};
    }
  });

  it('fetches an image the reply links twice once, and keeps it once', async () => {
    fake.assets['/twice.png'] = { type: 'image/png', body: PNG_1X1_RED };
    try {
      const chat = await createChat(ada);
      const fetches = () => fake.received.filter((r) => r.path === '/twice.png').length;
      const before = fetches();
      fake.script = { tokens: [`First ![a](${fake.url}/twice.png), again ![b](${fake.url}/twice.png) and ![c](<${fake.url}/twice.png>).`] };
      const sent = await ada.client.post<ReplyPair>(`/api/v1/chats/${chat.id}/messages`, { content: 'Twice', stream: false });
      expect(sent.status).toBe(201);
      expect(fetches() - before).toBe(1);
      expect(sent.body.assistantMessage.content).toBe('First , again  and .');
      expect(sent.body.assistantMessage.attachments?.map((a) => a.name)).toEqual(['image-1.png']);
    } finally {
      fake.assets = {};
    }
  });

  it('keeps no linked image over the size limit, and a Markdown image of another host is never hot-linked', async () => {
    fake.assets['/big.png'] = { type: 'image/png', body: PNG_1X1 };
    const chat = await createChat(ada);
    expect((await admin.client.patch('/api/v1/admin/settings', { files: { maxBytes: 10 } })).status).toBe(200);
    try {
      fake.script = { tokens: [`![big](${fake.url}/big.png) and ![tracker](https://example.invalid/pixel.gif "t")`] };
      const sent = await ada.client.post<ReplyPair>(`/api/v1/chats/${chat.id}/messages`, { content: 'Draw', stream: false });
      expect(sent.status).toBe(201);
      expect(sent.body.assistantMessage.content).toMatch(/^\[image not kept: larger than .* MB\] and \[image not kept: not from the model server\]$/);
      expect(sent.body.assistantMessage.attachments).toBeUndefined();
    } finally {
      await admin.client.patch('/api/v1/admin/settings', { files: { maxBytes: 20 * 1024 * 1024 } });
      fake.assets = {};
    }
  });
});
