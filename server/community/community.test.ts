import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommunityChat, CommunityChatView, CommunityHandoff } from '../../common/api/community.js';
import type { Page } from '../../common/api/common.js';
import type { InstanceConfig } from '../../common/api/settings.js';
import { anonymous, appendMessages, createChat, createUser, type TestUser } from '../test/factories.js';
import { startTestApp, type TestApp } from '../test/harness.js';

type Handoff = CommunityHandoff;
type CommunityView = CommunityChatView;
type CommunityList = Page<CommunityChat>;

let t: TestApp;
let admin: TestUser;
let ada: TestUser;
let bob: TestUser;
beforeEach(async () => {
  t = await startTestApp();
  admin = await createUser(t, { role: 'admin' });
  ada = await createUser(t);
  bob = await createUser(t);
});
afterEach(async () => {
  await t.close();
});

/** A chat with a regenerated reply: the thread shows the second version. */
async function branchedHandoff(): Promise<Handoff> {
  const chat = await createChat(ada, {
    title: 'Haiku about rain',
    messages: [
      { role: 'user', content: 'Write a haiku about rain' },
      { role: 'assistant', content: 'first version' },
    ],
  });
  await appendMessages(t, chat.id, chat.messages[0]?.id ?? null, [{ role: 'assistant', content: 'second version' }]);
  const reply = await ada.client.post<Handoff>(`/api/v1/chats/${chat.id}/share/community`);
  expect(reply.status).toBe(200);
  return reply.body;
}

describe('Share to Community (S17)', () => {
  it('is refused while the admin has community sharing off, and hands over the snapshot when on', async () => {
    const chat = await createChat(ada, { messages: 2 });
    const refused = await ada.client.post(`/api/v1/chats/${chat.id}/share/community`);
    expect(refused.status).toBe(403);
    await admin.client.patch('/api/v1/admin/settings', { enableCommunitySharing: true, communityUrl: 'https://hub.example' });
    const handoff = await branchedHandoff();
    expect(handoff.uploadUrl).toBe('https://hub.example/community/upload');
    expect(handoff.snapshot.messages.map((m) => m.content).sort()).toEqual(['Write a haiku about rain', 'first version', 'second version']);
    expect(handoff.snapshot.messages.find((m) => m.id === handoff.snapshot.currentMessageId)?.content).toBe('second version');
    // Nothing was shared or published by handing over.
    expect(await t.db.selectFrom('shares').select('id').execute()).toEqual([]);
    expect((await bob.client.post(`/api/v1/chats/${chat.id}/share/community`)).status).toBe(404);
    expect((await admin.client.patch('/api/v1/admin/settings', { enableCommunitySharing: false })).status).toBe(200);
    expect((await ada.client.post(`/api/v1/chats/${chat.id}/share/community`)).status).toBe(403);
  });

  it('needs only the toggle: with no Community URL the instance is its own community', async () => {
    const config = () => anonymous(t).get<InstanceConfig>('/api/v1/config');
    expect((await config()).body.features).toMatchObject({ communitySharing: false, communityUrl: null, communityHub: false });
    await admin.client.patch('/api/v1/admin/settings', { enableCommunitySharing: true });
    expect((await config()).body.features).toMatchObject({ communitySharing: true, communityUrl: t.config.publicUrl, communityHub: true });

    const handoff = await branchedHandoff();
    expect(handoff.uploadUrl).toBe(`${t.config.publicUrl}/community/upload`);
    const upload = await ada.client.post<{ id: string }>('/api/v1/community/chats', {
      title: 'Rain on our own hub',
      snapshot: handoff.snapshot,
      visibility: 'public',
    });
    expect(upload.status).toBe(201);
    const listed = await bob.client.get<CommunityList>('/api/v1/community/chats');
    expect(listed.body.items.map((c) => c.title)).toEqual(['Rain on our own hub']);

    // A Community URL sends it elsewhere, and this instance is a hub only if the admin made it one.
    await admin.client.patch('/api/v1/admin/settings', { communityUrl: 'https://hub.example' });
    expect((await config()).body.features).toMatchObject({ communityUrl: 'https://hub.example', communityHub: false });
    expect((await bob.client.get('/api/v1/community/chats')).status).toBe(404);
  });
});

