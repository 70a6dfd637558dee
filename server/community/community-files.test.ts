import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CommunityChatView, CommunityHandoff } from '../../common/api/community.js';
import { encodeHandoff, MAX_HANDED_FILES, MAX_HANDOFF_URL_LENGTH } from '../../common/handoff.js';
import { fileHash } from '../content/files.js';
import { startFakeModelServer, type FakeModelServer } from '../llm/testing/fake-model-server.js';
import { FAST_LIMITS } from '../llm/testing/limits.js';
import { anonymous, createChat, createUser, type TestUser } from '../test/factories.js';
import { PNG_1X1, PNG_1X1_RED, uploadTestFile } from '../test/files.js';
import { startTestApp, type TestApp } from '../test/harness.js';

/** Images on the community hub (issue 13): carried by the hand-off, checked and stored by the hub, collected with the upload. */

let fake: FakeModelServer;
let t: TestApp;
let admin: TestUser;
let ada: TestUser;
let bob: TestUser;

beforeAll(async () => {
  fake = await startFakeModelServer();
  fake.script = { tokens: ['Nice picture.'] };
  t = await startTestApp({ openai: { baseUrl: fake.baseUrl, apiKey: null }, llm: FAST_LIMITS });
  admin = await createUser(t, { role: 'admin' });
  ada = await createUser(t, { name: 'Ada' });
  bob = await createUser(t, { name: 'Bob' });
  // Its own community: the hand-off and the hub are this instance.
  const on = await admin.client.patch('/api/v1/admin/settings', { enableCommunitySharing: true });
  expect(on.status).toBe(200);
});
afterAll(async () => {
  await t.close();
  await fake.close();
});
beforeEach(() => {
  fake.script = { tokens: ['Nice picture.'] };
});

