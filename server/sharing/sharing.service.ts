import type { z } from 'zod';
import type { patchShareBody, putShareBody } from '../../common/api/sharing.js';
import { insertChat, listSnapshotSources } from '../chats/chats.repository.js';
import { getOwnChat } from '../chats/chats.service.js';
import { collectContent, deleteWithContent } from '../content/references.js';
import { buildSnapshot } from '../content/snapshot.js';
import { withChatAttachments, withNodeAttachments } from '../content/files.repository.js';
import { findSnapshot, insertSnapshot, readSnapshot } from '../content/snapshots.repository.js';
import type { Db } from '../db/database.js';
import { retryOnRace } from '../db/errors.js';
import type { ShareAccess, ShareRow, UserRow } from '../db/schema.js';
import { BadRequestError, ConflictError, ForbiddenError, type FieldProblem } from '../http/errors.js';
import { decodeCursor, toPage } from '../http/pagination.js';
import { newId, nowIso } from '../lib/ids.js';
import type { Settings } from '../settings/settings.schema.js';
import { SETTINGS_KEY, type SettingsStore } from '../settings/settings.service.js';
import { countExisting, findUserById } from '../users/users.repository.js';
import { shareNotFound, viewableShare } from './access.js';
import { listOwnShares as listOwnSharesOf } from './own-shares.repository.js';
import type { Grants } from './sharing.presenter.js';
import {
  bumpShareVersion,
  findShare,
  findShareByChat,
  insertShareIfAbsent,
  listGrants,
  listShareIdsOfUser,
  listShares,
  replaceGrants,
  replaceInvites,
  updateShare,
} from './sharing.repository.js';

type ParsedPutShare = z.infer<typeof putShareBody>;
type ParsedShareSettings = z.infer<typeof patchShareBody>;

export interface ShareWithGrants {
  share: ShareRow;
  grants: Grants | undefined;
}

/** Checks that the instance allows these link settings, and that they name real users and groups. */
async function checkSettings(db: Db, settings: Settings, actor: UserRow, input: ParsedShareSettings): Promise<void> {
  if (!settings.sharing.enabled && actor.role !== 'admin') {
    throw new ForbiddenError('Sharing is turned off on this instance.');
  }
  if (input.access === 'public' && !settings.sharing.publicLinks) {
    throw new ForbiddenError('Public links are not allowed on this instance.');
  }
  const problems: FieldProblem[] = [];
  if (input.expiresAt !== undefined && input.expiresAt !== null && input.expiresAt <= nowIso()) {
    problems.push({ field: 'expiresAt', message: 'must be in the future' });
  }
  const userIds = [...new Set(input.userIds ?? [])];
  if ((await countExisting(db, 'users', userIds)) !== userIds.length) problems.push({ field: 'userIds', message: 'names unknown users' });
  const groupIds = [...new Set(input.groupIds ?? [])];
  if ((await countExisting(db, 'groups', groupIds)) !== groupIds.length) {
    problems.push({ field: 'groupIds', message: 'names unknown groups' });
  }
  if (problems.length > 0) throw new BadRequestError(problems.map((p) => `${p.field} ${p.message}`).join('; '), problems);
}

function settingsColumns(input: ParsedShareSettings): Partial<ShareRow> {
  return {
    ...(input.title !== undefined && { title: input.title }),
    ...(input.showName !== undefined && { show_name: input.showName ? 1 : 0 }),
    ...(input.access !== undefined && { access: input.access }),
    ...(input.expiresAt !== undefined && { expires_at: input.expiresAt }),
  };
}

async function saveGrants(db: Db, share: ShareRow, input: ParsedShareSettings): Promise<Grants | undefined> {
  if (input.userIds !== undefined || input.groupIds !== undefined) {
    const current = (await listGrants(db, [share.id])).get(share.id);
    await replaceGrants(
      db,
      share.id,
      [...new Set(input.userIds ?? current?.userIds ?? [])],
      [...new Set(input.groupIds ?? current?.groupIds ?? [])],
    );
  }
  // Invited emails are stored as typed (normalised), never looked up: the answer is the same
  // whether an account has the email or not, and one made later with it is invited (rule S7).
  if (input.userEmails !== undefined) await replaceInvites(db, share.id, [...new Set(input.userEmails)]);
  return (await listGrants(db, [share.id])).get(share.id);
}

function defaultAccess(settings: Settings): ShareAccess {
  const access = settings.sharing.defaultAccess;
  return access === 'public' && !settings.sharing.publicLinks ? 'members' : access;
}

