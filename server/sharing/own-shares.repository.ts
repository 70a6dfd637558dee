import { isPostgres, type Db } from '../db/database.js';
import { readRows, type HotQuery } from '../db/hot-query.js';
import { containsPattern } from '../db/like.js';
import type { ShareAccess, ShareRow } from '../db/schema.js';

/** What the Shared Chats list shows of a link (sharing.presenter.ts, presentShare). */
export type ListedShare = Pick<
  ShareRow,
  'id' | 'chat_id' | 'title' | 'show_name' | 'access' | 'include_history' | 'expires_at' | 'created_at' | 'updated_at'
>;

const COLUMNS = 's.id, s.chat_id, s.title, s.show_name, s.access, s.include_history, s.expires_at, s.created_at, s.updated_at';

export interface OwnSharesFilter {
  q: string | null;
  order: 'desc' | 'asc';
  limit: number;
  after: { at: string; id: string } | null;
}

type Shape = `${'desc' | 'asc'}_${'first' | 'after'}_${'list' | 'search'}`;

/**
 * The owner's list, one statement per shape (order, first page or after a cursor, with a title or
 * not), written once for each dialect: the Shared Chats list is the page its owner opens most, so
 * it is read like the share page (docs/architecture.md, Hot reads) — no query built per request,
 * only the columns the list shows, rows as arrays, and the owner taken from the session rather
 * than read again. The plans are those of the Kysely queries before (bench/results/data-growth.md):
 *
 * - PostgreSQL, list: a range on user_id ordered by the whole of shares_user_updated (user_id,
 *   updated_at, id), with the cursor as a row comparison, so that the owner's index is the only
 *   ordered path (with `user_id = $1` the planner may walk shares_updated instead). Named, so its
 *   plan is kept: the generic plan is that index scan.
 * - PostgreSQL, search: shares_user_title_trgm (owner and lower(title) trigrams), planned for each
 *   pattern: a generic plan would ask the trigram index even for a word too short to have trigrams.
 * - SQLite: the owner's date index, which carries the title (shares_user_updated_title); its LIKE
 *   folds ASCII case as lower() does, and is checked in the index before a row is read.
 *
 * The stored settings (which links are suspended) come in the same statement, as its first row
 * (`part` 0), rather than in a second statement beside it: one round trip instead of two. The
 * whole is ordered again (part, then the page's order): a page is at most 201 rows (the largest
 * limit and one more, to tell whether a next page follows), and the order of a UNION ALL is
 * otherwise the engine's to choose.
 */
function statement(shape: Shape, postgres: boolean): HotQuery {
  const [order, page, kind] = shape.split('_') as ['desc' | 'asc', 'first' | 'after', 'list' | 'search'];
  const op = order === 'desc' ? '<' : '>';
  const dir = order === 'desc' ? 'DESC' : 'ASC';
  let n = 0;
  const param = () => (postgres ? `$${(n += 1)}` : '?');
  const settings = `SELECT 0 AS part, st.value, ${COLUMNS.split(', ').map((c) => `NULL AS ${c.slice(2)}`).join(', ')} FROM settings st WHERE st.key = ${param()}`;
  let where: string;
  let orderBy: string;
  if (postgres && kind === 'list') {
    const owner = param();
    where = `s.user_id ${order === 'desc' ? '>=' : '<='} ${owner}`;
    where += page === 'first' ? ` AND s.user_id ${order === 'desc' ? '<=' : '>='} ${owner}` : ` AND (s.user_id, s.updated_at, s.id) ${op} (${owner}, ${param()}, ${param()})`;
    orderBy = `s.user_id ${dir}, s.updated_at ${dir}, s.id ${dir}`;
  } else {
    where = `s.user_id = ${param()}`;
    if (kind === 'search') where += ` AND ${postgres ? 'lower(s.title)' : 's.title'} LIKE ${param()} ESCAPE '\\'`;
    if (page === 'after') {
      const at = param();
      where += ` AND (s.updated_at ${op} ${at} OR (s.updated_at = ${postgres ? at : param()} AND s.id ${op} ${param()}))`;
    }
    orderBy = `s.updated_at ${dir}, s.id ${dir}`;
  }
  const text = `${settings} UNION ALL SELECT * FROM (SELECT 1 AS part, NULL AS value, ${COLUMNS} FROM shares s WHERE ${where} ORDER BY ${orderBy} LIMIT ${param()}) page ORDER BY part, updated_at ${dir}, id ${dir}`;
  return { name: `parley_own_shares_${shape}_v3`, sqlite: text, postgres: text };
}

const statements = new Map<string, HotQuery>();

function statementOf(shape: Shape, postgres: boolean): HotQuery {
  const key = `${postgres ? 'pg' : 'sqlite'}:${shape}`;
  let found = statements.get(key);
  if (found === undefined) statements.set(key, (found = statement(shape, postgres)));
  return found;
}

/** The values of a shape's statement, in its placeholders' order. */
function valuesOf(settingsKey: string, userId: string, filter: OwnSharesFilter, postgres: boolean): unknown[] {
  const { after } = filter;
  if (postgres && filter.q === null) return after === null ? [settingsKey, userId, filter.limit] : [settingsKey, userId, after.at, after.id, filter.limit];
  const values: unknown[] = [settingsKey, userId];
  if (filter.q !== null) values.push(containsPattern(filter.q));
  if (after !== null) values.push(...(postgres ? [after.at, after.id] : [after.at, after.at, after.id]));
  values.push(filter.limit);
  return values;
}

/** A row of links as it comes back: `part` 1, no value, then the columns of COLUMNS in order (integers are int4 on PostgreSQL, numbers on SQLite). */
type Row = [1, null, string, string, string, number, ShareAccess, number, string | null, string, string];

/** The first row when the settings are stored: `part` 0 and their JSON. */
type SettingsRow = [0, string, ...null[]];

/**
 * One owner's links sorted by last update (then id), one page after `after`, in either order, and
 * the stored settings of `settingsKey` (their JSON, or undefined when none are stored).
 */
export async function listOwnShares(
  db: Db,
  settingsKey: string,
  userId: string,
  filter: OwnSharesFilter,
): Promise<{ rows: ListedShare[]; storedSettings: string | undefined }> {
  const postgres = isPostgres(db);
  const shape: Shape = `${filter.order}_${filter.after === null ? 'first' : 'after'}_${filter.q === null ? 'list' : 'search'}`;
  const read = (await readRows(db, statementOf(shape, postgres), valuesOf(settingsKey, userId, filter, postgres), {
    plan: postgres && filter.q !== null ? 'each' : 'once',
  })) as (Row | SettingsRow)[];
  let storedSettings: string | undefined;
  const rows: ListedShare[] = [];
  for (const row of read) {
    if (row[0] === 0) {
      storedSettings = row[1];
      continue;
    }
    const [, , id, chatId, title, showName, access, includeHistory, expiresAt, createdAt, updatedAt] = row;
    rows.push({
      id,
      chat_id: chatId,
      title,
      show_name: showName,
      access,
      include_history: includeHistory,
      expires_at: expiresAt,
      created_at: createdAt,
      updated_at: updatedAt,
    });
  }
  return { rows, storedSettings };
}
