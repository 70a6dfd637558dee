import type { SettingsPatchInput } from '../../common/api/settings.js';
import type { ApiClient } from './client.js';
import { appendMessages, createChat, createUser, shareChat, type TestChat, type TestShare, type TestUser } from './factories.js';
import { PNG_1X1, PNG_1X1_RED, uploadTestFile } from './files.js';
import type { TestApp } from './harness.js';

/**
 * A small instance with one of every kind of resource, all of them the `owner`'s, and the people
 * who try to reach them: for the fuzz test and the IDOR matrix (server/http/).
 */
export interface World {
  admin: TestUser;
  owner: TestUser;
  other: TestUser;
  pending: TestUser;
  /** The owner's chat: a prompt, a reply, a second prompt and its reply. */
  chat: TestChat;
  promptId: string;
  replyId: string;
  /** A restricted link to the chat that names nobody: only its owner may open it. */
  share: TestShare;
  /** A snapshot message id of the link (as the viewer API gives them). */
  shareMessageId: string;
  /** The owner's fork of the admin's link. */
  forkId: string;
  apiKey: { id: string; key: string };
  groupId: string;
  /** The owner's private community upload. */
  uploadId: string;
  /** The owner's upload that no message carries. */
  fileId: string;
  /** The owner's other chat, whose first message carries a file. */
  fileChatId: string;
  /** That file, by the id of the message's attachment. */
  attachmentId: string;
  /** The owner's private community upload of that chat, and its image by the upload's file id. */
  communityFile: { id: string; fileId: string };
  /** A secret that only the owner's resources hold, to check that no one else is shown it. */
  secret: string;
}

/** Settings under which every route is reachable: sharing, public links, the hub, speech and uploads on. */
export function openSettings(speechBaseUrl: string): SettingsPatchInput {
  return {
    signup: { enabled: true, defaultRole: 'user' },
    sharing: { enabled: true, publicLinks: true, defaultAccess: 'members' },
    enableCommunitySharing: true,
    communityUrl: null,
    communityHub: { enabled: true },
    tts: { engine: 'openai', baseUrl: speechBaseUrl, model: 'tts-1', voice: 'alloy', apiKey: null },
    connections: [],
    files: { maxBytes: 20 * 1024 * 1024, allowedTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain'] },
  };
}

async function expectStatus<T>(reply: Promise<{ status: number; body: T; text: string }>, status: number, what: string): Promise<T> {
  const response = await reply;
  if (response.status !== status) throw new Error(`${what}: ${response.status} ${response.text}`);
  return response.body;
}

/**
 * Seeds a fresh world; the settings are reset to `openSettings` first. The app needs a model
 * server that answers (a file is attached by sending a message).
 */
export async function seedWorld(t: TestApp, speechBaseUrl: string): Promise<World> {
  const admin = await createUser(t, { role: 'admin', name: 'World Admin' });
  const owner = await createUser(t, { name: 'World Owner' });
  const other = await createUser(t, { name: 'World Other' });
  const pending = await createUser(t, { role: 'pending', name: 'World Pending' });
  await expectStatus(admin.client.patch('/api/v1/admin/settings', openSettings(speechBaseUrl)), 200, 'settings');

  const secret = `secret-${Math.random().toString(36).slice(2)}`;
  const chat = await createChat(owner, {
    title: `Owner's ${secret}`,
    messages: [
      { role: 'user', content: `First question ${secret}` },
      { role: 'assistant', content: `First answer ${secret}`, model: 'test-model' },
    ],
  });
  const [promptId, replyId] = await appendMessages(t, chat.id, chat.currentMessageId, [
    { role: 'user', content: `Second question ${secret}` },
    { role: 'assistant', content: `Second answer ${secret}`, model: 'test-model' },
  ]);
  if (promptId === undefined || replyId === undefined) throw new Error('seedWorld: no messages appended');
  const share = await shareChat(owner, chat.id, { access: 'restricted', userIds: [], groupIds: [] });
  const viewed = await expectStatus(owner.client.get<{ messages: { id: string }[] }>(`/api/v1/shares/${share.id}`), 200, 'view');
  const shareMessageId = viewed.messages[0]?.id;
  if (shareMessageId === undefined) throw new Error('seedWorld: the link has no messages');

  const adminChat = await createChat(admin, { messages: 2 });
  const adminShare = await shareChat(admin, adminChat.id, { access: 'members' });
  const fork = await expectStatus(owner.client.post<{ chatId: string }>(`/api/v1/shares/${adminShare.id}/fork`), 201, 'fork');

  const apiKey = await expectStatus(owner.client.post<{ id: string; key: string }>('/api/v1/auth/api-keys', { name: 'World key' }), 201, 'api key');
  const group = await expectStatus(
    admin.client.post<{ group: { id: string } }>('/api/v1/admin/groups', { name: `Group ${secret}`, userIds: [owner.user.id] }),
    201,
    'group',
  );
  const upload = await uploadToCommunity(owner.client, chat.id);
  const file = await uploadTestFile(owner.client, PNG_1X1, `pixel ${secret}.png`);
  const attached = await uploadTestFile(owner.client, PNG_1X1_RED, 'red.png');
  const fileChat = await createChat(owner, { title: 'With a file' });
  const sent = await expectStatus(
    owner.client.post<{ userMessage: { attachments?: { id: string }[] } }>(`/api/v1/chats/${fileChat.id}/messages`, {
      content: 'What is in this picture?',
      attachments: [attached.id],
      stream: false,
    }),
    201,
    'message with a file',
  );
  const attachmentId = sent.userMessage.attachments?.[0]?.id;
  if (attachmentId === undefined) throw new Error('seedWorld: the message carries no file');
  const fileUpload = await uploadToCommunity(owner.client, fileChat.id);
  const fileView = await expectStatus(
    owner.client.get<{ messages: { attachments?: { id: string }[] }[] }>(`/api/v1/community/chats/${fileUpload}`),
    200,
    'community upload with a file',
  );
  const communityFileId = fileView.messages.flatMap((m) => m.attachments ?? [])[0]?.id;
  if (communityFileId === undefined) throw new Error('seedWorld: the community upload carries no file');
  return {
    admin,
    owner,
    other,
    pending,
    chat,
    promptId,
    replyId,
    share,
    shareMessageId,
    forkId: fork.chatId,
    apiKey: { id: apiKey.id, key: apiKey.key },
    groupId: group.group.id,
    uploadId: upload,
    fileId: file.id,
    fileChatId: fileChat.id,
    attachmentId,
    communityFile: { id: fileUpload, fileId: communityFileId },
    secret,
  };
}

/** Share to Community, then the upload the hub's page would post: private, the owner's only. */
async function uploadToCommunity(client: ApiClient, chatId: string): Promise<string> {
  const handOff = await expectStatus(
    client.post<{ title: string; snapshot: unknown }>(`/api/v1/chats/${chatId}/share/community`),
    200,
    'community hand-off',
  );
  const uploaded = await expectStatus(
    client.post<{ id: string }>('/api/v1/community/chats', { title: handOff.title, snapshot: handOff.snapshot, visibility: 'private' }),
    201,
    'community upload',
  );
  return uploaded.id;
}
