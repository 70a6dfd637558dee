import type { Db } from '../db/database.js';
import type { Role, ShareRow, UserRow } from '../db/schema.js';
import { nowIso } from '../lib/ids.js';
import type { Settings } from '../settings/settings.schema.js';
import { SETTINGS_KEY, type SettingsStore } from '../settings/settings.service.js';
import { decideAccessNow, needsGrant, type Viewer } from './access.js';
import { findShare, isGranted } from './sharing.repository.js';
import { findShareView, type ShareState } from './share-view.repository.js';

/** Who asks to open a link: the user of an API key already checked, or the hash of a session token. */
export type Asker = { apiKeyUser: UserRow } | { sessionTokenHash: string | null };

export interface OpenedShare {
  /** What the decision and the page cache need; `wholeShare` reads the rest. */
  share: ShareState;
  settings: Settings;
  viewer: Viewer | null;
  /** The sharer's name as the link shows it: theirs with "Share your name", else empty. */
  ownerName: string;
  /** What the decision was made from, to make it again on the whole link (wholeShare). */
  granted: boolean;
  ownerRole: Role | undefined;
}

/**
 * Opens a link for the share page (rules S7, S8, S11): the link's state, the viewer's session and
 * the settings are read from the database now, in one round trip, and decided by the same rules as
 * every other view of a link (decideAccessNow). Nothing of an access decision is cached.
 */
export async function openShare(db: Db, settingsStore: SettingsStore, shareId: string, asker: Asker): Promise<OpenedShare> {
  const now = nowIso();
  const apiKeyUser = 'apiKeyUser' in asker ? asker.apiKeyUser : null;
  const view = await findShareView(db, {
    shareId,
    sessionTokenHash: 'sessionTokenHash' in asker ? asker.sessionTokenHash : null,
    now,
    settingsKey: SETTINGS_KEY,
  });
  const settings = settingsStore.fromStored(view.storedSettings);
  const viewer = apiKeyUser ?? view.viewer;
  // The query asked about the session's user; an API key's user is asked about here, if it matters.
  const granted = apiKeyUser === null ? view.granted : needsGrant(view.share, apiKeyUser) && (await isGranted(db, shareId, apiKeyUser.id));
  const share = decideAccessNow(settings, view.share, viewer, granted, view.ownerRole, now);
  return { share, settings, viewer, ownerName: share.show_name === 1 ? (view.ownerName ?? '') : '', granted, ownerRole: view.ownerRole };
}

/**
 * The whole link, for rendering a page the cache does not hold: read now and decided again with
 * what `openShare` found, since the link may have changed (or gone) in between (not found then).
 */
export async function wholeShare(db: Db, opened: OpenedShare): Promise<ShareRow> {
  const share = await findShare(db, opened.share.id);
  return decideAccessNow(opened.settings, share, opened.viewer, opened.granted, opened.ownerRole, nowIso());
}
