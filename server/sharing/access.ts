import { getSettings } from '../admin/settings.service.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { ShareAccess, ShareRow, UserRow } from '../db/schema.js';
import { NotFoundError, UnauthenticatedError } from '../http/errors.js';
import { nowIso } from '../lib/ids.js';
import { findShare, isGranted } from './sharing.repository.js';

/** One answer for unknown, revoked, expired and not-permitted links (S8). */
export const shareNotFound = () => new NotFoundError('Not Found');

export function isExpired(share: ShareRow, now = nowIso()): boolean {
  return share.expires_at !== null && share.expires_at <= now;
}

/** Public links count as members-only while the admin does not allow public links. */
export async function effectiveAccess(db: Db, config: Config, share: ShareRow): Promise<ShareAccess> {
  if (share.access !== 'public') return share.access;
  return (await getSettings(db, config)).sharing.publicLinks ? 'public' : 'members';
}

/**
 * The link if the viewer may open it (S7, S8). Signed out on a link that needs an account: 401,
 * so the page can send them to sign in. Anything else not allowed: the same 404 as unknown.
 */
export async function viewableShare(db: Db, config: Config, viewer: UserRow | null, shareId: string): Promise<ShareRow> {
  const share = await findShare(db, shareId);
  if (!share || isExpired(share)) throw shareNotFound();
  if (viewer?.id === share.user_id) return share;
  const access = await effectiveAccess(db, config, share);
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
