import type { InstanceConfig } from '../../common/api.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { UserRow } from '../db/schema.js';
import { ForbiddenError } from '../http/errors.js';
import { ENV_CONNECTION_ID, keyOf, maskKey, resolveConnections } from '../llm/keys.js';
import { lockSetting, readSetting, writeSetting } from './settings.repository.js';
import { settingsSchema, type ConnectionView, type Settings, type SettingsPatch, type SettingsReply } from './settings.schema.js';

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
    connections: [],
  };
}

type ResolvedPatch = Omit<SettingsPatch, 'connections'> & { connections?: Settings['connections'] | undefined };

function merge(base: Settings, patch: ResolvedPatch): Settings {
  return {
    signup: { ...base.signup, ...patch.signup },
    sharing: { ...base.sharing, ...patch.sharing },
    enableCommunitySharing: patch.enableCommunitySharing ?? base.enableCommunitySharing,
    communityUrl: patch.communityUrl === undefined ? base.communityUrl : patch.communityUrl,
    communityHub: { ...base.communityHub, ...patch.communityHub },
    tts: mergeTts(base.tts, patch.tts),
    connections: patch.connections ?? base.connections,
  };
}

/** Text-to-speech fields merge one by one; null removes one. */
function mergeTts(base: Settings['tts'], patch: SettingsPatch['tts']): Settings['tts'] {
  const field = (sent: string | null | undefined, kept: string | undefined) => (sent === undefined ? kept : (sent ?? undefined));
  const tts: Settings['tts'] = { engine: patch?.engine ?? base.engine };
  const baseUrl = field(patch?.baseUrl, base.baseUrl);
  const model = field(patch?.model, base.model);
  const voice = field(patch?.voice, base.voice);
  const apiKey = field(patch?.apiKey, base.apiKey);
  return {
    ...tts,
    ...(baseUrl !== undefined && { baseUrl }),
    ...(model !== undefined && { model }),
    ...(voice !== undefined && { voice }),
    ...(apiKey !== undefined && { apiKey }),
  };
}

/** The settings as admins see them: keys masked, and the environment's connection, read-only, first. */
export function presentSettings(settings: Settings, config: Config): SettingsReply {
  const connections: ConnectionView[] = settings.connections.map((c) => ({
    id: c.id,
    name: c.name ?? new URL(c.baseUrl).host,
    baseUrl: c.baseUrl,
    apiKey: c.apiKey === undefined ? null : maskKey(c.apiKey),
    enabled: c.enabled,
    readOnly: false,
  }));
  const { baseUrl, apiKey } = config.openai;
  if (baseUrl !== null) {
    const fromEnv = { id: ENV_CONNECTION_ID, name: 'Environment', baseUrl, apiKey: apiKey === null ? null : maskKey(apiKey) };
    connections.unshift({ ...fromEnv, enabled: true, readOnly: true });
  }
  const { apiKey: ttsKey, ...tts } = settings.tts;
  return { ...settings, tts: { ...tts, apiKey: ttsKey === undefined ? null : maskKey(ttsKey) }, connections };
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

/** Admin only: merges a patch into the settings (the connection list is replaced) and returns the whole. */
export async function updateSettings(db: Db, config: Config, actor: UserRow, patch: SettingsPatch): Promise<SettingsReply> {
  if (actor.role !== 'admin') throw new ForbiddenError('Only admins can change settings.');
  const next = await db.transaction().execute(async (trx) => {
    await lockSetting(trx, SETTINGS_KEY, '{}');
    const current = await getSettings(trx, config);
    const connections = patch.connections && resolveConnections(current.connections, patch.connections);
    const ttsKey = patch.tts?.apiKey;
    const tts = typeof ttsKey === 'string' ? { ...patch.tts, apiKey: keyOf(ttsKey, current.tts.apiKey, 'tts.apiKey').apiKey ?? null } : patch.tts;
    const merged = merge(current, { ...patch, tts, connections });
    await writeSetting(trx, SETTINGS_KEY, JSON.stringify(merged));
    return merged;
  });
  return presentSettings(next, config);
}

/** Admin only: the settings as the Admin Panel shows them. */
export async function getSettingsForAdmin(db: Db, config: Config, actor: UserRow): Promise<SettingsReply> {
  if (actor.role !== 'admin') throw new ForbiddenError('Only admins can see settings.');
  return presentSettings(await getSettings(db, config), config);
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
      communityHub: settings.communityHub.enabled,
      tts: settings.tts.engine,
    },
  };
}
