import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { isPostgres, type Db } from './database.js';

/**
 * `column` is one of `ids`, bound as ONE parameter however many there are: an array on PostgreSQL
 * (`= any(?)`), a JSON array read by `json_each` on SQLite. A list of thousands of ids (the messages
 * of a long chat) is then one statement, prepared once, instead of chunks of `in (?, ?, …)` each
 * bound value by value and planned anew, and no chunk can reach a dialect's limit on parameters.
 */
export function isAnyOf(db: Db, column: Expression<string>, ids: readonly string[]): RawBuilder<SqlBool> {
  return isPostgres(db)
    ? sql<SqlBool>`${column} = any(${[...ids]}::varchar[])`
    : sql<SqlBool>`${column} in (select value from json_each(${JSON.stringify(ids)}))`;
}

/** A column written by `insertRows`, with its type for PostgreSQL's `json_to_recordset`. */
export interface BulkColumn<Name extends string> {
  name: Name;
  type: 'varchar' | 'integer';
}

/**
 * Inserts many rows in ONE statement with ONE bound parameter: the rows as JSON, read back by
 * `json_to_recordset` on PostgreSQL and `json_each` on SQLite. Thousands of rows (the nodes of a
 * long chat's first snapshot) then cost neither one bound value each (parsed and sent by the driver,
 * and limited to 65,535 on PostgreSQL, 32,766 on SQLite) nor a query built value by value. Rows whose
 * `conflictColumn` is taken are skipped. Table and column names are the code's, never input.
 */
export async function insertRows<Name extends string>(
  db: Db,
  table: string,
  columns: readonly BulkColumn<Name>[],
  rows: readonly Record<Name, string | number | null>[],
  conflictColumn: Name,
): Promise<void> {
  if (rows.length === 0) return;
  const names = sql.join(columns.map((c) => sql.ref(c.name)));
  const json = JSON.stringify(rows.map((row) => Object.fromEntries(columns.map((c) => [c.name, row[c.name]]))));
  const query = isPostgres(db)
    ? sql`insert into ${sql.table(table)} (${names})
        select ${names} from json_to_recordset(${json}::json) as r(${sql.join(columns.map((c) => sql`${sql.ref(c.name)} ${sql.raw(c.type)}`))})
        on conflict (${sql.ref(conflictColumn)}) do nothing`
    : sql`insert into ${sql.table(table)} (${names})
        select ${sql.join(columns.map((c) => sql`json_extract(value, ${sql.lit(`$.${c.name}`)})`))} from json_each(${json}) where true
        on conflict (${sql.ref(conflictColumn)}) do nothing`;
  await query.execute(db);
}
