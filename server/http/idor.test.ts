import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeModelServer, type FakeModelServer } from '../llm/testing/fake-model-server.js';
import { FAST_LIMITS } from '../llm/testing/limits.js';
import type { ApiClient } from '../test/client.js';
import { anonymous } from '../test/factories.js';
import { GENEROUS_RATE_LIMITS, startTestApp, type TestApp } from '../test/harness.js';
import { fillPath, openApiOperations, type Method, type Operation } from '../test/openapi.js';
import { startSpeechServer } from '../test/speech-server.js';
import { seedWorld, type World } from '../test/world.js';

/**
 * The IDOR matrix (issue 11): every operation of the OpenAPI document that takes an id, called on
 * the owner's resource as the owner, another user, an admin, a pending user and a signed-out
 * visitor, each with the status its row says. Another user's chat, link, key or upload is 404,
 * never 403 and never 200 (docs/api.md, Guards); an admin reaches other people's things only
 * through the admin API; a pending account gets 403 on every route that needs an approved one.
 * A refused call never shows the owner's text and changes nothing.
 *
 * A new id-taking route fails "classifies every id-taking operation" until it has a row here.
 */

type Role = 'owner' | 'other' | 'admin' | 'pending' | 'anonymous';
const ROLES: readonly Role[] = ['owner', 'other', 'admin', 'pending', 'anonymous'];
type Expected = Record<Role, number>;

/** The kinds of resource, each with the path parameters that name the owner's one. */
const RESOURCES = {
  chat: (w: World) => ({ id: w.chat.id }),
  fork: (w: World) => ({ id: w.forkId }),
  message: (w: World) => ({ id: w.chat.id, messageId: w.replyId }),
  share: (w: World) => ({ shareId: w.share.id }),
  'share message': (w: World) => ({ shareId: w.share.id, messageId: w.shareMessageId }),
  'API key': (w: World) => ({ id: w.apiKey.id }),
  'community upload': (w: World) => ({ id: w.uploadId }),
  'community file': (w: World) => ({ id: w.communityFile.id, fileId: w.communityFile.fileId }),
  user: (w: World) => ({ id: w.owner.user.id }),
  group: (w: World) => ({ id: w.groupId }),
  file: (w: World) => ({ id: w.fileId }),
  'chat file': (w: World) => ({ id: w.fileChatId, fileId: w.attachmentId }),
} satisfies Record<string, (w: World) => Record<string, string>>;
type Resource = keyof typeof RESOURCES;

interface Row {
  body?: unknown;
  /** The statuses by role; a kind may override some of them. */
  expect: Expected;
  kinds: Partial<Record<Resource, Partial<Expected>>>;
}

/** Private to its owner: others are told it does not exist. */
const OWNER_ONLY = { owner: 200, other: 404, admin: 404, pending: 403, anonymous: 401 } as const;
/** The admin API: admins only, whoever the resource belongs to. */
const ADMIN_ONLY = { owner: 403, other: 403, admin: 200, pending: 403, anonymous: 401 } as const;

