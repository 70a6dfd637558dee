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
