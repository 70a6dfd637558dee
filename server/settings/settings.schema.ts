import { z } from 'zod';
import {
  communityHubSettings,
  communityUrl,
  connectionKey,
  connectionName,
  httpUrl,
  sharingSettings,
  signupSettings,
  ttsSettings,
} from '../../common/api/settings.js';
import { idParam } from '../../common/api/common.js';
import { fileSettings } from '../../common/api/files.js';

/** An OpenAI-compatible model connection as stored, key in clear. */
export const storedConnectionSchema = z.strictObject({
  id: idParam,
  name: connectionName.optional(),
  baseUrl: httpUrl,
  apiKey: connectionKey.optional(),
  enabled: z.boolean(),
});
export type StoredConnection = z.infer<typeof storedConnectionSchema>;

/** The instance settings an admin edits, as stored (the reply masks the keys: common/api/settings.ts). */
export const settingsSchema = z.object({
  signup: signupSettings,
  sharing: sharingSettings,
  enableCommunitySharing: z.boolean(),
  communityUrl,
  communityHub: communityHubSettings,
  tts: ttsSettings.extend({
    /** For the 'openai' engine's /audio/speech; shown masked. */
    apiKey: z.string().max(500).optional(),
  }),
  connections: z.array(storedConnectionSchema),
  /** Uploads: the largest, and the media types (sniffed from the bytes) allowed. */
  files: fileSettings,
});
export type Settings = z.infer<typeof settingsSchema>;