const MATRIX: Record<string, Row> = {
  'DELETE /api/v1/auth/api-keys/{id}': { expect: { ...OWNER_ONLY, owner: 204 }, kinds: { 'API key': {} } },

  'GET /api/v1/chats/{id}': { expect: OWNER_ONLY, kinds: { chat: {}, fork: {} } },
  'PATCH /api/v1/chats/{id}': { body: { title: 'Renamed' }, expect: OWNER_ONLY, kinds: { chat: {}, fork: {} } },
  'DELETE /api/v1/chats/{id}': { expect: { ...OWNER_ONLY, owner: 204 }, kinds: { chat: {}, fork: {} } },
  'GET /api/v1/chats/{id}/export': { expect: OWNER_ONLY, kinds: { chat: {}, fork: {} } },
  'POST /api/v1/chats/{id}/messages': { body: { content: 'Hello?', stream: false }, expect: { ...OWNER_ONLY, owner: 201 }, kinds: { chat: {}, fork: {} } },
  'POST /api/v1/chats/{id}/messages/{messageId}/regenerate': { body: { stream: false }, expect: { ...OWNER_ONLY, owner: 201 }, kinds: { message: {} } },
  'POST /api/v1/chats/{id}/messages/{messageId}/stop': { expect: OWNER_ONLY, kinds: { message: {} } },

  'GET /api/v1/files/{id}': { expect: OWNER_ONLY, kinds: { file: {} } },
  'DELETE /api/v1/files/{id}': { expect: { ...OWNER_ONLY, owner: 204 }, kinds: { file: {} } },
  'GET /api/v1/chats/{id}/files/{fileId}': { expect: OWNER_ONLY, kinds: { 'chat file': {} } },

  'PUT /api/v1/chats/{id}/share': { body: {}, expect: OWNER_ONLY, kinds: { chat: {}, fork: { owner: 201 } } },
  'GET /api/v1/chats/{id}/share': { expect: OWNER_ONLY, kinds: { chat: {} } },
  'DELETE /api/v1/chats/{id}/share': { expect: { ...OWNER_ONLY, owner: 204 }, kinds: { chat: {} } },
  'POST /api/v1/chats/{id}/share/community': { expect: OWNER_ONLY, kinds: { chat: {}, fork: {} } },

  'PATCH /api/v1/shares/{shareId}': { body: { title: 'Renamed' }, expect: OWNER_ONLY, kinds: { share: {} } },
  'DELETE /api/v1/shares/{shareId}': { expect: { ...OWNER_ONLY, owner: 204 }, kinds: { share: {} } },
  // The link is restricted and names nobody (S7): only its owner may open it; signed out, 401 (S8).
  'GET /api/v1/shares/{shareId}': { expect: { ...OWNER_ONLY, pending: 404 }, kinds: { share: {} } },
  'POST /api/v1/shares/{shareId}/fork': { expect: { ...OWNER_ONLY, owner: 201 }, kinds: { share: {} } },
  'GET /api/v1/shares/{shareId}/messages/{messageId}/speech': { expect: { ...OWNER_ONLY, pending: 404 }, kinds: { 'share message': {} } },

  // A private upload: its owner only, and for everyone else as if it did not exist.
  'GET /api/v1/community/chats/{id}': { expect: { ...OWNER_ONLY, pending: 404, anonymous: 404 }, kinds: { 'community upload': {} } },
  'GET /api/v1/community/chats/{id}/files/{fileId}': { expect: { ...OWNER_ONLY, pending: 404, anonymous: 404 }, kinds: { 'community file': {} } },
  'PATCH /api/v1/community/chats/{id}': { body: { title: 'Renamed' }, expect: OWNER_ONLY, kinds: { 'community upload': {} } },
  // Issue 11 item 12 (in progress elsewhere) lets hub admins remove any upload: admin becomes 204 then.
  'DELETE /api/v1/community/chats/{id}': { expect: { ...OWNER_ONLY, owner: 204, admin: 204 }, kinds: { 'community upload': {} } },

  'PATCH /api/v1/admin/users/{id}': { body: { name: 'Renamed' }, expect: ADMIN_ONLY, kinds: { user: {} } },
  'DELETE /api/v1/admin/users/{id}': { expect: { ...ADMIN_ONLY, admin: 204 }, kinds: { user: {} } },
  'PATCH /api/v1/admin/groups/{id}': { body: { name: 'Renamed group' }, expect: ADMIN_ONLY, kinds: { group: {} } },
  'DELETE /api/v1/admin/groups/{id}': { expect: { ...ADMIN_ONLY, admin: 204 }, kinds: { group: {} } },
  'DELETE /api/v1/admin/shares/{shareId}': { expect: { ...ADMIN_ONLY, admin: 204 }, kinds: { share: {} } },
};

let fake: FakeModelServer;
let speech: Awaited<ReturnType<typeof startSpeechServer>>;
let t: TestApp;
let idTaking: Operation[];

beforeAll(async () => {
  fake = await startFakeModelServer();
  speech = await startSpeechServer();
  t = await startTestApp({ openai: { baseUrl: fake.baseUrl, apiKey: null }, llm: FAST_LIMITS, rateLimits: GENEROUS_RATE_LIMITS });
  idTaking = openApiOperations(t.app).filter((o) => o.pathParams.length > 0);
});
afterAll(async () => {
  await t.close();
  await fake.close();
  await speech.close();
});

/**
 * The world the next test runs in. A refused call changes nothing (each test checks it), so the
 * world is seeded again only after a write that succeeded.
 */
let world: World | null = null;
async function currentWorld(): Promise<World> {
  world ??= await seedWorld(t, speech.baseUrl);
  return world;
}
function afterCall(method: Method, status: number): void {
  if (method !== 'GET' && status < 400) world = null;
}

function clientOf(role: Role, w: World): ApiClient {
  switch (role) {
    case 'owner':
      return w.owner.client;
    case 'other':
      return w.other.client;
    case 'admin':
      return w.admin.client;
    case 'pending':
      return w.pending.client;
    case 'anonymous':
      return anonymous(t);
  }
}

