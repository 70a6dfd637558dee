import type { Db } from '../db/database.js';
import { hotQuery, readValuesBatched, type BatchedHotQuery } from '../db/hot-query.js';
import type { Role, ShareAccess, ShareRow } from '../db/schema.js';

/** The columns of a view, the same in the one-link and the many-links statement (over `p`, the asked). */
const SHARE_VIEW_COLUMNS = `s.access, s.user_id, s.expires_at, s.version, s.show_name,
          o.name AS owner_name, o.role AS owner_role, v.id AS viewer_id, v.role AS viewer_role,
          (SELECT st.value FROM settings st WHERE st.key = p.settings_key) AS settings,
          CASE WHEN s.access = 'restricted' AND v.id IS NOT NULL AND (EXISTS (
            SELECT 1 FROM share_grants g
            WHERE g.share_id = s.id
              AND ((g.kind = 'user' AND g.principal_id = v.id)
                OR (g.kind = 'group' AND g.principal_id IN (SELECT m.group_id FROM group_members m WHERE m.user_id = v.id)))
          ) OR EXISTS (SELECT 1 FROM share_invites i WHERE i.share_id = s.id AND i.email = v.email)) THEN 1 ELSE 0 END AS granted`;

const SHARE_VIEW_JOINS = `LEFT JOIN shares s ON s.id = p.share_id
   LEFT JOIN users o ON o.id = s.user_id
   LEFT JOIN sessions se ON se.token_hash = p.token_hash AND se.expires_at > p.now
   LEFT JOIN users v ON v.id = se.user_id`;

/**
 * Everything the share page needs to decide a view, in one round trip by primary keys: the link's
 * state, its owner's name and role, the viewer behind the session token (if live), whether a
 * restricted link names that viewer (directly, through a group, or by an invited email), and the
 * stored settings. Always one row; the link's columns are null when there is no such link.
 *
 * Only the columns the decision and the page cache's key need: each column costs a conversion per
 * request (and on PostgreSQL a field parser per result). A page not in the cache reads the whole
 * link afterwards (share-view.service.ts). Rows come back as arrays, in this order.
 */
const SHARE_VIEW = hotQuery(
  'parley_share_view_v4',
  `SELECT ${SHARE_VIEW_COLUMNS}
   FROM (SELECT CAST(? AS TEXT) AS share_id, CAST(? AS TEXT) AS token_hash, CAST(? AS TEXT) AS now,
                CAST(? AS TEXT) AS settings_key) p
   ${SHARE_VIEW_JOINS}`,
);

interface ViewLookup {
  shareId: string;
  sessionTokenHash: string | null;
  now: string;
  settingsKey: string;
}

/** The views of the links asked for in one turn of the event loop, in one PostgreSQL statement. */
const SHARE_VIEWS: BatchedHotQuery = {
  name: 'parley_share_views_v2',
  asked: ['share_id', 'token_hash', 'now', 'settings_key'],
  postgres: (asked) => `SELECT ${SHARE_VIEW_COLUMNS} FROM ${asked} ${SHARE_VIEW_JOINS} ORDER BY p.n`,
  // Views asked in the same turn differ in `now` by less than the turn: the first one's is used.
  key: ([shareId, tokenHash, , settingsKey]) => `${String(shareId)}\n${String(tokenHash)}\n${String(settingsKey)}`,
};

/** What the access decision and the page cache need of a link; the rest is read when a page is rendered. */
export type ShareState = Pick<ShareRow, 'id' | 'user_id' | 'access' | 'expires_at' | 'version' | 'show_name'>;

export interface ShareView {
  share: ShareState | undefined;
  ownerName: string | null;
  /** The owner's role: while sharing is off, only admins' links stay up (rule S22). */
  ownerRole: Role | undefined;
  viewer: { id: string; role: Role } | null;
  granted: boolean;
  /** The stored settings' JSON, for the settings store to turn into settings (or reuse). */
  storedSettings: string | undefined;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const integer = (value: unknown): number | null => (typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : null);

/** The link's state, its owner, the session's user and the settings, read together (see SHARE_VIEW). */
export function findShareView(
  db: Db,
  lookup: ViewLookup,
): Promise<ShareView> {
  return readValuesBatched(db, SHARE_VIEWS, SHARE_VIEW, [lookup.shareId, lookup.sessionTokenHash, lookup.now, lookup.settingsKey]).then((row) => {
    if (row === undefined) throw new Error('the share view query returns one row');
    const [access, userId, expiresAt, version, showName, ownerName, ownerRole, viewerId, viewerRole, settings, granted] = row;
    const accessText = text(access);
    const owner = text(userId);
    const shareVersion = integer(version);
    const shown = integer(showName);
    const share: ShareState | undefined =
      accessText === null || owner === null || shareVersion === null || shown === null
        ? undefined
        : { id: lookup.shareId, user_id: owner, access: accessText as ShareAccess, expires_at: text(expiresAt), version: shareVersion, show_name: shown };
    const viewer = text(viewerId);
    const role = text(viewerRole);
    return {
      share,
      ownerName: text(ownerName),
      ownerRole: (text(ownerRole) as Role | null) ?? undefined,
      viewer: viewer !== null && role !== null ? { id: viewer, role: role as Role } : null,
      granted: integer(granted) === 1,
      storedSettings: text(settings) ?? undefined,
    };
  });
}
