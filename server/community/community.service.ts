import type { HandedSnapshot } from '../../common/api/community.js';
import { threadTo } from '../../common/tree.js';
import { listMessagesWithContent } from '../chats/chats.repository.js';
import { getOwnChat } from '../chats/chats.service.js';
import { putBodies } from '../content/bodies.repository.js';
import { readBlob } from '../content/files.js';
import { findSnapshotFile, putBlobs, withAttachments } from '../content/files.repository.js';
import { presentNode } from '../content/content.presenter.js';
import { deleteWithContent } from '../content/references.js';
import { buildSnapshot, freezeTree } from '../content/snapshot.js';
import { findSnapshot, insertSnapshot, isOnThread, readSnapshot } from '../content/snapshots.repository.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { retryOnRace } from '../db/errors.js';
import type { CommunityChatRow, CommunityVisibility, UserRow } from '../db/schema.js';
import { BadRequestError, ForbiddenError, NotFoundError } from '../http/errors.js';
import { decodeCursor, toPage } from '../http/pagination.js';
import { newId, nowIso } from '../lib/ids.js';
import type { Settings } from '../settings/settings.schema.js';
import { communityTarget, isCommunityHub } from '../settings/settings.service.js';
import {
  findCommunityChat,
  insertCommunityChat,
  listCommunityChats,
  updateCommunityChat,
} from './community.repository.js';
import { handOffFiles } from './handoff-files.js';
import { checkHubFiles, nodeFilesOf, withBlobsOnDisk } from './hub-files.js';

const notFound = () => new NotFoundError('Not Found');

function requireHub(settings: Settings): void {
  if (!isCommunityHub(settings)) throw new NotFoundError('This instance is not a community hub.');
}

/** Parents must come before their children, so the tree has no cycle; the shown node must exist. */
function checkTree(snapshot: HandedSnapshot): void {
  const seen = new Set<string>();
  snapshot.messages.forEach((m, i) => {
    if (seen.has(m.id)) throw new BadRequestError('Message ids must be unique.', [{ field: `snapshot.messages.${i}.id`, message: 'is repeated' }]);
    if (m.parentId !== null && !seen.has(m.parentId)) {
      throw new BadRequestError('Each parentId must name an earlier message.', [
        { field: `snapshot.messages.${i}.parentId`, message: 'does not name an earlier message' },
      ]);
    }
    seen.add(m.id);
  });
  if (snapshot.currentMessageId !== null && !seen.has(snapshot.currentMessageId)) {
    throw new BadRequestError('currentMessageId is not one of the messages.', [
      { field: 'snapshot.currentMessageId', message: 'is not one of the messages' },
    ]);
  }
}

/**
 * On the hub (rule S18): publishes a handed-over snapshot with the visibility the uploader chose,
 * its images checked by their bytes and stored once by hash, referred to by the snapshot's nodes.
 */
export async function uploadToCommunity(
  db: Db,
  settings: Settings,
  dataDir: string,
  actor: UserRow,
  input: { title: string; snapshot: HandedSnapshot; visibility: CommunityVisibility },
): Promise<CommunityChatRow> {
  requireHub(settings);
  checkTree(input.snapshot);
  const files = await checkHubFiles(settings.files, input.snapshot);
  const blobs = [...files.values()];
  return withBlobsOnDisk(db, dataDir, blobs, () =>
    retryOnRace(() =>
      db.transaction().execute(async (trx) => {
        await putBlobs(trx, blobs.map((f) => ({ hash: f.hash, size: f.bytes.length, mediaType: f.mediaType })));
        const hashes = await putBodies(trx, input.snapshot.messages.map((m) => m.content));
        const now = nowIso();
        const snapshot = freezeTree(
          input.snapshot.messages.map((m, i) => ({
            key: m.id,
            parentKey: m.parentId,
            role: m.role,
            bodyHash: hashes[i] ?? '',
            model: m.model ?? null,
            status: m.status ?? 'complete',
            createdAt: m.createdAt === undefined ? now : new Date(m.createdAt).toISOString(),
            files: nodeFilesOf(files, m.fileIds),
          })),
          input.snapshot.currentMessageId,
        );
        const snapshotId = await insertSnapshot(trx, snapshot);
        const chat = { id: newId(), user_id: actor.id, title: input.title, visibility: input.visibility, snapshot_id: snapshotId, created_at: now, updated_at: now };
        await insertCommunityChat(trx, chat);
        return chat;
      }),
    ),
  );
}

type ListQuery = { q?: string | undefined; limit: number; cursor?: string | undefined };

async function pageOf(db: Db, userId: string | null, query: ListQuery) {
  const rows = await listCommunityChats(db, { userId, q: query.q ? query.q : null, limit: query.limit + 1, after: decodeCursor(query.cursor) });
  return toPage(rows, query.limit, (row) => ({ at: row.updated_at, id: row.id }));
}

/** The hub's public chats, newest first, searchable by title; anyone may browse them. */
export async function listPublicCommunityChats(db: Db, settings: Settings, query: ListQuery) {
  requireHub(settings);
  return pageOf(db, null, query);
}

/** The actor's own uploads, whatever their visibility. */
export async function listOwnCommunityChats(db: Db, settings: Settings, actor: UserRow, query: ListQuery) {
  requireHub(settings);
  return pageOf(db, actor.id, query);
}

