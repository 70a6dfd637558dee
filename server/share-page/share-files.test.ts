import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Chat } from '../../common/api/chats.js';
import type { ReplyPair } from '../../common/api/messages.js';
import type { ViewerShare } from '../../common/api/sharing.js';
import { fileHash } from '../content/files.js';
import { startFakeModelServer, type FakeModelServer } from '../llm/testing/fake-model-server.js';
import { FAST_LIMITS } from '../llm/testing/limits.js';
import type { ApiClient } from '../test/client.js';
import { anonymous, createChat, createUser, shareChat, type TestUser } from '../test/factories.js';
import { PNG_1X1, uploadTestFile } from '../test/files.js';
import { startTestApp, type TestApp } from '../test/harness.js';

/** Rule S21: a link's files answer exactly while its page does, for exactly the viewers it does. */

let fake: FakeModelServer;
let t: TestApp;
let admin: TestUser;
let member: TestUser;
let named: TestUser;

beforeAll(async () => {
  fake = await startFakeModelServer();
  fake.script = { tokens: ['A pixel.'] };
  t = await startTestApp({ openai: { baseUrl: fake.baseUrl, apiKey: null }, llm: FAST_LIMITS });
  admin = await createUser(t, { role: 'admin' });
  await admin.client.patch('/api/v1/admin/settings', { sharing: { publicLinks: true } });
  member = await createUser(t);
  named = await createUser(t);
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

const onDisk = (bytes: Buffer) => {
  const hash = fileHash(bytes);
  return existsSync(path.join(t.config.dataDir, 'files', hash.slice(0, 2), hash.slice(2, 4), hash));
};

/** A chat of a new user with one image, shared with the given access (Bob named on restricted links). */
async function sharedImage(access: 'members' | 'public' | 'restricted', bytes = PNG_1X1) {
  const owner = await createUser(t);
  const chat = await createChat(owner);
  const file = await uploadTestFile(owner.client, bytes, 'shot.png');
  const sent = await owner.client.post<ReplyPair>(`/api/v1/chats/${chat.id}/messages`, { content: 'What is it?', attachments: [file.id], stream: false });
  expect(sent.status).toBe(201);
  const share = await shareChat(owner, chat.id, { access, ...(access === 'restricted' && { userIds: [named.user.id] }) });
  const view = await owner.client.get<ViewerShare>(`/api/v1/shares/${share.id}`);
  const attachment = view.body.messages.find((m) => m.role === 'user')?.attachments?.[0];
  if (!attachment) throw new Error('the snapshot has no file');
  return { owner, chat, file, share, url: attachment.url, attachmentId: attachment.id };
}

const status = async (client: ApiClient, url: string) => (await client.get(url)).status;

describe('a link’s files (S21)', () => {
  it('are served from this origin under the snapshot’s own id, the page shows the image inline', async () => {
    const { owner, file, share, url, attachmentId } = await sharedImage('members');
    expect(attachmentId).not.toBe(file.id);
    expect(url).toBe(`/s/${share.id}/files/${attachmentId}`);
    const served = await member.client.get(url);
    expect(served.status).toBe(200);
    expect(served.rawPayload.equals(PNG_1X1)).toBe(true);
    expect(served.headers['content-type']).toBe('image/png');
    expect(served.headers['cache-control']).toBe('private, no-store');
    expect(served.headers['content-security-policy']).toBe("default-src 'none'; sandbox");
    expect(served.headers['x-robots-tag']).toBe('noindex, nofollow');
    const page = await member.client.get(`/s/${share.id}`);
    expect(page.text).toContain(`<img src="${url}" alt="shot.png"`);
    // The owner's file id does not open anything through the link.
    expect(await status(member.client, `/s/${share.id}/files/${file.id}`)).toBe(404);
    expect(await status(owner.client, `/s/${share.id}/files/${file.id}`)).toBe(404);
  });

  it('answer every viewer the page answers while the link is alive', async () => {
    const restricted = await sharedImage('restricted');
    const stranger = member;
    expect(await status(restricted.owner.client, restricted.url)).toBe(200);
    expect(await status(named.client, restricted.url)).toBe(200);
    expect(await status(stranger.client, restricted.url)).toBe(404);
    expect(await status(anonymous(t), restricted.url)).toBe(302);

    const members = await sharedImage('members');
    expect(await status(member.client, members.url)).toBe(200);
    expect(await status(anonymous(t), members.url)).toBe(302);

    const open = await sharedImage('public');
    expect(await status(anonymous(t), open.url)).toBe(200);
  });

  const deaths: [string, (s: Awaited<ReturnType<typeof sharedImage>>) => Promise<unknown>][] = [
    ['revoked', (s) => s.owner.client.delete(`/api/v1/chats/${s.chat.id}/share`)],
    ['expired', (s) => t.db.updateTable('shares').set({ expires_at: '2000-01-01T00:00:00.000Z' }).where('id', '=', s.share.id).execute()],
    ['its chat deleted', (s) => s.owner.client.delete(`/api/v1/chats/${s.chat.id}`)],
    ['its owner deleted', (s) => admin.client.delete(`/api/v1/admin/users/${s.owner.user.id}`)],
  ];
  for (const [state, kill] of deaths) {
    it(`are not found for everyone, like the page, once the link is ${state}`, async () => {
      const links = [await sharedImage('restricted'), await sharedImage('public')];
      for (const link of links) expect(await status(link.owner.client, link.url)).toBe(200);
      for (const link of links) await kill(link);
      for (const link of links) {
        const page = await anonymous(t).get(`/s/${link.share.id}`);
        for (const viewer of [link.owner.client, named.client, member.client, anonymous(t)]) {
          const answer = await viewer.get(link.url);
          expect(answer.status).toBe(404);
          expect(answer.text).toBe(page.text);
        }
      }
    });
  }

  it('of a public link suspended by turning public links off answer signed-out viewers as the page does (S22)', async () => {
    const link = await sharedImage('public');
    await admin.client.patch('/api/v1/admin/settings', { sharing: { publicLinks: false } });
    try {
      expect(await status(anonymous(t), link.url)).toBe((await anonymous(t).get(`/s/${link.share.id}`)).status);
      expect(await status(anonymous(t), link.url)).not.toBe(200);
    } finally {
      await admin.client.patch('/api/v1/admin/settings', { sharing: { publicLinks: true } });
    }
    expect(await status(anonymous(t), link.url)).toBe(200);
  });
});

describe('collection of files (S21)', () => {
  it('deleting the chat removes its files and their bytes; a fork keeps the bytes it shows until it goes too', async () => {
    const bytes = Buffer.concat([PNG_1X1, Buffer.from(`gc ${Math.random()}`)]);
    const { owner, chat, file, share } = await sharedImage('members', bytes);
    expect(onDisk(bytes)).toBe(true);
    const fork = await member.client.post<{ chatId: string }>(`/api/v1/shares/${share.id}/fork`);
    expect(fork.status).toBe(201);

    expect((await owner.client.delete(`/api/v1/chats/${chat.id}`)).status).toBe(204);
    expect(await status(owner.client, `/api/v1/files/${file.id}`)).toBe(404);
    expect(await t.db.selectFrom('files').select('id').where('id', '=', file.id).execute()).toEqual([]);
    // The fork still shows the image, from its base snapshot, to its owner.
    const forked = await member.client.get<{ chat: Chat }>(`/api/v1/chats/${fork.body.chatId}`);
    const url = forked.body.chat.messages.find((m) => m.role === 'user')?.attachments?.[0]?.url ?? '';
    const read = await member.client.get(url);
    expect(read.status).toBe(200);
    expect(read.rawPayload.equals(bytes)).toBe(true);
    expect(onDisk(bytes)).toBe(true);

    expect((await member.client.delete(`/api/v1/chats/${fork.body.chatId}`)).status).toBe(204);
    expect(onDisk(bytes)).toBe(false);
    expect(await t.db.selectFrom('file_blobs').select('hash').where('hash', '=', fileHash(bytes)).execute()).toEqual([]);
  });

  it('deleting a user removes their uploads, attached or not, and the bytes no one else has', async () => {
    const bytes = Buffer.from(`user gc ${Math.random()}`);
    const shared = Buffer.from(`shared ${Math.random()}`);
    const owner = await createUser(t);
    await uploadTestFile(owner.client, bytes, 'a.txt');
    await uploadTestFile(owner.client, shared, 'b.txt');
    const kept = await uploadTestFile(member.client, shared, 'c.txt');
    expect((await admin.client.delete(`/api/v1/admin/users/${owner.user.id}`)).status).toBe(204);
    expect(onDisk(bytes)).toBe(false);
    expect(onDisk(shared)).toBe(true);
    expect(await status(member.client, `/api/v1/files/${kept.id}`)).toBe(200);
  });
});
