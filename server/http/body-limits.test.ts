import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../test/factories.js';
import { GENEROUS_RATE_LIMITS, startTestApp, TEST_PUBLIC_URL, type TestApp } from '../test/harness.js';

// Issue 11, item 1: a small body limit everywhere, large ones only on the routes that take whole
// chats, and a signed-out upload refused before its body is read (S20).
let t: TestApp;
let port: number;

beforeAll(async () => {
  t = await startTestApp({ rateLimits: GENEROUS_RATE_LIMITS });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await t.close();
});

const MiB = 1024 * 1024;

interface Upload {
  status: number;
  connection: string | undefined;
  /** MiB written when the answer came. */
  sentWhenAnswered: number;
  /** Whether the request body was still being sent when the answer came. */
  uploadOpen: boolean;
}

/** Streams a 60 MiB JSON body slowly and reports when the server answered. */
function slowUpload(path: string, headers: Record<string, string>, during?: () => Promise<void>): Promise<Upload> {
  const totalMiB = 60;
  const chunk = Buffer.alloc(MiB, 'a');
  return new Promise((resolve, reject) => {
    let sent = 0;
    let ended = false;
    const request = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path,
      headers: { 'content-type': 'application/json', 'content-length': String(totalMiB * MiB), origin: TEST_PUBLIC_URL, ...headers },
    });
    request.on('response', (response) => {
      const result = { status: response.statusCode ?? 0, connection: response.headers.connection, sentWhenAnswered: sent, uploadOpen: !ended };
      response.resume();
      const finish = () => {
        request.destroy();
        resolve(result);
      };
      if (during) during().then(finish, reject);
      else finish();
    });
    // The server closing the connection on us mid-upload is the point; the answer came first.
    request.on('error', () => undefined);
    const pump = (): void => {
      if (request.destroyed) return;
      if (sent >= totalMiB) {
        ended = true;
        request.end();
        return;
      }
      sent += 1;
      if (request.write(chunk)) setTimeout(pump, 2);
      else request.once('drain', pump);
    };
    pump();
  });
}

describe('body limits (issue 11, item 1)', () => {
  it('answers a signed-out 60 MiB import 401 while the upload is still being sent, and closes the connection', async () => {
    let configStatus = 0;
    const upload = await slowUpload('/api/v1/chats/import', {}, async () => {
      // The server keeps serving others while the upload is refused.
      const response = await fetch(`http://127.0.0.1:${port}/api/v1/config`);
      configStatus = response.status;
    });
    expect(upload.status).toBe(401);
    expect(upload.uploadOpen).toBe(true);
    expect(upload.sentWhenAnswered).toBeLessThan(60);
    expect(upload.connection).toBe('close');
    expect(configStatus).toBe(200);
  });

  it('answers four parallel signed-out 60 MiB imports 401 before their bodies are read', async () => {
    const uploads = await Promise.all([1, 2, 3, 4].map(() => slowUpload('/api/v1/chats/import', {})));
    for (const upload of uploads) {
      expect(upload.status).toBe(401);
      expect(upload.uploadOpen).toBe(true);
    }
  });

  it('refuses a body over 1 MiB on an ordinary route with 413, even when signed in', async () => {
    const member = await createUser(t);
    const response = await member.client.request('PATCH', '/api/v1/chats/x', { rawBody: `{"title":"${'a'.repeat(2 * MiB)}"}`, headers: { 'content-type': 'application/json' } });
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ error: { code: 'too_large' } });
  });

  it('takes a body over 1 MiB on the routes that need it, once signed in', async () => {
    const member = await createUser(t);
    const content = 'b'.repeat(2 * MiB);
    const created = await member.client.post('/api/v1/chats', { title: 'Long', messages: [{ role: 'user', content: content.slice(0, 1_000_000) }, { role: 'assistant', content: 'é'.repeat(500_000) }] });
    expect(created.status).toBe(201);
    const imported = await member.client.post('/api/v1/chats/import', [
      { title: 'Imported', mapping: {}, current_node: null, create_time: 0, extra: content },
    ]);
    expect(imported.status).not.toBe(413);
  });
});
