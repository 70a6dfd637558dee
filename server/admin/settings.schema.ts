import { z } from 'zod';
import { shareAccessSchema, ttsEngineSchema } from '../../common/api.js';

const httpUrl = z.url({ protocol: /^https?$/ }).transform((v) => v.replace(/\/+$/, ''));
const connectionId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a valid id');
const connectionName = z.string().trim().max(100, 'must be at most 100 characters');
const apiKey = z.string().max(1000, 'must be at most 1000 characters');

/** An OpenAI-compatible model connection as stored, key in clear. */
export const storedConnectionSchema = z.strictObject({
  id: connectionId,
  name: connectionName.optional(),
  baseUrl: httpUrl,
  apiKey: apiKey.optional(),
  enabled: z.boolean(),
});

/** A connection in a PATCH (which replaces the list): no id for a new one; a masked key keeps the stored one. */
export const connectionInputSchema = z.strictObject({
  id: connectionId.optional(),
  name: connectionName.nullish(),
  baseUrl: httpUrl,
  apiKey: apiKey.nullish(),
  enabled: z.boolean().optional(),
  readOnly: z.boolean().optional(),
});

/** A connection as admins see it: the key masked; `readOnly` for the one the environment sets. */
export const connectionViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  baseUrl: z.string(),
  apiKey: z.string().nullable(),
  enabled: z.boolean(),
  readOnly: z.boolean(),
});
export type ConnectionView = z.infer<typeof connectionViewSchema>;

/** The instance settings an admin edits (API.md, Admin), as stored. */
export const settingsSchema = z.object({
  signup: z.strictObject({
    enabled: z.boolean(),
    defaultRole: z.enum(['user', 'pending']),
  }),
  sharing: z.strictObject({
    enabled: z.boolean(),
    publicLinks: z.boolean(),
    defaultAccess: shareAccessSchema,
  }),
  enableCommunitySharing: z.boolean(),
  communityUrl: z.url({ protocol: /^https?$/ }).nullable(),
  communityHub: z.strictObject({ enabled: z.boolean() }),
  tts: z.strictObject({
    engine: ttsEngineSchema,
    baseUrl: z.url({ protocol: /^https?$/ }).optional(),
    model: z.string().max(200).optional(),
    voice: z.string().max(200).optional(),
    /** For the 'openai' engine's /audio/speech; stored in clear, shown masked. */
    apiKey: z.string().max(500).optional(),
  }),
  connections: z.array(storedConnectionSchema),
});
export type Settings = z.infer<typeof settingsSchema>;

/** The settings as they leave the server: connection keys masked, the environment's connection included. */
export const settingsReplySchema = settingsSchema.extend({
  tts: settingsSchema.shape.tts.omit({ apiKey: true }).extend({ apiKey: z.string().nullable() }),
  connections: z.array(connectionViewSchema),
});
export type SettingsReply = z.infer<typeof settingsReplySchema>;

/** A PATCH: any part of the settings; objects merge field by field. */
export const settingsPatchSchema = z.strictObject({
  signup: settingsSchema.shape.signup.partial().optional(),
  sharing: settingsSchema.shape.sharing.partial().optional(),
  enableCommunitySharing: z.boolean().optional(),
  communityUrl: settingsSchema.shape.communityUrl.optional(),
  communityHub: settingsSchema.shape.communityHub.partial().optional(),
  // null clears an optional text-to-speech field; a masked apiKey keeps the stored one.
  tts: z
    .strictObject({
      engine: ttsEngineSchema.optional(),
      baseUrl: settingsSchema.shape.tts.shape.baseUrl.unwrap().nullable().optional(),
      model: z.string().max(200).nullable().optional(),
      voice: z.string().max(200).nullable().optional(),
      apiKey: z.string().max(500).nullable().optional(),
    })
    .optional(),
  connections: z.array(connectionInputSchema).max(50).optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
