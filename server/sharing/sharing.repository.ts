import { sql } from 'kysely';
import { isPostgres, type Db } from '../db/database.js';
import { likeContains } from '../db/like.js';
import type { ShareRow } from '../db/schema.js';
import { titleMatches } from '../db/title-search.js';

export type NewShare = Omit<ShareRow, 'version' | 'snapshot_id'>;

/** Inserts the chat's link unless it has one; true when this call created it (one link per chat). */
export async function insertShareIfAbsent(db: Db, share: NewShare): Promise<boolean> {
  const result = await db
    .insertInto('shares')
    .values({ ...share, version: 0, snapshot_id: null })
    .onConflict((oc) => oc.column('chat_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/**
 * Bumps the link's version and returns it, holding the row's lock until the transaction ends:
 * concurrent re-snapshots of one link then run one after the other, never interleaved.
 */
export function bumpShareVersion(db: Db, where: { chatId: string } | { shareId: string }): Promise<ShareRow | undefined> {
  let query = db.updateTable('shares').set((eb) => ({ version: eb('version', '+', 1) }));
  query = 'chatId' in where ? query.where('chat_id', '=', where.chatId) : query.where('id', '=', where.shareId);
  return query.returningAll().executeTakeFirst();
}

export function findShareByChat(db: Db, chatId: string): Promise<ShareRow | undefined> {
  return db.selectFrom('shares').selectAll().where('chat_id', '=', chatId).executeTakeFirst();
}

export function findShare(db: Db, shareId: string): Promise<ShareRow | undefined> {
  return db.selectFrom('shares').selectAll().where('id', '=', shareId).executeTakeFirst();
}

export async function updateShare(
  db: Db,
  shareId: string,
  update: Partial<Omit<ShareRow, 'id' | 'chat_id' | 'user_id' | 'created_at'>>,
): Promise<ShareRow> {
  return db.updateTable('shares').set(update).where('id', '=', shareId).returningAll().executeTakeFirstOrThrow();
}

export async function listShareIdsOfUser(db: Db, userId: string): Promise<string[]> {
  return (await db.selectFrom('shares').select('id').where('user_id', '=', userId).execute()).map((r) => r.id);
}

export async function replaceGrants(db: Db, shareId: string, userIds: readonly string[], groupIds: readonly string[]): Promise<void> {
  await db.deleteFrom('share_grants').where('share_id', '=', shareId).execute();
  const rows = [
    ...userIds.map((id) => ({ share_id: shareId, kind: 'user' as const, principal_id: id })),
    ...groupIds.map((id) => ({ share_id: shareId, kind: 'group' as const, principal_id: id })),
  ];
  if (rows.length > 0) await db.insertInto('share_grants').values(rows).execute();
}

/** Replaces the emails a link invites (rule S7). */
export async function replaceInvites(db: Db, shareId: string, emails: readonly string[]): Promise<void> {
  await db.deleteFrom('share_invites').where('share_id', '=', shareId).execute();
  if (emails.length > 0) await db.insertInto('share_invites').values(emails.map((email) => ({ share_id: shareId, email }))).execute();
}

export async function listGrants(
  db: Db,
  shareIds: readonly string[],
): Promise<Map<string, { userIds: string[]; groupIds: string[]; emails: string[] }>> {
  const grants = new Map<string, { userIds: string[]; groupIds: string[]; emails: string[] }>();
  if (shareIds.length === 0) return grants;
  const entry = (shareId: string) => {
    const found = grants.get(shareId) ?? { userIds: [], groupIds: [], emails: [] };
    grants.set(shareId, found);
    return found;
  };
  const rows = await db.selectFrom('share_grants').selectAll().where('share_id', 'in', [...shareIds]).execute();
  for (const row of rows) (row.kind === 'user' ? entry(row.share_id).userIds : entry(row.share_id).groupIds).push(row.principal_id);
  const invites = await db.selectFrom('share_invites').selectAll().where('share_id', 'in', [...shareIds]).orderBy('email').execute();
  for (const invite of invites) entry(invite.share_id).emails.push(invite.email);
  return grants;
}

/** Whether the user is named on the link, directly, through one of their groups, or invited by their email. */
export async function isGranted(db: Db, shareId: string, userId: string): Promise<boolean> {
  const invited = await db
    .selectFrom('share_invites')
    .innerJoin('users', 'users.email', 'share_invites.email')
    .select('share_invites.email')
    .where('share_invites.share_id', '=', shareId)
    .where('users.id', '=', userId)
    .executeTakeFirst();
  if (invited !== undefined) return true;
  const row = await db
    .selectFrom('share_grants')
    .select('share_grants.principal_id')
    .where('share_grants.share_id', '=', shareId)
    .where((eb) =>
      eb.or([
        eb.and([eb('share_grants.kind', '=', 'user'), eb('share_grants.principal_id', '=', userId)]),
        eb.and([
          eb('share_grants.kind', '=', 'group'),
          eb(
            'share_grants.principal_id',
            'in',
            eb.selectFrom('group_members').select('group_members.group_id').where('group_members.user_id', '=', userId),
          ),
        ]),
      ]),
    )
    .executeTakeFirst();
  return row !== undefined;
}

export interface ShareListFilter {
  userId: string | null;
  q: string | null;
  order: 'desc' | 'asc';
  limit: number;
  after: { at: string; id: string } | null;
}

/**
 * One owner's links on PostgreSQL, walking shares_user_updated (user_id, updated_at, id) only.
 * With `user_id = $1` the planner drops user_id from the sort and may walk shares_updated
 * backwards instead, filtering out every other owner's newer links (90,000 rows for a user with
 * 10,000 old ones of 100,000). Written as a range on user_id ordered by the whole index, with the
 * cursor as a row comparison, the owner's index is the only ordered path; the owner is read once.
 */
async function listOwnerSharesPostgres(db: Db, userId: string, filter: ShareListFilter) {
  const op = filter.order === 'desc' ? '<' : '>';
  const bound = filter.order === 'desc' ? '>=' : '<=';
  let query = db.selectFrom('shares').selectAll('shares').where('shares.user_id', bound, userId);
  const after = filter.after;
  query =
    after === null
      ? query.where('shares.user_id', filter.order === 'desc' ? '<=' : '>=', userId)
      : query.where(
          (eb) => eb.refTuple('shares.user_id', 'shares.updated_at', 'shares.id'),
          op,
          (eb) => eb.tuple(userId, after.at, after.id),
        );
  const [rows, owner] = await Promise.all([
    query
      .orderBy('shares.user_id', filter.order)
      .orderBy('shares.updated_at', filter.order)
      .orderBy('shares.id', filter.order)
      .limit(filter.limit)
      .execute(),
    db.selectFrom('users').select(['name', 'email', 'role']).where('id', '=', userId).executeTakeFirst(),
  ]);
  if (owner === undefined) return [];
  return rows.map((row) => ({ ...row, owner_name: owner.name, owner_email: owner.email, owner_role: owner.role }));
}

/**
 * How many links, newest first, a title search reads through the date index before it asks the
 * title index instead: a word in 1 title of 200 fills a page of 50 within them.
 */
const SEARCH_WINDOW = 10_000;

type ShareListQuery = ReturnType<typeof sharesWithOwner>;

function sharesWithOwner(db: Db) {
  return db
    .selectFrom('shares')
    .innerJoin('users', 'users.id', 'shares.user_id')
    .selectAll('shares')
    .select(['users.name as owner_name', 'users.email as owner_email', 'users.role as owner_role']);
}

function sorted(query: ShareListQuery, filter: ShareListFilter) {
  return query.orderBy('shares.updated_at', filter.order).orderBy('shares.id', filter.order).limit(filter.limit);
}

/** Links sorted by last update (then id), one page after `after`, in either order. */
export async function listShares(db: Db, filter: ShareListFilter) {
  const q = filter.q;
  const postgres = isPostgres(db);
  if (q === null && postgres && filter.userId !== null) return listOwnerSharesPostgres(db, filter.userId, filter);
  if (q !== null && filter.userId === null) {
    const recent = await searchRecentShares(db, filter, q);
    if (recent.length === filter.limit) return recent;
  }
  let query = sharesWithOwner(db);
  if (filter.userId !== null) query = query.where('shares.user_id', '=', filter.userId);
  if (q !== null) {
    // One owner's titles: on PostgreSQL through shares_user_title_trgm (owner and trigrams); on
    // SQLite by walking the owner's date index, which carries the title, so the walk reads no
    // more than the owner's own links, however many others there are. SQLite's LIKE folds case
    // as its lower() does.
    const owners = filter.userId !== null && !postgres;
    query = query.where(() => (owners ? likeContains(sql.ref<string>('shares.title'), q) : titleMatches(db, 'shares', q)));
  }
  const after = filter.after;
  if (after !== null) {
    const op = filter.order === 'desc' ? '<' : '>';
    query = query.where((eb) =>
      eb.or([eb('shares.updated_at', op, after.at), eb.and([eb('shares.updated_at', '=', after.at), eb('shares.id', op, after.id)])]),
    );
  }
  return sorted(query, filter).execute();
}

/**
 * The admin's title search among the SEARCH_WINDOW links that come first (after the cursor), read from the
 * date index alone: it carries the title (migration 0017), lower-cased on PostgreSQL, whose
 * lower() costs more than the rest of the walk; SQLite's LIKE folds case as its lower() does. A
 * common word fills the page here however many links there are. A rarer one returns less than a
 * page, and the caller asks the title index, which then has few matches to sort.
 */
async function searchRecentShares(db: Db, filter: ShareListFilter, q: string) {
  const postgres = isPostgres(db);
  let window = db
    .selectFrom('shares')
    .select(['shares.id', 'shares.updated_at', postgres ? sql<string>`lower(${sql.ref('shares.title')})`.as('title') : 'shares.title']);
  const after = filter.after;
  // A row comparison, so that the walk starts at the cursor in the index on both dialects.
  if (after !== null) {
    window = window.where(
      (eb) => eb.refTuple('shares.updated_at', 'shares.id'),
      filter.order === 'desc' ? '<' : '>',
      (eb) => eb.tuple(after.at, after.id),
    );
  }
  const recent = window.orderBy('shares.updated_at', filter.order).orderBy('shares.id', filter.order).limit(SEARCH_WINDOW).as('recent');
  const ids = db
    .selectFrom(recent)
    .select('recent.id')
    .where(likeContains(sql.ref<string>('recent.title'), q))
    .orderBy('recent.updated_at', filter.order)
    .orderBy('recent.id', filter.order)
    .limit(filter.limit);
  return sorted(sharesWithOwner(db).where('shares.id', 'in', ids), filter).execute();
}
