import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';

/** `column` contains `text`, case-insensitively, with LIKE's wildcards in `text` taken literally. */
export function containsText(column: Expression<string>, text: string): RawBuilder<SqlBool> {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`lower(${column}) like ${pattern} escape '\\'`;
}