const onDisk = (hash: string) => existsSync(path.join(t.config.dataDir, 'files', hash.slice(0, 2), hash.slice(2, 4), hash));
const dataUrl = (type: string, bytes: Buffer | string) => `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;
/** A PNG by its signature, `size` bytes long, different every time. */
const bigPng = (size: number) => Buffer.concat([PNG_1X1, Buffer.from(`${Math.random()}`), Buffer.alloc(size - PNG_1X1.length - 20, 7)]);

/** A chat of Ada's whose first message carries `files`, each uploaded as `[bytes, name]`. */
async function chatWithFiles(files: [Buffer | string, string][]): Promise<string> {
  const chat = await createChat(ada, { title: 'Look at this' });
  const ids = [];
  for (const [bytes, name] of files) ids.push((await uploadTestFile(ada.client, bytes, name)).id);
  const sent = await ada.client.post(`/api/v1/chats/${chat.id}/messages`, { content: 'What is in these?', attachments: ids, stream: false });
  expect(sent.status, sent.text).toBe(201);
  return chat.id;
}

async function handOff(chatId: string): Promise<CommunityHandoff> {
  const reply = await ada.client.post<CommunityHandoff>(`/api/v1/chats/${chatId}/share/community`);
  expect(reply.status, reply.text).toBe(200);
  return reply.body;
}

const upload = (who: TestUser, snapshot: unknown, visibility = 'public') =>
  who.client.post<{ id: string; error?: { code: string; fields?: { field: string }[] } }>('/api/v1/community/chats', { title: 'With images', snapshot, visibility });

describe('Share to Community with images (issue 13)', () => {
  it('carries the images as data URLs and names what it leaves out: too large, not an image', async () => {
    const big = bigPng(1_300_000);
    const chatId = await chatWithFiles([
      [PNG_1X1, 'screenshot.png'],
      [big, 'huge.png'],
      ['plain notes', 'notes.txt'],
    ]);
    const handoff = await handOff(chatId);
    expect(handoff.snapshot.files.map((f) => [f.name, f.dataUrl])).toEqual([['screenshot.png', dataUrl('image/png', PNG_1X1)]]);
    const carrier = handoff.snapshot.messages.find((m) => m.fileIds !== undefined);
    expect(carrier?.content).toBe('What is in these?');
    expect(carrier?.fileIds).toEqual([handoff.snapshot.files[0]?.id]);
    expect(handoff.leftOut).toEqual([
      { messageId: carrier?.id, name: 'huge.png', reason: 'too_large' },
      { messageId: carrier?.id, name: 'notes.txt', reason: 'not_an_image' },
    ]);
    // No owner's file id leaves (S21), and the whole hand-off fits in the URL the browser takes to the hub.
    expect(JSON.stringify(handoff)).not.toMatch(/\/api\/v1\/chats\//);
    const { title, snapshot, leftOut } = handoff;
    expect(handoff.uploadUrl.length + 1 + encodeHandoff({ title, snapshot: { ...snapshot, messages: snapshot.messages.map((m) => ({ ...m, role: 'user' })) }, leftOut }).length).toBeLessThan(MAX_HANDOFF_URL_LENGTH);
  });

  it('fills the URL with as many images as fit, and names the rest', async () => {
    // Three of these take all but about 20 kB of the URL: the fourth, small as it is, does not fit.
    const chatId = await chatWithFiles([
      [bigPng(370_000), 'one.png'],
      [bigPng(370_000), 'two.png'],
      [bigPng(370_000), 'three.png'],
      [bigPng(20_000), 'four.png'],
    ]);
    const handoff = await handOff(chatId);
    expect(handoff.snapshot.files.map((f) => f.name)).toEqual(['one.png', 'two.png', 'three.png']);
    expect(handoff.leftOut.map((f) => [f.name, f.reason])).toEqual([['four.png', 'too_large']]);
    const { title, snapshot, leftOut } = handoff;
    const length = handoff.uploadUrl.length + 1 + encodeHandoff({ title, snapshot: { ...snapshot, messages: snapshot.messages.map((m) => ({ ...m, role: 'user' })) }, leftOut }).length;
    expect(length).toBeLessThan(MAX_HANDOFF_URL_LENGTH);
    expect(length).toBeGreaterThan(MAX_HANDOFF_URL_LENGTH - 40_000);
  });
});

describe('images on the hub (issue 13)', () => {
  it('stores the handed images once by hash, shows them in the upload, and serves them as its visibility allows', async () => {
    const chatId = await chatWithFiles([[PNG_1X1_RED, 'red.png']]);
    const handoff = await handOff(chatId);
    const privately = await upload(ada, handoff.snapshot, 'private');
    const publicly = await upload(ada, handoff.snapshot, 'public');
    expect(privately.status, JSON.stringify(privately.body)).toBe(201);
    expect(publicly.status).toBe(201);
    expect(await t.db.selectFrom('file_blobs').select('hash').where('hash', '=', fileHash(PNG_1X1_RED)).execute()).toHaveLength(1);

    const view = await anonymous(t).get<CommunityChatView>(`/api/v1/community/chats/${publicly.body.id}`);
    const attachment = view.body.messages.find((m) => m.attachments)?.attachments?.[0];
    expect(attachment).toMatchObject({ name: 'red.png', mediaType: 'image/png', size: PNG_1X1_RED.length });
    expect(attachment?.url).toBe(`/api/v1/community/chats/${publicly.body.id}/files/${attachment?.id}`);
    const served = await anonymous(t).get(attachment?.url ?? '');
    expect(served.status).toBe(200);
    expect(served.rawPayload.equals(PNG_1X1_RED)).toBe(true);
    expect(served.headers).toMatchObject({
      'content-type': 'image/png',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, no-store',
    });
    expect(served.headers['content-disposition']).toMatch(/^inline; filename="red.png"/);

    // A private upload's file is its owner's alone; others get the 404 of a file that does not exist.
    const own = await ada.client.get<CommunityChatView>(`/api/v1/community/chats/${privately.body.id}`);
    const privateUrl = own.body.messages.find((m) => m.attachments)?.attachments?.[0]?.url ?? '';
    expect((await ada.client.get(privateUrl)).status).toBe(200);
    expect((await bob.client.get(privateUrl)).status).toBe(404);
    expect((await anonymous(t).get(privateUrl)).status).toBe(404);
    expect((await anonymous(t).get(`/api/v1/community/chats/${publicly.body.id}/files/AAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);

    // Made private later: gone for the public at once.
    expect((await ada.client.patch(`/api/v1/community/chats/${publicly.body.id}`, { visibility: 'private' })).status).toBe(200);
    expect((await bob.client.get(attachment?.url ?? '')).status).toBe(404);
    expect((await ada.client.delete(`/api/v1/community/chats/${publicly.body.id}`)).status).toBe(204);
    expect((await ada.client.get(attachment?.url ?? '')).status).toBe(404);
    // The chat still carries the same bytes: they stay.
    expect(onDisk(fileHash(PNG_1X1_RED))).toBe(true);
  });

  it("shows a Public upload's files on its thread only; other branches' files are not found", async () => {
    const first = dataUrl('image/png', bigPng(500));
    const second = dataUrl('image/png', bigPng(500));
    const snapshot = {
      messages: [
        { id: 'q', parentId: null, role: 'user', content: 'Which one?', fileIds: ['f1'] },
        { id: 'a1', parentId: 'q', role: 'assistant', content: 'An older answer', fileIds: ['f2'] },
        { id: 'a2', parentId: 'q', role: 'assistant', content: 'The answer shown' },
      ],
      currentMessageId: 'a2',
      files: [
        { id: 'f1', name: 'shown.png', dataUrl: first },
        { id: 'f2', name: 'hidden.png', dataUrl: second },
      ],
    };
    const created = await upload(ada, snapshot, 'public');
    expect(created.status).toBe(201);
    const full = await ada.client.get<CommunityChatView>(`/api/v1/community/chats/${created.body.id}`);
    const urls = full.body.messages.flatMap((m) => (m.attachments ?? []).map((a) => [a.name, a.url] as const));
    expect(urls.map(([name]) => name)).toEqual(['shown.png', 'hidden.png']);
    const [shown, hidden] = urls.map(([, url]) => url);
    expect((await anonymous(t).get(shown ?? '')).status).toBe(200);
    expect((await anonymous(t).get(hidden ?? '')).status).toBe(404);
    expect((await ada.client.get(hidden ?? '')).status).toBe(200);
  });

  it('deletes the bytes with the upload (owner or hub admin) when nothing else names them', async () => {
    const own = bigPng(800);
    const shared = bigPng(900);
    const snapshot = (bytes: Buffer) => ({
      messages: [{ id: 'm', parentId: null, role: 'user', content: 'Only on the hub', fileIds: ['f'] }],
      currentMessageId: 'm',
      files: [{ id: 'f', name: 'only.png', dataUrl: dataUrl('image/png', bytes) }],
    });
    const mine = await upload(ada, snapshot(own));
    const first = await upload(ada, snapshot(shared));
    const second = await upload(bob, snapshot(shared));
    expect([mine.status, first.status, second.status]).toEqual([201, 201, 201]);
    expect(onDisk(fileHash(own)) && onDisk(fileHash(shared))).toBe(true);

    expect((await ada.client.delete(`/api/v1/community/chats/${mine.body.id}`)).status).toBe(204);
    expect(onDisk(fileHash(own))).toBe(false);
    expect(await t.db.selectFrom('file_blobs').select('hash').where('hash', '=', fileHash(own)).execute()).toEqual([]);

    // Two uploads of the same image: the bytes stay until neither has them.
    expect((await admin.client.delete(`/api/v1/community/chats/${first.body.id}`)).status).toBe(204);
    expect(onDisk(fileHash(shared))).toBe(true);
    const view = await anonymous(t).get<CommunityChatView>(`/api/v1/community/chats/${second.body.id}`);
    expect((await anonymous(t).get(view.body.messages[0]?.attachments?.[0]?.url ?? '')).status).toBe(200);
    expect((await bob.client.delete(`/api/v1/community/chats/${second.body.id}`)).status).toBe(204);
    expect(onDisk(fileHash(shared))).toBe(false);
  });

  it('deletes the images of a deleted account’s uploads with it', async () => {
    const carol = await createUser(t, { name: 'Carol' });
    const bytes = bigPng(1000);
    const created = await upload(carol, {
      messages: [{ id: 'm', parentId: null, role: 'user', content: 'Mine alone', fileIds: ['f'] }],
      currentMessageId: 'm',
      files: [{ id: 'f', name: 'mine.png', dataUrl: dataUrl('image/png', bytes) }],
    });
    expect(created.status).toBe(201);
    expect(onDisk(fileHash(bytes))).toBe(true);
    expect((await admin.client.delete(`/api/v1/admin/users/${carol.user.id}`)).status).toBe(204);
    expect(onDisk(fileHash(bytes))).toBe(false);
    expect(await t.db.selectFrom('file_blobs').select('hash').where('hash', '=', fileHash(bytes)).execute()).toEqual([]);
  });

  it('refuses hostile files with a clear 4xx naming the field, and keeps nothing of them', async () => {
    const png = dataUrl('image/png', bigPng(700));
    const withFiles = (files: unknown[], fileIds: string[] = ['f']) => ({
      messages: [{ id: 'm', parentId: null, role: 'user', content: 'hostile', fileIds }],
      currentMessageId: 'm',
      files,
    });
    const file = (url: string, id = 'f') => ({ id, name: 'x.png', dataUrl: url });
    const before = await t.db.selectFrom('community_chats').select('id').execute();
    const html = '<html><script>alert(1)</script></html>';
    const cases: [string, unknown, number, string][] = [
      ['a forged file id', withFiles([file(png)], ['forged']), 400, 'snapshot.messages.0.fileIds.0'],
      ['text claiming to be an image', withFiles([file(dataUrl('image/png', html))]), 400, 'snapshot.files.0.dataUrl'],
      ['a PNG claiming to be a JPEG', withFiles([file(png.replace('image/png', 'image/jpeg'))]), 400, 'snapshot.files.0.dataUrl'],
      ['SVG, which is never an image here', withFiles([file(dataUrl('image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"/>'))]), 400, 'snapshot.files.0.dataUrl'],
      ['text claiming to be text', withFiles([file(dataUrl('text/plain', 'hello'))]), 415, 'snapshot.files.0.dataUrl'],
      ['not a data URL', withFiles([file('https://example.com/x.png')]), 400, 'snapshot.files.0.dataUrl'],
      ['not base64', withFiles([file('data:image/png;base64,@@@@')]), 400, 'snapshot.files.0.dataUrl'],
      ['an empty file', withFiles([file('data:image/png;base64,')]), 400, 'snapshot.files.0.dataUrl'],
      ['a repeated file id', withFiles([file(png), file(png)]), 400, 'snapshot.files.1.id'],
      ['too many files', withFiles(Array.from({ length: MAX_HANDED_FILES + 1 }, (_, i) => file(png, `f${i}`)), []), 400, 'snapshot.files'],
    ];
    for (const [name, snapshot, status, field] of cases) {
      const reply = await upload(ada, snapshot);
      expect(reply.status, name).toBe(status);
      expect(reply.body.error?.fields?.map((f) => f.field), name).toContain(field);
    }
    // Over the hub admin's size limit: 413, in the API's error shape.
    expect((await admin.client.patch('/api/v1/admin/settings', { files: { maxBytes: 500, allowedTypes: ['image/*'] } })).status).toBe(200);
    try {
      const tooBig = await upload(ada, withFiles([file(png)]));
      expect(tooBig.status).toBe(413);
      expect(tooBig.body.error?.code).toBe('too_large');
    } finally {
      await admin.client.patch('/api/v1/admin/settings', { files: { maxBytes: 20 * 1024 * 1024, allowedTypes: ['image/*', 'text/plain', 'application/pdf'] } });
    }
    expect(await t.db.selectFrom('community_chats').select('id').execute()).toEqual(before);
    expect(onDisk(fileHash(Buffer.from(png.split(',')[1] ?? '', 'base64')))).toBe(false);
  });
});
