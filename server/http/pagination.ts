import { z } from 'zod';
import { BadRequestError } from './errors.js';

/** `?limit=` (default 50, at most 200) and `?cursor=` of every list. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
};

/** A position in a list sorted by (time, id), opaque to clients. */
export interface Position {
  at: string;
  id: string;
}

const positionSchema = z.tuple([z.string().max(40), z.string().max(64)]);

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify([position.at, position.id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Position | null {
  if (cursor === undefined) return null;
  try {
    const [at, id] = positionSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    return { at, id };
  } catch {
    throw new BadRequestError('This cursor is not valid; start again from the first page.', [
      { field: 'cursor', message: 'is not valid' },
    ]);
  }
}

/** One page from `limit + 1` rows: the rows to show and the cursor of the next page. */
export function toPage<T>(rows: T[], limit: number, positionOf: (row: T) => Position): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last !== undefined ? encodeCursor(positionOf(last)) : null };
}

export const pageSchema = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
