import { crc32, deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeModelServer, type FakeModelServer } from '../server/llm/testing/fake-model-server.js';
import { FAST_LIMITS } from '../server/llm/testing/limits.js';
import { createChat, type TestUser } from '../server/test/factories.js';
import { PNG_1X1, uploadTestFile } from '../server/test/files.js';
import { screenshot, startE2E, type E2E } from './harness.js';
import { openShareDialog } from './share-dialog.js';

/**
 * Issue 13 on the community hub: "Share to Community" takes the chat's screenshot along, says
 * which file it left out and why, and the hub shows the image from its own origin.
 */

/** A `size`×`size` PNG of one colour, so that the screenshot shows it. */
function solidPng(size: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: size }, () => rgb).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: size }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}

/** Whether the page shows an image named `name` that has loaded. */
const imageLoaded = (page: Page, name: string) =>
  page.waitForFunction((alt) => [...document.querySelectorAll('img')].some((img) => img.alt === alt && img.complete && img.naturalWidth > 0), name);

describe('images on the community hub', () => {
  let fake: FakeModelServer;
  let e: E2E;
  let admin: TestUser;
  let member: TestUser;

  beforeAll(async () => {
    fake = await startFakeModelServer();
    fake.script = { tokens: ['A green square.'] };
    e = await startE2E({ openai: { baseUrl: fake.baseUrl, apiKey: null }, llm: FAST_LIMITS });
    admin = await e.createUser({ role: 'admin', name: 'Ada Admin' });
    member = await e.createUser({ name: 'Cora Member' });
    expect((await admin.client.patch('/api/v1/admin/settings', { enableCommunitySharing: true })).status).toBe(200);
  });
  afterAll(async () => {
    await e.close();
    await fake.close();
  });

  it('hands the screenshot to the hub, names the file left out, and shows the image on the hub', async () => {
    const chat = await createChat(member, { title: 'What colour is this?' });
    const square = await uploadTestFile(member.client, solidPng(64, [16, 160, 80]), 'square.png');
    const huge = await uploadTestFile(member.client, Buffer.concat([PNG_1X1, Buffer.alloc(1_300_000, 7)]), 'huge.png');
    const sent = await member.client.post(`/api/v1/chats/${chat.id}/messages`, { content: 'What colour is this?', attachments: [square.id, huge.id], stream: false });
    expect(sent.status).toBe(201);

    const page = await e.newPage(member);
    const dialog = await openShareDialog(page, chat);
    const [hubTab] = await Promise.all([page.context().waitForEvent('page'), dialog.getByRole('button', { name: 'Share to Community' }).click()]);
    await dialog.getByText('1 file was left out of the hand-off to the community: too large.').waitFor();
    await dialog.getByRole('listitem').filter({ hasText: 'huge.png' }).getByText('(too large)').waitFor();

    // The hub's upload page says so too, before anything is uploaded, and previews the image it carries.
    await hubTab.waitForURL((url) => url.pathname === '/community/upload');
    await hubTab.getByText('1 file was left out of the hand-off to the community: too large.').waitFor();
    await imageLoaded(hubTab, 'square.png');
    await screenshot(hubTab, 'community-upload-left-out');
    await hubTab.getByRole('radio', { name: /^Public$/ }).check();
    await hubTab.getByRole('button', { name: 'Upload' }).click();
    await hubTab.waitForURL((url) => /^\/community\/[A-Za-z0-9_-]+$/.test(url.pathname));

    // A visitor sees it, served by the hub itself.
    const visitor = await e.newPage();
    await visitor.goto(new URL(hubTab.url()).pathname);
    await imageLoaded(visitor, 'square.png');
    const src = await visitor.getByRole('img', { name: 'square.png' }).getAttribute('src');
    expect(src).toMatch(/^\/api\/v1\/community\/chats\/[A-Za-z0-9_-]+\/files\/[A-Za-z0-9_-]+$/);
    await screenshot(visitor, 'community-chat-image');
    // And on a phone.
    const phone = await e.newPage(undefined, { phone: true });
    await phone.goto(new URL(hubTab.url()).pathname);
    await imageLoaded(phone, 'square.png');
    await screenshot(phone, 'community-chat-image-phone');
    await phone.context().close();

    // A hub whose admin allows no images refuses the upload, and the page offers it without them.
    expect((await admin.client.patch('/api/v1/admin/settings', { files: { maxBytes: 20 * 1024 * 1024, allowedTypes: ['text/plain'] } })).status).toBe(200);
    try {
      const [strictTab] = await Promise.all([page.context().waitForEvent('page'), dialog.getByRole('button', { name: 'Share to Community' }).click()]);
      await strictTab.waitForURL((url) => url.pathname === '/community/upload');
      await strictTab.getByRole('button', { name: 'Upload', exact: true }).click();
      await strictTab.getByText(/Files of type image\/png are not allowed/).waitFor();
      await strictTab.getByRole('button', { name: 'Upload without images' }).click();
      await strictTab.waitForURL((url) => /^\/community\/[A-Za-z0-9_-]+$/.test(url.pathname));
      // The URL changes before the chat's page replaces the upload page, whose preview shows the
      // image and the text too: count on the chat's page only.
      await strictTab.getByRole('heading', { name: 'Upload to Community' }).waitFor({ state: 'detached' });
      await strictTab.getByText('A green square.').waitFor();
      expect(await strictTab.getByRole('img', { name: 'square.png' }).count()).toBe(0);
      await strictTab.close();
    } finally {
      await admin.client.patch('/api/v1/admin/settings', { files: { maxBytes: 20 * 1024 * 1024, allowedTypes: ['image/*', 'text/plain', 'application/pdf'] } });
    }
    await Promise.all([hubTab.close(), visitor.context().close(), page.context().close()]);
  });
});
