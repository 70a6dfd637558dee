import type { Db } from '../db/database.js';
import type { Role, ShareRow, UserRow } from '../db/schema.js';
import { NotFoundError, UnauthenticatedError } from '../http/errors.js';
import { nowIso } from '../lib/ids.js';
import type { Settings } from '../settings/settings.schema.js';
import { findUserById } from '../users/users.repository.js';
import { findShare, isGranted } from './sharing.repository.js';

/** One answer for unknown, revoked, expired and not-permitted links (rule S8). */
export const shareNotFound = () => new NotFoundError('Not Found');

export function isExpired(share: ShareRow, now = nowIso()): boolean {
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

async function suspended(db: Db, settings: Settings, share: ShareRow, viewer: UserRow | null): Promise<boolean> {
  if (settings.sharing.enabled) return isSuspended(settings, share, 'admin');
  // Only while sharing is off does the owner's role matter: one lookup by primary key.
  const ownerRole = viewer?.id === share.user_id ? viewer.role : (await findUserById(db, share.user_id))?.role;
  return ownerRole === undefined || isSuspended(settings, share, ownerRole);
}

/**
 * The link if the viewer may open it (rules S7, S8). Signed out on a link that needs an account: 401,
 * so the page can send them to sign in. Anything else not allowed: the same 404 as unknown.
 */
export async function viewableShare(db: Db, settings: Settings, viewer: UserRow | null, shareId: string): Promise<ShareRow> {
  const share = await findShare(db, shareId);
  if (!share || isExpired(share) || (await suspended(db, settings, share, viewer))) throw shareNotFound();
  if (viewer?.id === share.user_id) return share;
  const access = share.access;
  if (access === 'public') return share;
  if (viewer === null) throw new UnauthenticatedError('Sign in to open this link.');
  if (viewer.role === 'pending') throw shareNotFound();
  switch (access) {
    case 'members':
      return share;
    case 'restricted':
      if (await isGranted(db, share.id, viewer.id)) return share;
      throw shareNotFound();
  }
}
