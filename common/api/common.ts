import { z } from 'zod';

/**
 * The building blocks of the HTTP contract (docs/api.md): ids, lists, errors, limits. The
 * server validates and serialises with these schemas; the web app's types are inferred from them.
 */

/** A row id in a path or a body: URL-safe, at most 64 characters. */
export const idParam = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a valid id');

/** The `:id` of a path. */
export const idParams = z.strictObject({ id: idParam });

export const MAX_TITLE = 500;
/** One message's text; a 10,000-message chat of such messages still fits the body limit. */
export const MAX_CONTENT = 1_000_000;
export const MAX_SEED_MESSAGES = 20_000;

export const title = z.string().trim().min(1, 'must not be empty').max(MAX_TITLE, `must be at most ${MAX_TITLE} characters`);

/** `?limit=` (default 50, at most 200) and `?cursor=` of every list. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
};

/** A list: one page of items and the cursor of the next page (null on the last). */
export const pageSchema = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), nextCursor: z.string().nullable() });
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** `?q=` of the searchable lists. */
export const searchText = z.string().trim().max(200).optional();

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof errorSchema>;

/** The reply of a DELETE that removes many rows. */
export const deletedReply = z.object({ deleted: z.number() });
