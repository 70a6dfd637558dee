import { z } from 'zod';
import { idParam } from './common.js';
import { connectionKey, httpUrl } from './settings.js';

/** A model one can talk to, and the name of the connection that serves it. */
export const modelSchema = z.object({
  id: z.string(),
  name: z.string(),
  connection: z.string(),
});
export type ModelOption = z.infer<typeof modelSchema>;
export const modelListReply = z.object({ items: z.array(modelSchema) });

/** Test a connection before saving it (`baseUrl`, `apiKey`), or a saved one (`id`). */
export const connectionTestBody = z
  .strictObject({
    id: idParam.optional(),
    baseUrl: httpUrl.optional(),
    apiKey: connectionKey.nullish(),
  })
  .refine((body) => body.id !== undefined || body.baseUrl !== undefined, {
    message: 'give the id of a connection or a baseUrl',
    path: ['baseUrl'],
  });
export type ConnectionTest = z.infer<typeof connectionTestBody>;
export type ConnectionTestInput = z.input<typeof connectionTestBody>;
export const connectionTestReply = z.object({ items: z.array(z.object({ id: z.string(), name: z.string() })) });