/**
 * Creates the chat's link, or re-snapshots it at the same URL (rules S4, S10). The database's unique
 * chat id makes concurrent calls one link; settings not given stay as they were.
 */
export async function shareChat(
  db: Db,
  settings: Settings,
  actor: UserRow,
  chatId: string,
  input: ParsedPutShare,
): Promise<ShareWithGrants & { created: boolean }> {
  await checkSettings(db, settings, actor, input);
  // The chat's lock makes re-shares, revokes and the chat's deletion run one after the other;
  // a race the database still catches (a node or body collected meanwhile) is tried again.
  return retryOnRace(() => db.transaction().execute(async (trx) => {
    const chat = await getOwnChat(trx, actor, chatId, { lock: true });
    const now = nowIso();
    const created = await insertShareIfAbsent(trx, {
      id: newId(),
      chat_id: chat.id,
      user_id: actor.id,
      title: input.title ?? chat.title,
      show_name: input.showName === true ? 1 : 0,
      access: input.access ?? defaultAccess(settings),
      include_history: input.includeHistory === true ? 1 : 0,
      expires_at: input.expiresAt ?? null,
      created_at: now,
      updated_at: now,
    });
    const existing = await bumpShareVersion(trx, { chatId: chat.id });
    if (!existing) throw new ConflictError('The link was revoked while it was being updated; try again.');
    const includeHistory = input.includeHistory ?? existing.include_history === 1;
    const snapshot = buildSnapshot(await withChatAttachments(trx, chat, await listSnapshotSources(trx, chat.id)), chat.current_message_id, {
      includeHistory,
      upToMessageId: input.upToMessageId,
      excludeMessageIds: input.excludeMessageIds,
    });
    const share = await updateShare(trx, existing.id, {
      ...settingsColumns(input),
      include_history: includeHistory ? 1 : 0,
      snapshot_id: await insertSnapshot(trx, snapshot),
      updated_at: now,
    });
    const grants = await saveGrants(trx, share, input);
    // The snapshot shown until now goes, unless forks build on it.
    await collectContent(trx, { snapshots: [existing.snapshot_id] });
    return { share, grants, created };
  }));
}

/** The link of the actor's chat, or 404. */
export async function getShareOfChat(db: Db, actor: UserRow, chatId: string): Promise<ShareWithGrants> {
  const chat = await getOwnChat(db, actor, chatId);
  const share = await findShareByChat(db, chat.id);
  if (!share) throw shareNotFound();
  return { share, grants: (await listGrants(db, [share.id])).get(share.id) };
}

/** The actor's own link, or 404 (another user's link is not found). */
async function ownShare(db: Db, actor: UserRow, shareId: string): Promise<ShareRow> {
  const share = await findShare(db, shareId);
  if (share?.user_id !== actor.id) throw shareNotFound();
  return share;
}

/** Changes a link's settings without re-snapshotting. */
export async function updateShareSettings(
  db: Db,
  settings: Settings,
  actor: UserRow,
  shareId: string,
  input: ParsedShareSettings,
): Promise<ShareWithGrants> {
  return db.transaction().execute(async (trx) => {
    const existing = await ownShare(trx, actor, shareId);
    await checkSettings(trx, settings, actor, input);
    if (!(await bumpShareVersion(trx, { shareId: existing.id }))) throw shareNotFound();
    const share = await updateShare(trx, existing.id, { ...settingsColumns(input), updated_at: nowIso() });
    return { share, grants: await saveGrants(trx, share, input) };
  });
}

/** Kills the link of the actor's chat at once (rule S11); the chat stays. */
export async function revokeShareOfChat(db: Db, actor: UserRow, chatId: string): Promise<void> {
  await retryOnRace(() =>
    db.transaction().execute(async (trx) => {
      const chat = await getOwnChat(trx, actor, chatId, { lock: true });
      const share = await findShareByChat(trx, chat.id);
      if (!share) throw shareNotFound();
      await deleteWithContent(trx, 'shares', [share.id]);
    }),
  );
}

/** Kills one of the actor's links. */
export async function revokeShare(db: Db, actor: UserRow, shareId: string): Promise<void> {
  await retryOnRace(() =>
    db.transaction().execute(async (trx) => {
      await deleteWithContent(trx, 'shares', [(await ownShare(trx, actor, shareId)).id]);
    }),
  );
}

