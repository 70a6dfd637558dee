import { z } from 'zod';
import { shareAccessSchema, ttsEngineSchema } from '../../common/api.js';

/** The instance settings an admin edits (API.md, Admin). */
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
  }),
});
export type Settings = z.infer<typeof settingsSchema>;

/** A PATCH: any part of the settings; objects merge field by field. */
export const settingsPatchSchema = z.strictObject({
  signup: settingsSchema.shape.signup.partial().optional(),
  sharing: settingsSchema.shape.sharing.partial().optional(),
  enableCommunitySharing: z.boolean().optional(),
  communityUrl: settingsSchema.shape.communityUrl.optional(),
  communityHub: settingsSchema.shape.communityHub.partial().optional(),
  tts: settingsSchema.shape.tts.partial().optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;
