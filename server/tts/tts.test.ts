import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { anonymous, createChat, createUser, shareChat, type TestUser } from '../test/factories.js';
import { startTestApp, type TestApp } from '../test/harness.js';
import { speakableText } from './tts.service.js';

interface SpeechRequest {
  authorization: string | undefined;
  body: { model: string; voice: string; input: string };
}

/** A stand-in for an OpenAI-compatible /audio/speech endpoint. */
async function startSpeechServer(status = 200): Promise<{ url: string; received: SpeechRequest[]; server: Server }> {
  const received: SpeechRequest[] = [];
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      received.push({ authorization: request.headers.authorization, body: JSON.parse(text) as SpeechRequest['body'] });
      if (status !== 200) {
        response.writeHead(status, { 'content-type': 'application/json' }).end('{"error":"nope"}');
        return;
      }
      response.writeHead(200, { 'content-type': 'audio/mpeg' }).end(Buffer.from(`ID3 audio of ${received.length}`));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, received, server };
}

let t: TestApp;
let admin: TestUser;
let ada: TestUser;
let bob: TestUser;
let speech: Awaited<ReturnType<typeof startSpeechServer>>;
beforeEach(async () => {
  t = await startTestApp();
  admin = await createUser(t, { role: 'admin' });
  ada = await createUser(t);
  bob = await createUser(t);
  speech = await startSpeechServer();
});
afterEach(async () => {
  await t.close();
  speech.server.close();
});

async function sharedMessage(access: 'members' | 'restricted' = 'members') {
  const chat = await createChat(ada, {
    messages: [
      { role: 'user', content: 'Say **hello**' },
      { role: 'assistant', content: 'Hello! Here is code:\n```js\nx()\n```\nDone.' },
    ],
  });
  const share = await shareChat(ada, chat.id, { access });
  const view = await bob.client.get<{ messages: { id: string }[] }>(`/api/v1/shares/${share.id}`);
  return { share, messageId: (access === 'members' ? view.body.messages[1]?.id : undefined) ?? '' };
}

describe('read aloud with an OpenAI-compatible speech endpoint', () => {
  it('answers 404 while the admin has not set it up', async () => {
    const { share, messageId } = await sharedMessage();
    expect((await bob.client.get(`/api/v1/shares/${share.id}/messages/${messageId}/speech`)).status).toBe(404);
  });

  it('speaks a shared message for a viewer of the link, once per message', async () => {
    await admin.client.patch('/api/v1/admin/settings', {
      tts: { engine: 'openai', baseUrl: speech.url, model: 'tts-test', voice: 'nova', apiKey: 'sk-speech-secret' },
    });
    const { share, messageId } = await sharedMessage();
    const url = `/api/v1/shares/${share.id}/messages/${messageId}/speech`;
    const first = await bob.client.get(url);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('audio/mpeg');
    expect(first.text).toBe('ID3 audio of 1');
    expect(speech.received[0]).toEqual({
      authorization: 'Bearer sk-speech-secret',
      body: { model: 'tts-test', voice: 'nova', input: 'Hello! Here is code: (code) Done.', response_format: 'mp3' },
    });
    expect((await bob.client.get(url)).text).toBe('ID3 audio of 1');
    expect(speech.received).toHaveLength(1);

    expect((await anonymous(t).get(url)).status).toBe(401);
    expect((await bob.client.get(`/api/v1/shares/${share.id}/messages/unknownnode/speech`)).status).toBe(404);
    const restricted = await sharedMessage('restricted');
    expect((await bob.client.get(`/api/v1/shares/${restricted.share.id}/messages/${messageId}/speech`)).status).toBe(404);
  });

  it('answers 502 when the speech server fails', async () => {
    const broken = await startSpeechServer(500);
    try {
      await admin.client.patch('/api/v1/admin/settings', { tts: { engine: 'openai', baseUrl: broken.url } });
      const { share, messageId } = await sharedMessage();
      const reply = await bob.client.get(`/api/v1/shares/${share.id}/messages/${messageId}/speech`);
      expect(reply.status).toBe(502);
      expect(reply.body).toMatchObject({ error: { code: 'upstream_error' } });
    } finally {
      broken.server.close();
    }
  });

  it('keeps the speech key masked for admins, keeps it when sent back masked, and clears fields with null', async () => {
    const set = await admin.client.patch<{ tts: Record<string, unknown> }>('/api/v1/admin/settings', {
      tts: { engine: 'openai', baseUrl: speech.url, voice: 'nova', apiKey: 'sk-speech-1234567890' },
    });
    const masked = set.body.tts.apiKey;
    expect(masked).not.toContain('1234567890'.slice(0, 6));
    expect(JSON.stringify(set.body)).not.toContain('sk-speech-1234567890');
    const kept = await admin.client.patch<{ tts: Record<string, unknown> }>('/api/v1/admin/settings', { tts: { apiKey: masked } });
    expect(kept.body.tts.apiKey).toBe(masked);
    const cleared = await admin.client.patch<{ tts: Record<string, unknown> }>('/api/v1/admin/settings', {
      tts: { voice: null, apiKey: null },
    });
    expect(cleared.body.tts).toEqual({ engine: 'openai', baseUrl: speech.url, apiKey: null });
    expect((await ada.client.get('/api/v1/admin/settings')).status).toBe(403);
  });
});

describe('speakableText', () => {
  it('reads words, not Markdown punctuation', () => {
    expect(speakableText('# Title\n\n**Bold** and `code` and [a link](https://x.y)\n\n$$x^2$$')).toBe('Title Bold and code and a link (formula)');
  });
});