/** "Unshare all": kills every link of the actor's; returns how many. */
export async function revokeAllShares(db: Db, actor: UserRow): Promise<number> {
  return retryOnRace(() =>
    db.transaction().execute(async (trx) => {
      const ids = await listShareIdsOfUser(trx, actor.id);
      await deleteWithContent(trx, 'shares', ids);
      return ids.length;
    }),
  );
}

/** For the Admin Panel: kills any link on the instance. */
export async function adminRevokeShare(db: Db, shareId: string): Promise<void> {
  await retryOnRace(() =>
    db.transaction().execute(async (trx) => {
      const share = await findShare(trx, shareId);
      if (!share) throw shareNotFound();
      await deleteWithContent(trx, 'shares', [share.id]);
    }),
  );
}

type ListQuery = { q?: string | undefined; limit: number; cursor?: string | undefined };

async function pageOfShares(db: Db, userId: string | null, order: 'asc' | 'desc', query: ListQuery) {
  const rows = await listShares(db, {
    userId,
    q: query.q ? query.q : null,
    order,
    limit: query.limit + 1,
    after: decodeCursor(query.cursor),
  });
  return withGrants(db, toPage(rows, query.limit, (row) => ({ at: row.updated_at, id: row.id })));
}

/**
 * The actor's own links (rule S14), admins included: sorted by last update, searchable by title;
 * with the settings they were read with (read together: own-shares.repository.ts).
 */
export async function listOwnShares(db: Db, settingsStore: SettingsStore, actor: UserRow, query: ListQuery & { order: 'asc' | 'desc' }) {
  const { rows, storedSettings } = await listOwnSharesOf(db, SETTINGS_KEY, actor.id, {
    q: query.q ? query.q : null,
    order: query.order,
    limit: query.limit + 1,
    after: decodeCursor(query.cursor),
  });
  const page = await withGrants(db, toPage(rows, query.limit, (row) => ({ at: row.updated_at, id: row.id })));
  return { ...page, settings: settingsStore.fromStored(storedSettings) };
}

/** A page of links with the grants of its restricted ones. */
async function withGrants<T extends Pick<ShareRow, 'id' | 'access'>>(db: Db, page: { items: T[]; nextCursor: string | null }) {
  const grants = await listGrants(
    db,
    page.items.filter((s) => s.access === 'restricted').map((s) => s.id),
  );
  return { ...page, grants };
}

/** For the Admin Panel: every link on the instance, with its owner (rule S13). */
export function listAllShares(db: Db, query: ListQuery & { owner?: string | undefined }) {
  return pageOfShares(db, query.owner ?? null, 'desc', query);
}

/** A link's snapshot: its nodes with their text, and the node it shows. */
export async function snapshotOf(db: Db, share: ShareRow) {
  const snapshot = await readSnapshot(db, share.snapshot_id);
  return { ...snapshot, nodes: await withNodeAttachments(db, snapshot.nodes) };
}

/** What a viewer may see of a link: the snapshot and the sharer's name if shown. */
export async function viewShare(db: Db, settings: Settings, viewer: UserRow | null, shareId: string) {
  const share = await viewableShare(db, settings, viewer, shareId);
  return { share, snapshot: await snapshotOf(db, share), ownerName: await sharerName(db, share) };
}

/** The sharer's name as the link shows it: theirs when they chose "Share your name", else none. */
export async function sharerName(db: Db, share: ShareRow): Promise<string> {
  return share.show_name === 1 ? ((await findUserById(db, share.user_id))?.name ?? '') : '';
}

/**
 * "Continue this conversation" (rule S9): a new chat of the viewer's built on the link's snapshot.
 * It copies nothing: the snapshot's nodes are the fork's first messages, and the snapshot lives
 * on while the fork does, whatever happens to the link. The link stays untouched.
 */
export async function forkShare(db: Db, settings: Settings, actor: UserRow, shareId: string): Promise<string> {
  return retryOnRace(async () => {
    const share = await viewableShare(db, settings, actor, shareId);
    return db.transaction().execute(async (trx) => {
      const snapshot = share.snapshot_id === null ? undefined : await findSnapshot(trx, share.snapshot_id);
      const chatId = newId();
      const now = nowIso();
      // A snapshot released since the link was read fails the foreign key, and the retry reads the link again.
      await insertChat(trx, {
        id: chatId,
        user_id: actor.id,
        title: share.title,
        current_message_id: snapshot?.current_node_id ?? null,
        forked_from_share_id: share.id,
        base_snapshot_id: share.snapshot_id,
        created_at: now,
        updated_at: now,
      });
      return chatId;
    });
  });
}
