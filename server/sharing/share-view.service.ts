import type { Db } from '../db/database.js';
import type { ShareRow, UserRow } from '../db/schema.js';
import { nowIso } from '../lib/ids.js';
import type { Settings } from '../settings/settings.schema.js';
import { SETTINGS_KEY, type SettingsStore } from '../settings/settings.service.js';
import { decideAccess, type Viewer } from './access.js';
import { isGranted } from './sharing.repository.js';
import { findShareView } from './share-view.repository.js';

/** Who asks to open a link: the user of an API key already checked, or the hash of a session token. */
export type Asker = { apiKeyUser: UserRow } | { sessionTokenHash: string | null };

export interface OpenedShare {
  share: ShareRow;
  settings: Settings;
  viewer: Viewer | null;
  /** The sharer's name as the link shows it: theirs with "Share your name", else empty. */
  ownerName: string;
}

/**
 * Opens a link for the share page (rules S7, S8, S11): the link's state, the viewer's session and
 * the settings are read from the database now, in one round trip, and decided by the same rules as
 * every other view of a link (decideAccess). Nothing of an access decision is cached.
 */
export async function openShare(db: Db, settingsStore: SettingsStore, shareId: string, asker: Asker): Promise<OpenedShare> {
  const apiKeyUser = 'apiKeyUser' in asker ? asker.apiKeyUser : null;
  const view = await findShareView(db, {
    shareId,
    sessionTokenHash: 'sessionTokenHash' in asker ? asker.sessionTokenHash : null,
    now: nowIso(),
    settingsKey: SETTINGS_KEY,
  });
  const settings = settingsStore.fromStored(view.storedSettings);
  const viewer = apiKeyUser ?? view.viewer;
  const share = await decideAccess(settings, view.share, viewer, () =>
    apiKeyUser === null ? view.granted : isGranted(db, shareId, apiKeyUser.id),
    () => view.ownerRole,
  );
  return { share, settings, viewer, ownerName: share.show_name === 1 ? (view.ownerName ?? '') : '' };
}
