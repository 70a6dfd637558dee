import { z } from 'zod';

export const modelSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The name of the connection that serves it. */
  connection: z.string(),
});

export const modelListReply = z.object({ items: z.array(modelSchema) });

/** Test a connection before saving it (`baseUrl`, `apiKey`), or a saved one (`id`). */
export const connectionTestBody = z
  .strictObject({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a valid id').optional(),
    baseUrl: z
      .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })
      .transform((v) => v.replace(/\/+$/, ''))
      .optional(),
    apiKey: z.string().max(1000).nullish(),
  })
  .refine((body) => body.id !== undefined || body.baseUrl !== undefined, {
    message: 'give the id of a connection or a baseUrl',
    path: ['baseUrl'],
  });

export const connectionTestReply = z.object({ items: z.array(z.object({ id: z.string(), name: z.string() })) });

export type ConnectionTest = z.infer<typeof connectionTestBody>;
