import { z } from 'zod';

/** Shapes of the API that the server and the web app both use. */

export const roleSchema = z.enum(['admin', 'user', 'pending']);
export type Role = z.infer<typeof roleSchema>;

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  createdAt: z.string(),
});
export type User = z.infer<typeof userSchema>;

export const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof errorSchema>;

export const ttsEngineSchema = z.enum(['none', 'browser', 'openai']);
export const shareAccessSchema = z.enum(['members', 'public', 'restricted']);

export const instanceConfigSchema = z.object({
  name: z.string(),
  features: z.object({
    signup: z.boolean(),
    sharing: z.boolean(),
    publicLinks: z.boolean(),
    communitySharing: z.boolean(),
    communityUrl: z.string().nullable(),
    /** This instance is a community hub: it takes uploads and lists public community chats. */
    communityHub: z.boolean(),
    tts: ttsEngineSchema,
  }),
});
export type InstanceConfig = z.infer<typeof instanceConfigSchema>;