describe('the community hub (S18)', () => {
  it('answers 404 on an instance that is not a hub', async () => {
    expect((await anonymous(t).get('/api/v1/community/chats')).status).toBe(404);
  });

  it('publishes Private, Public or Public, Full History, and shows each as it allows', async () => {
    await admin.client.patch('/api/v1/admin/settings', {
      enableCommunitySharing: true,
      communityUrl: 'https://hub.example',
      communityHub: { enabled: true },
    });
    const handoff = await branchedHandoff();
    const upload = (visibility: string, title: string) =>
      ada.client.post<{ id: string; url: string }>('/api/v1/community/chats', { title, snapshot: handoff.snapshot, visibility });
    expect((await anonymous(t).post('/api/v1/community/chats', { title: 'x', snapshot: handoff.snapshot, visibility: 'public' })).status).toBe(401);
    const privately = await upload('private', 'Rain, private');
    const publicly = await upload('public', 'Rain, public');
    const fully = await upload('public_full_history', 'Rain, full history');
    expect(publicly.status).toBe(201);
    expect(publicly.body.url).toMatch(/\/community\/[A-Za-z0-9_-]{22}$/);

    const see = (who: TestUser | null, id: string) => (who ? who.client : anonymous(t)).get<CommunityView>(`/api/v1/community/chats/${id}`);
    expect((await see(bob, privately.body.id)).status).toBe(404);
    expect((await see(ada, privately.body.id)).body.messages).toHaveLength(3);
    expect((await see(null, publicly.body.id)).body.messages.map((m) => m.content)).toEqual(['Write a haiku about rain', 'second version']);
    expect((await see(null, fully.body.id)).body.messages).toHaveLength(3);

    const listed = await anonymous(t).get<CommunityList>('/api/v1/community/chats');
    expect(listed.body.items.map((c) => c.title)).toEqual(['Rain, full history', 'Rain, public']);
    const searched = await anonymous(t).get<CommunityList>('/api/v1/community/chats?q=FULL');
    expect(searched.body.items.map((c) => c.title)).toEqual(['Rain, full history']);
    const mine = await ada.client.get<CommunityList>('/api/v1/community/chats/mine');
    expect(mine.body.items).toHaveLength(3);
    expect((await bob.client.get<CommunityList>('/api/v1/community/chats/mine')).body.items).toEqual([]);

    // Changed later in the uploader's hub account; only they can.
    expect((await bob.client.patch(`/api/v1/community/chats/${publicly.body.id}`, { visibility: 'private' })).status).toBe(404);
    expect((await ada.client.patch(`/api/v1/community/chats/${publicly.body.id}`, { visibility: 'private' })).status).toBe(200);
    expect((await see(bob, publicly.body.id)).status).toBe(404);
    expect((await bob.client.delete(`/api/v1/community/chats/${fully.body.id}`)).status).toBe(404);
    expect((await ada.client.delete(`/api/v1/community/chats/${fully.body.id}`)).status).toBe(204);
    expect((await see(null, fully.body.id)).status).toBe(404);
  });

  it("lets the hub's admin remove anyone's upload, private ones too, and nobody else", async () => {
    await admin.client.patch('/api/v1/admin/settings', { communityHub: { enabled: true }, enableCommunitySharing: true, communityUrl: 'https://hub.example' });
    const handoff = await branchedHandoff();
    const upload = (visibility: string) => ada.client.post<{ id: string }>('/api/v1/community/chats', { title: 'Spam', snapshot: handoff.snapshot, visibility });
    const publicly = await upload('public');
    const privately = await upload('private');
    expect((await bob.client.delete(`/api/v1/community/chats/${publicly.body.id}`)).status).toBe(404);
    expect((await admin.client.delete(`/api/v1/community/chats/${publicly.body.id}`)).status).toBe(204);
    expect((await admin.client.delete(`/api/v1/community/chats/${privately.body.id}`)).status).toBe(204);
    expect((await admin.client.delete(`/api/v1/community/chats/${privately.body.id}`)).status).toBe(404);
    expect((await ada.client.get<CommunityList>('/api/v1/community/chats/mine')).body.items).toEqual([]);
  });

  it('refuses malformed snapshots with 400 naming the field, and stores nothing', async () => {
    await admin.client.patch('/api/v1/admin/settings', { communityHub: { enabled: true } });
    const m = (id: string, parentId: string | null, role = 'user') => ({ id, parentId, role, content: 'x' });
    const cases: [unknown, string][] = [
      [{ messages: [m('a', 'b'), m('b', null)], currentMessageId: 'a' }, 'snapshot.messages.0.parentId'],
      [{ messages: [m('a', null), m('a', null)], currentMessageId: 'a' }, 'snapshot.messages.1.id'],
      [{ messages: [m('a', null)], currentMessageId: 'zzz' }, 'snapshot.currentMessageId'],
      [{ messages: [m('a', null, 'system')], currentMessageId: 'a' }, 'snapshot.messages.0.role'],
      [{ messages: 'nope', currentMessageId: null }, 'snapshot.messages'],
    ];
    for (const [snapshot, field] of cases) {
      const reply = await ada.client.post<{ error: { fields?: { field: string }[] } }>('/api/v1/community/chats', {
        title: 'Bad',
        snapshot,
        visibility: 'public',
      });
      expect(reply.status, field).toBe(400);
      expect(reply.body.error.fields?.map((f) => f.field), field).toContain(field);
    }
    expect((await ada.client.post('/api/v1/community/chats', { title: 'x', snapshot: { messages: [], currentMessageId: null }, visibility: 'everyone' })).status).toBe(400);
    expect(await t.db.selectFrom('community_chats').select('id').execute()).toEqual([]);
    expect(await t.db.selectFrom('snapshots').select('id').execute()).toEqual([]);
  });

  it('deletes a user’s uploads and their text with the user', async () => {
    await admin.client.patch('/api/v1/admin/settings', { communityHub: { enabled: true } });
    const snapshot = { messages: [{ id: 'a', parentId: null, role: 'user', content: 'uploaded words' }], currentMessageId: 'a' };
    const upload = await ada.client.post<{ id: string }>('/api/v1/community/chats', { title: 'Mine', snapshot, visibility: 'public' });
    expect((await admin.client.delete(`/api/v1/admin/users/${ada.user.id}`)).status).toBe(204);
    expect((await anonymous(t).get(`/api/v1/community/chats/${upload.body.id}`)).status).toBe(404);
    expect((await t.db.selectFrom('message_bodies').select('content').execute()).map((b) => b.content)).not.toContain('uploaded words');
    expect(await t.db.selectFrom('snapshots').select('id').execute()).toEqual([]);
  });
});
