import type { Db } from '../db/database.js';
import type { Role, ShareRow, UserRow } from '../db/schema.js';
import { NotFoundError, UnauthenticatedError } from '../http/errors.js';
import { nowIso } from '../lib/ids.js';
import type { Settings } from '../settings/settings.schema.js';
import { findUserById } from '../users/users.repository.js';
import { findShare, isGranted } from './sharing.repository.js';

/** One answer for unknown, revoked, expired and not-permitted links (rule S8). */
export const shareNotFound = () => new NotFoundError('Not Found');

export function isExpired(share: Pick<ShareRow, 'expires_at'>, now = nowIso()): boolean {
  return share.expires_at !== null && share.expires_at <= now;
}

/**
 * A suspended link answers exactly as a deleted one until the admin's switch is back (rule S22):
 * every `public` link while public links are off, and every link of a non-admin while sharing is off.
 */
export function isSuspended(settings: Settings, share: Pick<ShareRow, 'access'>, ownerRole: Role): boolean {
  if (!settings.sharing.enabled && ownerRole !== 'admin') return true;
  return share.access === 'public' && !settings.sharing.publicLinks;
}

/** Who is looking, as far as the access decision needs to know. */
export type Viewer = Pick<UserRow, 'id' | 'role'>;

/** What the access decision reads of a link. */
type Decided = Pick<ShareRow, 'user_id' | 'access' | 'expires_at'>;

/**
 * The access decision for a link already read (rules S7, S8): the link if the viewer may open it;
 * signed out on a link that needs an account, 401, so the page can send them to sign in; anything
 * else not allowed, the same 404 as unknown. `granted` says whether a restricted link names the
 * viewer; it is asked only for a restricted link and a signed-in viewer who does not own it.
 * `ownerRole` is asked only while sharing is off (an unknown owner: suspended).
 */
export async function decideAccess<S extends Decided>(
  settings: Settings,
  share: S | undefined,
  viewer: Viewer | null,
  granted: () => boolean | Promise<boolean>,
  ownerRole: () => Role | undefined | Promise<Role | undefined>,
): Promise<S> {
  const now = nowIso();
  // Only while sharing is off does the owner's role matter.
  const role = share === undefined || isExpired(share, now) || settings.sharing.enabled ? undefined : await ownerRole();
  return decideAccessNow(settings, share, viewer, needsGrant(share, viewer) && (await granted()), role, now);
}

/** Whether the decision depends on a restricted link naming the viewer. */
export function needsGrant(share: Decided | undefined, viewer: Viewer | null): boolean {
  return share?.access === 'restricted' && viewer !== null && viewer.id !== share.user_id && viewer.role !== 'pending';
}

/**
 * decideAccess with everything already known, for a view read in one query (the share page):
 * `granted` as the query found it, the owner's role (read only while sharing is off; undefined
 * then: no such owner, suspended), and `now` as the query compared it.
 */
export function decideAccessNow<S extends Decided>(
  settings: Settings,
  share: S | undefined,
  viewer: Viewer | null,
  granted: boolean,
  ownerRole: Role | undefined,
  now: string,
): S {
  const role = settings.sharing.enabled ? 'admin' : ownerRole;
  if (!share || isExpired(share, now) || role === undefined || isSuspended(settings, share, role)) throw shareNotFound();
  if (viewer?.id === share.user_id) return share;
  const access = share.access;
  if (access === 'public') return share;
  if (viewer === null) throw new UnauthenticatedError('Sign in to open this link.');
  if (viewer.role === 'pending') throw shareNotFound();
  switch (access) {
    case 'members':
      return share;
    case 'restricted':
      if (granted) return share;
      throw shareNotFound();
  }
}

/** The link if the viewer may open it, read from the database now (see decideAccess). */
export async function viewableShare(db: Db, settings: Settings, viewer: UserRow | null, shareId: string): Promise<ShareRow> {
  const share = await findShare(db, shareId);
  return decideAccess(
    settings,
    share,
    viewer,
    () => share !== undefined && viewer !== null && isGranted(db, share.id, viewer.id),
    async () => (share === undefined ? undefined : viewer?.id === share.user_id ? viewer.role : (await findUserById(db, share.user_id))?.role),
  );
}
