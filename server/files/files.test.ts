import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileHash } from '../content/files.js';
import { startTestApp, type TestApp } from '../test/harness.js';
import { anonymous, createUser, type TestUser } from '../test/factories.js';
import { PNG_1X1, postFile, uploadTestFile } from '../test/files.js';

let t: TestApp;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  t = await startTestApp();
  alice = await createUser(t);
  bob = await createUser(t);
});
afterAll(() => t.close());

const onDisk = (hash: string) => path.join(t.config.dataDir, 'files', hash.slice(0, 2), hash.slice(2, 4), hash);

describe('POST /api/v1/files (S21)', () => {
  it('stores an image by the hash of its bytes and serves it back to its owner inline', async () => {
    const reply = await postFile(alice.client, PNG_1X1, 'screen shot.png', 'image/png');
    expect(reply.status).toBe(201);
    expect(reply.body.file).toMatchObject({ name: 'screen shot.png', mediaType: 'image/png', size: PNG_1X1.length });
    expect(existsSync(onDisk(fileHash(PNG_1X1)))).toBe(true);

    const read = await alice.client.get(`/api/v1/files/${reply.body.file.id}`);
    expect(read.status).toBe(200);
    expect(read.headers['content-type']).toBe('image/png');
    expect(read.headers['content-disposition']).toMatch(/^inline;/);
    expect(read.headers['x-content-type-options']).toBe('nosniff');
    expect(read.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(read.rawPayload.equals(PNG_1X1)).toBe(true);
  });

  it('gives each upload its own id but keeps the bytes once', async () => {
    const first = await uploadTestFile(alice.client);
    const second = await uploadTestFile(bob.client);
    expect(first.id).not.toBe(second.id);
    const blobs = await t.db.selectFrom('file_blobs').select('hash').where('hash', '=', fileHash(PNG_1X1)).execute();
    expect(blobs).toHaveLength(1);
  });

  it("answers 404 for another user's file, the same as for none", async () => {
    const file = await uploadTestFile(alice.client);
    const other = await bob.client.get(`/api/v1/files/${file.id}`);
    const none = await bob.client.get('/api/v1/files/AAAAAAAAAAAAAAAAAAAAAA');
    expect(other.status).toBe(404);
    expect(other.body).toEqual(none.body);
    expect((await bob.client.delete(`/api/v1/files/${file.id}`)).status).toBe(404);
  });

  it('decides the type by the bytes: HTML named .png is text served as a download, SVG too', async () => {
    const html = await uploadTestFile(alice.client, '<html><script>alert(1)</script></html>', 'evil.png');
    expect(html.mediaType).toBe('text/plain');
    const served = await alice.client.get(`/api/v1/files/${html.id}`);
    expect(served.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(served.headers['content-disposition']).toMatch(/^attachment;/);

    const svg = await uploadTestFile(alice.client, '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'logo.svg');
    const svgServed = await alice.client.get(`/api/v1/files/${svg.id}`);
    expect(svgServed.headers['content-type']).not.toMatch(/svg/);
    expect(svgServed.headers['content-disposition']).toMatch(/^attachment;/);
  });

  it('sends a download name without bidi controls, so "\u202Egnp.exe" cannot show as "exe.png"', async () => {
    const file = await uploadTestFile(alice.client, 'notes', 'photo\u202Egnp.exe');
    const served = await alice.client.get(`/api/v1/files/${file.id}`);
    expect(served.headers['content-disposition']).toBe(`attachment; filename="photognp.exe"; filename*=UTF-8''photognp.exe`);
  });

  it('keeps only the last part of a name with a path in it', async () => {
    const file = await uploadTestFile(alice.client, 'notes', '../../etc/passwd');
    expect(file.name).toBe('passwd');
  });

  it('refuses what is over the size limit (413) or of a type not allowed (415), in the JSON error shape', async () => {
    const admin = await createUser(t, { role: 'admin' });
    expect((await admin.client.patch('/api/v1/admin/settings', { files: { maxBytes: 1000, allowedTypes: ['image/*'] } })).status).toBe(200);
    try {
      const big = await postFile(alice.client, Buffer.alloc(2000, 1), 'big.bin');
      expect(big.status).toBe(413);
      expect(big.body).toMatchObject({ error: { code: 'too_large' } });
      const text = await postFile(alice.client, 'hello', 'hello.txt');
      expect(text.status).toBe(415);
      expect(text.body).toMatchObject({ error: { code: 'unsupported_media_type' } });
      expect((await postFile(alice.client, PNG_1X1, 'ok.png')).status).toBe(201);
    } finally {
      await admin.client.patch('/api/v1/admin/settings', { files: { maxBytes: 20 * 1024 * 1024, allowedTypes: ['image/*', 'text/plain', 'application/pdf'] } });
    }
  });

  it('takes large bodies only from a signed-in user', async () => {
    const signedOut = await postFile(anonymous(t), PNG_1X1, 'x.png');
    expect(signedOut.status).toBe(401);
    const empty = await postFile(alice.client, Buffer.alloc(0), 'empty');
    expect(empty.status).toBe(400);
  });

  it('deletes an upload no message carries, with its bytes when nothing else has them', async () => {
    const bytes = Buffer.from(`unique ${Math.random()}`);
    const file = await uploadTestFile(alice.client, bytes, 'note.txt');
    expect(existsSync(onDisk(fileHash(bytes)))).toBe(true);
    expect((await alice.client.delete(`/api/v1/files/${file.id}`)).status).toBe(204);
    expect((await alice.client.get(`/api/v1/files/${file.id}`)).status).toBe(404);
    expect(existsSync(onDisk(fileHash(bytes)))).toBe(false);
  });
});
