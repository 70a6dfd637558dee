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
 */
function statement(shape: Shape, postgres: boolean): HotQuery {
  const [order, page, kind] = shape.split('_') as ['desc' | 'asc', 'first' | 'after', 'list' | 'search'];
  const op = order === 'desc' ? '<' : '>';
  const dir = order === 'desc' ? 'DESC' : 'ASC';
  let n = 0;
  const param = () => (postgres ? `$${(n += 1)}` : '?');
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
  const text = `SELECT ${COLUMNS} FROM shares s WHERE ${where} ORDER BY ${orderBy} LIMIT ${param()}`;
  return { name: `parley_own_shares_${shape}_v1`, sqlite: text, postgres: text };
}

const statements = new Map<string, HotQuery>();

function statementOf(shape: Shape, postgres: boolean): HotQuery {
  const key = `${postgres ? 'pg' : 'sqlite'}:${shape}`;
  let found = statements.get(key);
  if (found === undefined) statements.set(key, (found = statement(shape, postgres)));
  return found;
}

/** The values of a shape's statement, in its placeholders' order. */
function valuesOf(userId: string, filter: OwnSharesFilter, postgres: boolean): unknown[] {
  const { after } = filter;
  if (postgres && filter.q === null) return after === null ? [userId, filter.limit] : [userId, after.at, after.id, filter.limit];
  const values: unknown[] = [userId];
  if (filter.q !== null) values.push(containsPattern(filter.q));
  if (after !== null) values.push(...(postgres ? [after.at, after.id] : [after.at, after.at, after.id]));
  values.push(filter.limit);
  return values;
}

/** A row as it comes back: the columns of COLUMNS in order (integers are int4 on PostgreSQL, numbers on SQLite). */
type Row = [string, string, string, number, ShareAccess, number, string | null, string, string];

/** One owner's links sorted by last update (then id), one page after `after`, in either order. */
export async function listOwnShares(db: Db, userId: string, filter: OwnSharesFilter): Promise<ListedShare[]> {
  const postgres = isPostgres(db);
  const shape: Shape = `${filter.order}_${filter.after === null ? 'first' : 'after'}_${filter.q === null ? 'list' : 'search'}`;
  const rows = await readRows(db, statementOf(shape, postgres), valuesOf(userId, filter, postgres), {
    plan: postgres && filter.q !== null ? 'each' : 'once',
  });
  return (rows as Row[]).map(([id, chatId, title, showName, access, includeHistory, expiresAt, createdAt, updatedAt]) => ({
    id,
    chat_id: chatId,
    title,
    show_name: showName,
    access,
    include_history: includeHistory,
    expires_at: expiresAt,
    created_at: createdAt,
    updated_at: updatedAt,
  }));
}
