import type { InstanceConfig } from '../../common/api.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { UserRow } from '../db/schema.js';
import { ForbiddenError } from '../http/errors.js';
import { lockSetting, readSetting, writeSetting } from './settings.repository.js';
import { settingsSchema, type Settings, type SettingsPatch } from './settings.schema.js';

const SETTINGS_KEY = 'instance';
const savedSettingsSchema = settingsSchema.partial();

// Settings are read on hot paths (every share page); parse the stored JSON only when it changed.
let lastParsed: { raw: string; saved: Partial<Settings> | null } | undefined;
function parseSaved(raw: string): Partial<Settings> | null {
  if (lastParsed?.raw !== raw) {
    const result = savedSettingsSchema.safeParse(JSON.parse(raw));
    lastParsed = { raw, saved: result.success ? result.data : null };
  }
  return lastParsed.saved;
}

/** What a fresh instance starts with; the environment seeds the community options. */
function defaultSettings(config: Config): Settings {
  return {
    signup: { enabled: true, defaultRole: 'user' },
    sharing: { enabled: true, publicLinks: false, defaultAccess: 'members' },
    enableCommunitySharing: config.community.enableSharing,
    communityUrl: config.community.url,
    communityHub: { enabled: config.community.enableHub },
    tts: { engine: 'none' },
  };
}

function merge(base: Settings, patch: SettingsPatch): Settings {
  return {
    signup: { ...base.signup, ...patch.signup },
    sharing: { ...base.sharing, ...patch.sharing },
    enableCommunitySharing: patch.enableCommunitySharing ?? base.enableCommunitySharing,
    communityUrl: patch.communityUrl === undefined ? base.communityUrl : patch.communityUrl,
    communityHub: { ...base.communityHub, ...patch.communityHub },
    tts: { ...base.tts, ...patch.tts },
  };
}

/** The instance's settings: the defaults, overlaid with what the admin saved. */
export async function getSettings(db: Db, config: Config): Promise<Settings> {
  const stored = await readSetting(db, SETTINGS_KEY);
  const defaults = defaultSettings(config);
  if (stored === undefined) return defaults;
  // Saved settings were validated on the way in; a field added since falls back to its default.
  const saved = parseSaved(stored);
  return saved ? merge(defaults, saved) : defaults;
}

/** Admin only: merges a patch into the settings and returns the whole. */
export async function updateSettings(db: Db, config: Config, actor: UserRow, patch: SettingsPatch): Promise<Settings> {
  if (actor.role !== 'admin') throw new ForbiddenError('Only admins can change settings.');
  return db.transaction().execute(async (trx) => {
    await lockSetting(trx, SETTINGS_KEY, '{}');
    const next = merge(await getSettings(trx, config), patch);
    await writeSetting(trx, SETTINGS_KEY, JSON.stringify(next));
    return next;
  });
}

/** Admin only: the settings as the Admin Panel shows them. */
export async function getSettingsForAdmin(db: Db, config: Config, actor: UserRow): Promise<Settings> {
  if (actor.role !== 'admin') throw new ForbiddenError('Only admins can see settings.');
  return getSettings(db, config);
}

/** What anyone, signed in or not, may know about this instance. */
export async function getInstanceConfig(db: Db, config: Config): Promise<InstanceConfig> {
  const settings = await getSettings(db, config);
  return {
    name: 'Parley',
    features: {
      signup: settings.signup.enabled,
      sharing: settings.sharing.enabled,
      publicLinks: settings.sharing.publicLinks,
      communitySharing: settings.enableCommunitySharing,
      communityUrl: settings.enableCommunitySharing ? settings.communityUrl : null,
      tts: settings.tts.engine,
    },
  };
}