/** The upload, if this viewer may see it: a private one is its owner's alone. */
async function visibleUpload(db: Db, viewer: UserRow | null, id: string) {
  const chat = await findCommunityChat(db, id);
  const isOwner = chat !== undefined && viewer?.id === chat.user_id;
  if (!chat || (chat.visibility === 'private' && !isOwner)) throw notFound();
  // "Public" shows others the thread alone; its owner and "full history" show every branch.
  return { chat, threadOnly: chat.visibility === 'public' && !isOwner };
}

/** One upload as its visibility allows, with the files of the messages shown. */
export async function viewCommunityChat(db: Db, settings: Settings, viewer: UserRow | null, id: string) {
  requireHub(settings);
  const { chat, threadOnly } = await visibleUpload(db, viewer, id);
  const snapshot = await readSnapshot(db, chat.snapshot_id);
  const nodes = snapshot.nodes.map((n) => ({ ...n, parentId: n.parent_id }));
  const currentNodeId = snapshot.currentNodeId;
  const shown = threadOnly ? threadTo(nodes, currentNodeId) : nodes;
  return { chat, nodes: await withAttachments(db, shown), currentNodeId };
}

/**
 * A file of an upload, by the snapshot's own file id, to whoever may see the message that carries
 * it, while the upload exists (rule S21 on the hub); anything else is not found. Reads no text.
 */
export async function readCommunityFile(db: Db, settings: Settings, dataDir: string, viewer: UserRow | null, id: string, fileId: string) {
  requireHub(settings);
  const { chat, threadOnly } = await visibleUpload(db, viewer, id);
  let file = await findSnapshotFile(db, fileId, chat.snapshot_id);
  if (file && threadOnly) {
    const current = (await findSnapshot(db, chat.snapshot_id))?.current_node_id ?? null;
    if (current === null || !(await isOnThread(db, current, file.node_id))) file = undefined;
  }
  const bytes = file ? await readBlob(dataDir, file.hash) : null;
  if (!file || !bytes) throw new NotFoundError('File not found.');
  return { file, bytes };
}

async function ownUpload(db: Db, actor: UserRow, id: string): Promise<CommunityChatRow> {
  const chat = await findCommunityChat(db, id);
  if (chat?.user_id !== actor.id) throw notFound();
  return chat;
}

/** Owner only: changes an upload's visibility or title. */
export async function updateOwnCommunityChat(
  db: Db,
  settings: Settings,
  actor: UserRow,
  id: string,
  patch: { visibility?: CommunityVisibility | undefined; title?: string | undefined },
): Promise<CommunityChatRow> {
  requireHub(settings);
  await ownUpload(db, actor, id);
  const updated = await updateCommunityChat(db, id, {
    ...(patch.visibility !== undefined && { visibility: patch.visibility }),
    ...(patch.title !== undefined && { title: patch.title }),
    updated_at: nowIso(),
  });
  if (!updated) throw notFound();
  return updated;
}

/**
 * Its owner, or the hub's admin removing what should not be there: deletes an upload, and its text
 * with it unless something else uses it. Anyone else gets the 404 of an unknown upload.
 */
export async function deleteCommunityChat(db: Db, settings: Settings, actor: UserRow, id: string): Promise<void> {
  requireHub(settings);
  await retryOnRace(() =>
    db.transaction().execute(async (trx) => {
      if (actor.role === 'admin') {
        if (!(await findCommunityChat(trx, id))) throw notFound();
      } else {
        await ownUpload(trx, actor, id);
      }
      await deleteWithContent(trx, 'communityChats', [id]);
    }),
  );
}

/**
 * On the instance the chat lives on: "Share to Community" (rule S17). Refused unless the admin turned
 * community sharing on; gives the hub's upload page and the snapshot to take there, every branch
 * included (the uploader chooses on the hub how much is public), with the images that fit in the
 * hand-off and the names of the files left out. Nothing is stored or published here.
 */
export async function prepareCommunityHandoff(db: Db, settings: Settings, config: Pick<Config, 'publicUrl' | 'dataDir'>, actor: UserRow, chatId: string) {
  const hub = communityTarget(settings, config.publicUrl);
  if (hub === null) throw new ForbiddenError('Community sharing is turned off on this instance.');
  if (!settings.sharing.enabled && actor.role !== 'admin') throw new ForbiddenError('Sharing is turned off on this instance.');
  const chat = await getOwnChat(db, actor, chatId);
  const messages = await withAttachments(db, await listMessagesWithContent(db, chat.id));
  const content = new Map(messages.map((m) => [m.body_hash, m.content]));
  const facts = new Map(messages.flatMap((m) => (m.attachments ?? []).map((a) => [a.hash, { mediaType: a.mediaType, size: a.size }] as const)));
  const snapshot = buildSnapshot(messages, chat.current_message_id, { includeHistory: true });
  const uploadUrl = `${hub}/community/upload`;
  const text = {
    messages: snapshot.nodes.map((n) =>
      presentNode({
        id: n.id,
        parent_id: n.parentId,
        role: n.role,
        content: content.get(n.bodyHash) ?? '',
        model: n.model,
        status: n.status,
        created_at: n.createdAt,
      }),
    ),
    currentMessageId: snapshot.currentNodeId,
  };
  const { files, fileIdsOf, leftOut } = await handOffFiles(config.dataDir, snapshot, facts, uploadUrl, {
    title: chat.title,
    snapshot: { ...text, files: [] },
    leftOut: [],
  });
  return {
    uploadUrl,
    title: chat.title,
    snapshot: {
      messages: text.messages.map((m) => {
        const fileIds = fileIdsOf.get(m.id);
        return fileIds ? { ...m, fileIds } : m;
      }),
      currentMessageId: text.currentMessageId,
      files,
    },
    leftOut,
  };
}
