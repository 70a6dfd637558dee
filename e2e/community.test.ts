import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendMessages, createChat, type TestUser } from '../server/test/factories.js';
import { screenshot, startE2E, type E2E } from './harness.js';

/**
 * The community hub from end to end (S17, S18), on one instance that is both the sharer and the
 * hub: the hand-off through the API, the upload page reached signed out, sign-in and back,
 * publishing with a chosen visibility, browsing and searching as a signed-out visitor, version
 * switching with full history, and My uploads changing visibility and deleting.
 */

type Handoff = { uploadUrl: string; title: string; snapshot: { messages: unknown[]; currentMessageId: string | null } };

const STORAGE_KEY = 'parley.communityUpload';

describe('the community hub, end to end', () => {
  let e: E2E;
  let admin: TestUser;
  let sam: TestUser;
  /** The page Sam stays signed in on after the first upload. */
  let samPage: Page;
  const uploaded: { publicId?: string; fullHistoryId?: string } = {};

  beforeAll(async () => {
    e = await startE2E();
    admin = await e.createUser({ role: 'admin', name: 'Admin' });
    sam = await e.createUser({ name: 'Sam Sharer' });
    const settings = await admin.client.patch('/api/v1/admin/settings', {
      enableCommunitySharing: true,
      communityUrl: e.baseUrl,
      communityHub: { enabled: true },
    });
    expect(settings.status).toBe(200);
  });
  afterAll(async () => {
    await e.close();
  });

  /**
   * Sam's chat with a regenerated reply ("second version" shown), handed to the hub as Share to
   * Community does: base64url of the JSON `{title, snapshot}`, or (`snapshotShape`) of the snapshot
   * alone as a link's viewer gets it, `{share: {title}, messages, currentMessageId}`.
   */
  async function handOff(title: string, snapshotShape = false): Promise<{ uploadUrl: string; fragment: string }> {
    const chat = await createChat(sam, {
      title,
      messages: [
        { role: 'user', content: 'Write a haiku about **rain**' },
        { role: 'assistant', content: 'first version: drops on the tin roof' },
      ],
    });
    await appendMessages(e.t, chat.id, chat.messages[0]?.id ?? null, [{ role: 'assistant', content: 'second version: grey sky, wet stones' }]);
    const reply = await sam.client.post<Handoff>(`/api/v1/chats/${chat.id}/share/community`);
    expect(reply.status).toBe(200);
    const { uploadUrl, title: handedTitle, snapshot } = reply.body;
    expect(uploadUrl).toBe(`${e.baseUrl}/community/upload`);
    const handed = snapshotShape ? { share: { title: handedTitle }, ...snapshot } : { title: handedTitle, snapshot };
    return { uploadUrl, fragment: Buffer.from(JSON.stringify(handed)).toString('base64url') };
  }

  async function publicTitles(q = ''): Promise<string[]> {
    const reply = await e.t.app.inject({ method: 'GET', url: `/api/v1/community/chats?q=${encodeURIComponent(q)}` });
    return (reply.json<{ items: { title: string }[] }>()).items.map((chat) => chat.title);
  }

  it('sends a signed-out sharer to sign in and back to the upload page, and publishes only on "Upload"', async () => {
    const { uploadUrl, fragment } = await handOff('Haiku about rain');
    samPage = await e.newPage();
    await samPage.goto(`${uploadUrl}#${fragment}`);
    await samPage.waitForURL((url) => url.pathname === '/auth' && url.searchParams.get('redirect') === '/community/upload');
    expect(new URL(samPage.url()).hash).toBe('');
    await samPage.getByLabel('Email').fill(sam.user.email);
    await samPage.getByLabel('Password').fill(sam.password);
    await samPage.getByRole('button', { name: 'Sign in' }).click();
    await samPage.waitForURL((url) => url.pathname === '/community/upload');
    expect(new URL(samPage.url()).hash).toBe('');

    // The preview, rendered as the chat view renders it, showing the current version.
    await samPage.getByRole('heading', { name: 'Upload to Community' }).waitFor();
    const preview = samPage.getByRole('region', { name: /Preview/ });
    await preview.getByRole('article', { name: 'Assistant message' }).getByText('second version: grey sky, wet stones').waitFor();
    expect(await preview.getByRole('article', { name: 'Your message' }).getByRole('strong').textContent()).toBe('rain');
    expect(await samPage.getByLabel('Title').inputValue()).toBe('Haiku about rain');
    expect(await samPage.getByRole('radio', { name: 'Private', exact: true }).isChecked()).toBe(true);
    expect(await samPage.getByText('Publishing makes this chat visible to everyone on this hub.').count()).toBe(0);
    // Nothing is published before "Upload".
    expect(await publicTitles()).toEqual([]);

    await samPage.getByRole('radio', { name: 'Public', exact: true }).check();
    await samPage.getByText('Publishing makes this chat visible to everyone on this hub.').waitFor();
    // "Public" shows the thread alone: no way to the other version.
    expect(await preview.getByRole('group', { name: 'Versions' }).count()).toBe(0);
    await samPage.getByLabel('Title').fill('Rain haiku, public');
    await screenshot(samPage, 'community-upload');

    await samPage.getByRole('button', { name: 'Upload' }).click();
    await samPage.waitForURL((url) => /^\/community\/[^/]+$/.test(url.pathname) && url.pathname !== '/community/upload');
    uploaded.publicId = new URL(samPage.url()).pathname.split('/').at(-1);
    await samPage.getByRole('status').getByText(/^Published\./).waitFor();
    await samPage.getByRole('heading', { level: 1, name: 'Rain haiku, public' }).waitFor();
    expect(await samPage.evaluate((key) => sessionStorage.getItem(key), STORAGE_KEY)).toBeNull();
    expect(await publicTitles()).toEqual(['Rain haiku, public']);
  });

  it('lists and finds the public chat for a signed-out visitor, who reads the thread only', async () => {
    const visitor = await e.newPage();
    await visitor.goto('/community');
    const list = visitor.getByRole('list', { name: 'Community chats' });
    await list.getByRole('link', { name: /Rain haiku, public/ }).waitFor();
    await visitor.getByRole('link', { name: 'Sign in' }).waitFor();
    await screenshot(visitor, 'community-list');

    const search = visitor.getByRole('searchbox', { name: 'Search community chats' });
    await search.fill('nothing like this');
    await visitor.getByText('No public chats match "nothing like this".').waitFor();
    await search.fill('haiku');
    await list.getByRole('link', { name: /Rain haiku, public/ }).click();
    await visitor.waitForURL(`/community/${uploaded.publicId ?? ''}`);
    await visitor.getByRole('article', { name: 'Assistant message' }).getByText('second version: grey sky, wet stones').waitFor();
    expect(await visitor.getByText('first version').count()).toBe(0);
    expect(await visitor.getByRole('group', { name: 'Versions' }).count()).toBe(0);
    await visitor.context().close();
  });

  it('lets a visitor switch versions of a "Public, Full History" chat', async () => {
    const { uploadUrl, fragment } = await handOff('Haiku, every version', true);
    // Signed in already: straight to the form.
    await samPage.goto(`${uploadUrl}#${fragment}`);
    await samPage.getByRole('radio', { name: 'Public, Full History', exact: true }).check();
    await samPage.getByText('Every regenerated version is included', { exact: false }).waitFor();
    const preview = samPage.getByRole('region', { name: /Preview/ });
    await preview.getByRole('group', { name: 'Versions' }).getByText('2/2').waitFor();
    await samPage.getByRole('button', { name: 'Upload' }).click();
    await samPage.getByRole('heading', { level: 1, name: 'Haiku, every version' }).waitFor();
    uploaded.fullHistoryId = new URL(samPage.url()).pathname.split('/').at(-1);

    const visitor = await e.newPage();
    await visitor.goto(`/community/${uploaded.fullHistoryId ?? ''}`);
    const reply = visitor.getByRole('article', { name: 'Assistant message' });
    await reply.getByText('second version: grey sky, wet stones').waitFor();
    const versions = reply.getByRole('group', { name: 'Versions' });
    expect(await versions.getByText('2/2').isVisible()).toBe(true);
    await versions.getByRole('button', { name: 'Previous version' }).click();
    await reply.getByText('first version: drops on the tin roof').waitFor();
    expect(await versions.getByText('1/2').isVisible()).toBe(true);
    await screenshot(visitor, 'community-chat');
    await visitor.context().close();
  });

  it('changes visibility to Private in My uploads (then visitors get Not Found), and deletes behind a confirmation', async () => {
    const id = uploaded.publicId ?? '';
    await samPage.goto('/community');
    await samPage.getByRole('navigation', { name: 'Community' }).getByRole('link', { name: 'My uploads' }).click();
    await samPage.getByRole('heading', { level: 1, name: 'My uploads' }).waitFor();
    const row = samPage.getByRole('listitem').filter({ hasText: 'Rain haiku, public' });
    const visibility = row.getByRole('combobox', { name: 'Visibility' });
    expect(await visibility.inputValue()).toBe('public');
    expect(await samPage.getByRole('listitem').filter({ hasText: 'Haiku, every version' }).getByRole('combobox').inputValue()).toBe(
      'public_full_history',
    );
    await visibility.selectOption({ label: 'Private' });
    await samPage.getByRole('status').getByText('"Rain haiku, public" is now Private.').waitFor();
    expect(await publicTitles()).toEqual(['Haiku, every version']);

    const visitor = await e.newPage();
    await visitor.goto(`/community/${id}`);
    await visitor.getByRole('heading', { level: 1, name: 'Not Found' }).waitFor();
    expect(await visitor.getByText('second version').count()).toBe(0);
    await visitor.goto('/community');
    await visitor.getByRole('link', { name: /Haiku, every version/ }).waitFor();
    expect(await visitor.getByRole('link', { name: /Rain haiku, public/ }).count()).toBe(0);
    await visitor.context().close();
    // Its owner still reads it.
    expect((await sam.client.get(`/api/v1/community/chats/${id}`)).status).toBe(200);

    await row.getByRole('button', { name: 'Delete' }).click();
    const dialog = samPage.getByRole('dialog', { name: 'Delete this upload?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await row.count()).toBe(1);
    await row.getByRole('button', { name: 'Delete' }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await samPage.getByRole('status').getByText('Deleted "Rain haiku, public".', { exact: false }).waitFor();
    // The list follows once it is fetched again.
    await row.waitFor({ state: 'detached' });
    expect((await sam.client.get(`/api/v1/community/chats/${id}`)).status).toBe(404);
  });

  it("lets the hub's admin remove someone's upload from its page, behind a confirmation", async () => {
    const chat = await createChat(sam, { title: 'Spam', messages: [{ role: 'user', content: 'Buy cheap watches' }] });
    const handoff = await sam.client.post<Handoff>(`/api/v1/chats/${chat.id}/share/community`);
    const upload = await sam.client.post<{ id: string }>('/api/v1/community/chats', {
      title: 'Cheap watches',
      snapshot: handoff.body.snapshot,
      visibility: 'public',
    });
    expect(upload.status).toBe(201);
    // Sam, its uploader, is no moderator: no such button for him here.
    await samPage.goto(`/community/${upload.body.id}`);
    await samPage.getByRole('heading', { level: 1, name: 'Cheap watches' }).waitFor();
    expect(await samPage.getByRole('button', { name: 'Remove from Community' }).count()).toBe(0);

    const moderator = await e.newPage(admin);
    await moderator.goto(`/community/${upload.body.id}`);
    await moderator.getByRole('heading', { level: 1, name: 'Cheap watches' }).waitFor();
    await moderator.getByRole('button', { name: 'Remove from Community' }).click();
    const dialog = moderator.getByRole('dialog', { name: 'Remove this chat from the community?' });
    await screenshot(moderator, 'community-admin-remove');
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await moderator.waitForURL(/\/community$/);
    expect(await publicTitles('watches')).toEqual([]);
    expect((await sam.client.get(`/api/v1/community/chats/${upload.body.id}`)).status).toBe(404);
    await moderator.context().close();
  });

  it('shows Community in the sidebar on a hub, says so in words for a damaged or missing hand-off, and where the hub is off', async () => {
    await samPage.goto('/');
    const sidebar = samPage.getByRole('navigation', { name: 'Sidebar' });
    await sidebar.getByRole('link', { name: 'Community' }).click();
    await samPage.waitForURL('/community');
    await samPage.getByRole('heading', { level: 1, name: 'Community chats' }).waitFor();

    await samPage.goto('/community/upload#this-is-not-a-chat');
    await samPage.getByRole('heading', { level: 1, name: 'This upload link is damaged' }).waitFor();
    await samPage.goto('/community/upload');
    await samPage.getByRole('heading', { level: 1, name: 'No chat to upload' }).waitFor();

    expect((await admin.client.patch('/api/v1/admin/settings', { communityHub: { enabled: false } })).status).toBe(200);
    const visitor = await e.newPage();
    await visitor.goto('/community');
    await visitor.getByRole('heading', { level: 1, name: 'This Parley is not a community hub' }).waitFor();
    await visitor.context().close();
    const signedIn = await e.newPage(sam);
    await signedIn.goto('/');
    await signedIn.getByRole('navigation', { name: 'Sidebar' }).getByRole('link', { name: 'New Chat' }).waitFor();
    expect(await signedIn.getByRole('navigation', { name: 'Sidebar' }).getByRole('link', { name: 'Community' }).count()).toBe(0);
    await signedIn.context().close();
    await samPage.context().close();
  });
});
