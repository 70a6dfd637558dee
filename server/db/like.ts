import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';

/** `column` contains `text`, case-insensitively, with LIKE's wildcards in `text` taken literally. */
export function containsText(column: Expression<string>, text: string): RawBuilder<SqlBool> {
  return likeContains(sql<string>`lower(${column})`, text);
}

/** `lowered` (text already lower-cased) contains `text`, case-insensitively, wildcards taken literally. */
export function likeContains(lowered: Expression<string>, text: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`${lowered} like ${containsPattern(text)} escape '\\'`;
}

/** The LIKE pattern (escape `\`) of text containing `text`, lower-cased, its wildcards taken literally. */
export function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
