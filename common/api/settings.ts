import { z } from 'zod';
import { idParam } from './common.js';
import { fileSettings } from './files.js';
import { shareAccessSchema } from './sharing.js';

export const ttsEngineSchema = z.enum(['none', 'browser', 'openai']);
export type TtsEngine = z.infer<typeof ttsEngineSchema>;

/** What anyone, signed in or not, may know about this instance (`GET /api/v1/config`). */
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
    /** No account exists yet: the first one to sign up becomes the admin. */
    firstRun: z.boolean(),
  }),
});
export type InstanceConfig = z.infer<typeof instanceConfigSchema>;

export const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).transform((v) => v.replace(/\/+$/, ''));
export const connectionName = z.string().trim().max(100, 'must be at most 100 characters');
export const connectionKey = z.string().max(1000, 'must be at most 1000 characters');

/** The parts of the settings that read the same stored and sent (docs/api.md, Admin). */
export const signupSettings = z.strictObject({ enabled: z.boolean(), defaultRole: z.enum(['user', 'pending']) });
export const sharingSettings = z.strictObject({ enabled: z.boolean(), publicLinks: z.boolean(), defaultAccess: shareAccessSchema });
export const communityHubSettings = z.strictObject({ enabled: z.boolean() });
export const communityUrl = z.url({ protocol: /^https?$/ }).nullable();
export const ttsSettings = z.strictObject({
  engine: ttsEngineSchema,
  baseUrl: z.url({ protocol: /^https?$/ }).optional(),
  model: z.string().max(200).optional(),
  voice: z.string().max(200).optional(),
});

/** A connection in a PATCH (which replaces the list): no id for a new one; a masked key keeps the stored one. */
export const connectionInputSchema = z.strictObject({
  id: idParam.optional(),
  name: connectionName.nullish(),
  baseUrl: httpUrl,
  apiKey: connectionKey.nullish(),
  enabled: z.boolean().optional(),
  readOnly: z.boolean().optional(),
});
export type ConnectionInput = z.input<typeof connectionInputSchema>;

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

/** The settings as they leave the server: keys masked, the environment's connection included. */
export const settingsReplySchema = z.object({
  signup: signupSettings,
  sharing: sharingSettings,
  enableCommunitySharing: z.boolean(),
  communityUrl,
  communityHub: communityHubSettings,
  tts: ttsSettings.extend({ apiKey: z.string().nullable() }),
  connections: z.array(connectionViewSchema),
  files: fileSettings,
});
export type SettingsReply = z.infer<typeof settingsReplySchema>;

/** A PATCH: any part of the settings; objects merge field by field. */
export const settingsPatchSchema = z.strictObject({
  signup: signupSettings.partial().optional(),
  sharing: sharingSettings.partial().optional(),
  enableCommunitySharing: z.boolean().optional(),
  communityUrl: communityUrl.optional(),
  communityHub: communityHubSettings.partial().optional(),
  // null clears an optional text-to-speech field; a masked apiKey keeps the stored one.
  tts: z
    .strictObject({
      engine: ttsEngineSchema.optional(),
      baseUrl: ttsSettings.shape.baseUrl.unwrap().nullable().optional(),
      model: z.string().max(200).nullable().optional(),
      voice: z.string().max(200).nullable().optional(),
      apiKey: z.string().max(500).nullable().optional(),
    })
    .optional(),
  connections: z.array(connectionInputSchema).max(50).optional(),
  files: fileSettings.partial().optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
export type SettingsPatchInput = z.input<typeof settingsPatchSchema>;