/** What the owner and an admin see of the world: any change a refused call made shows here. */
async function stateOf(w: World): Promise<string> {
  const owner = w.owner.client;
  const reads = await Promise.all([
    owner.get(`/api/v1/chats/${w.chat.id}`),
    owner.get(`/api/v1/chats/${w.forkId}`),
    owner.get(`/api/v1/chats/${w.chat.id}/share`),
    owner.get(`/api/v1/shares/${w.share.id}`),
    owner.get('/api/v1/auth/api-keys'),
    owner.get(`/api/v1/community/chats/${w.uploadId}`),
    owner.get(`/api/v1/community/chats/${w.communityFile.id}`),
    owner.get('/api/v1/auth/me'),
    owner.get(`/api/v1/files/${w.fileId}`),
    owner.get(`/api/v1/chats/${w.fileChatId}/files/${w.attachmentId}`),
    w.admin.client.get('/api/v1/admin/groups'),
  ]);
  return JSON.stringify(reads.map((r) => [r.status, r.body]));
}

const cases = Object.entries(MATRIX).flatMap(([key, row]) =>
  Object.entries(row.kinds).flatMap(([kind, override]) =>
    ROLES.map((role) => ({ key, kind: kind as Resource, role, status: { ...row.expect, ...override }[role], body: row.body })),
  ),
);

describe('the IDOR matrix', () => {
  it('classifies every id-taking operation of the OpenAPI document, and only those', () => {
    expect(idTaking.length).toBeGreaterThan(20);
    const documented = idTaking.map((o) => o.key).sort();
    expect(Object.keys(MATRIX).sort(), 'each id-taking route needs a row in MATRIX').toEqual(documented);
  });

  for (const { key, kind, role, status, body } of cases) {
    it(`${key} on the owner’s ${kind} as ${role} → ${status}`, async () => {
      const operation = idTaking.find((o) => o.key === key);
      if (operation === undefined) throw new Error(`${key} is not in the OpenAPI document`);
      const w = await currentWorld();
      const before = status >= 400 ? await stateOf(w) : '';
      const url = fillPath(operation, RESOURCES[kind](w));
      const reply = await clientOf(role, w).request(operation.method, url, { body });
      afterCall(operation.method, reply.status);
      expect(reply.status, reply.text).toBe(status);
      if (status >= 400) {
        expect(reply.text).not.toContain(w.secret);
        expect((reply.body as { error?: { code?: string } }).error?.code).toBeTypeOf('string');
        expect(await stateOf(w), 'a refused call changed nothing').toBe(before);
      }
    });
  }
});

describe("someone else's message under one's own chat", () => {
  // Each message route looks the message up within the chat of the path: the other user's own
  // chat with the owner's message id must not reach the owner's message.
  const mixed: { name: string; method: Method; path: (w: World, own: string) => string; body?: (w: World) => unknown }[] = [
    { name: 'regenerate', method: 'POST', path: (w, own) => `/api/v1/chats/${own}/messages/${w.replyId}/regenerate`, body: () => ({ stream: false }) },
    { name: 'stop', method: 'POST', path: (w, own) => `/api/v1/chats/${own}/messages/${w.replyId}/stop` },
    { name: 'reply under it', method: 'POST', path: (_w, own) => `/api/v1/chats/${own}/messages`, body: (w) => ({ content: 'Hi', parentId: w.replyId, stream: false }) },
    { name: 'show it', method: 'PATCH', path: (_w, own) => `/api/v1/chats/${own}`, body: (w) => ({ currentMessageId: w.replyId }) },
    { name: 'share up to it', method: 'PUT', path: (_w, own) => `/api/v1/chats/${own}/share`, body: (w) => ({ upToMessageId: w.replyId }) },
  ];

  for (const { name, method, path, body } of mixed) {
    it(`${name}: refused, and the owner’s text stays out of the reply`, async () => {
      const w = await currentWorld();
      const own = await w.other.client.post<{ chat: { id: string } }>('/api/v1/chats', { title: 'Mine', messages: [{ role: 'user', content: 'Mine' }] });
      const before = await stateOf(w);
      const reply = await w.other.client.request(method, path(w, own.body.chat.id), { body: body?.(w) });
      afterCall(method, reply.status);
      expect([400, 404]).toContain(reply.status);
      expect(reply.text).not.toContain(w.secret);
      expect(await stateOf(w)).toBe(before);
    });
  }
});
