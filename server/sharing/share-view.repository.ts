import type { Db } from '../db/database.js';
import { hotQuery, readFirst } from '../db/hot-query.js';
import type { Role, ShareAccess, ShareRow } from '../db/schema.js';

/**
 * Everything the share page needs to decide a view, in one round trip by primary keys: the link,
 * its owner's name, the viewer behind the session token (if live), whether a restricted link names
 * that viewer (directly, through a group, or by an invited email), and the stored settings. Always one row; the link's
 * columns are null when there is no such link.
 */
const SHARE_VIEW = hotQuery(
  'parley_share_view_v3',
  `SELECT s.id, s.chat_id, s.user_id, s.title, s.show_name, s.access, s.include_history, s.expires_at,
          s.version, s.snapshot_id, s.created_at, s.updated_at,
          o.name AS owner_name, o.role AS owner_role, v.id AS viewer_id, v.role AS viewer_role,
          (SELECT st.value FROM settings st WHERE st.key = p.settings_key) AS settings,
          CASE WHEN s.access = 'restricted' AND v.id IS NOT NULL AND (EXISTS (
            SELECT 1 FROM share_grants g
            WHERE g.share_id = s.id
              AND ((g.kind = 'user' AND g.principal_id = v.id)
                OR (g.kind = 'group' AND g.principal_id IN (SELECT m.group_id FROM group_members m WHERE m.user_id = v.id)))
          ) OR EXISTS (SELECT 1 FROM share_invites i WHERE i.share_id = s.id AND i.email = v.email)) THEN 1 ELSE 0 END AS granted
   FROM (SELECT CAST(? AS TEXT) AS share_id, CAST(? AS TEXT) AS token_hash, CAST(? AS TEXT) AS now,
                CAST(? AS TEXT) AS settings_key) p
   LEFT JOIN shares s ON s.id = p.share_id
   LEFT JOIN users o ON o.id = s.user_id
   LEFT JOIN sessions se ON se.token_hash = p.token_hash AND se.expires_at > p.now
   LEFT JOIN users v ON v.id = se.user_id`,
);

type Nullable<T> = { [K in keyof T]: T[K] | null };

interface ShareViewRow extends Nullable<ShareRow> {
  owner_name: string | null;
  owner_role: Role | null;
  viewer_id: string | null;
  viewer_role: Role | null;
  settings: string | null;
  granted: number;
}

export interface ShareView {
  share: ShareRow | undefined;
  ownerName: string | null;
  /** The owner's role: while sharing is off, only admins' links stay up (rule S22). */
  ownerRole: Role | undefined;
  viewer: { id: string; role: Role } | null;
  granted: boolean;
  /** The stored settings' JSON, for the settings store to turn into settings (or reuse). */
  storedSettings: string | undefined;
}

/** The link, its owner's name, the session's user and the settings, read together (see SHARE_VIEW). */
export async function findShareView(
  db: Db,
  lookup: { shareId: string; sessionTokenHash: string | null; now: string; settingsKey: string },
): Promise<ShareView> {
  const row = await readFirst<ShareViewRow>(db, SHARE_VIEW, [lookup.shareId, lookup.sessionTokenHash, lookup.now, lookup.settingsKey]);
  if (row === undefined) throw new Error('the share view query returns one row');
  const share: ShareRow | undefined =
    row.id === null || row.chat_id === null || row.user_id === null || row.title === null || row.show_name === null ||
    row.access === null || row.include_history === null || row.version === null || row.created_at === null || row.updated_at === null
      ? undefined
      : {
          id: row.id,
          chat_id: row.chat_id,
          user_id: row.user_id,
          title: row.title,
          show_name: row.show_name,
          access: row.access satisfies ShareAccess,
          include_history: row.include_history,
          expires_at: row.expires_at,
          version: row.version,
          snapshot_id: row.snapshot_id,
          created_at: row.created_at,
          updated_at: row.updated_at,
        };
  return {
    share,
    ownerName: row.owner_name,
    ownerRole: row.owner_role ?? undefined,
    viewer: row.viewer_id !== null && row.viewer_role !== null ? { id: row.viewer_id, role: row.viewer_role } : null,
    granted: row.granted === 1,
    storedSettings: row.settings ?? undefined,
  };
}
