import type { InstanceConfig, SettingsPatch, SettingsReply } from '../../common/api/settings.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { ENV_CONNECTION_ID, keyNeededForNewUrl, keyOf, maskKey, resolveConnections } from './connections.js';
import { SecretBox, mapStoredKeys } from './secrets.js';
import { lockSetting, readSetting, replaceSetting, writeSetting } from './settings.repository.js';
import { settingsSchema, type Settings } from './settings.schema.js';

/** The settings' row in the `settings` table. */
export const SETTINGS_KEY = 'instance';
const savedSettingsSchema = settingsSchema.partial();

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
    files: { maxBytes: 20 * 1024 * 1024, allowedTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'text/plain'] },
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
    files: { ...base.files, ...patch.files },
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

/**
 * The instance's settings, one store per app. Every read asks the database for the stored JSON (one
 * prepared statement), so that a change on one instance holds on all at once; the settings made
 * from it are kept while it is unchanged, so an unchanged read parses and merges nothing.
 */
export class SettingsStore {
  private last: { raw: string | undefined; settings: Settings; plaintextKeys: boolean } | undefined;
  private readonly secrets: SecretBox;

  constructor(private readonly config: Config) {
    this.secrets = new SecretBox(config.secretKey);
  }

  /** The defaults, overlaid with what the admin saved; `db` may be a transaction. */
  read(db: Db): Promise<Settings> {
    // One promise on the way (the read's): this runs on most requests.
    return readSetting(db, SETTINGS_KEY).then((raw) => {
      const settings = this.fromStored(raw);
      // Keys saved before they were encrypted are sealed now, unless the row changed meanwhile.
      if (raw === undefined || this.last?.plaintextKeys !== true) return settings;
      return replaceSetting(db, SETTINGS_KEY, raw, this.serialize(settings)).then(() => settings);
    });
  }

  /** The settings made from the stored JSON (undefined: nothing saved), as read by another query. */
  fromStored(raw: string | undefined): Settings {
    if (this.last === undefined || this.last.raw !== raw) this.last = { raw, ...this.parse(raw) };
    return this.last.settings;
  }

  /** Merges a patch into the settings (the connection list is replaced) and returns the whole. */
  async update(db: Db, patch: SettingsPatch): Promise<Settings> {
    return db.transaction().execute(async (trx) => {
      await lockSetting(trx, SETTINGS_KEY, '{}');
      const current = await this.read(trx);
      const connections = patch.connections && resolveConnections(current.connections, patch.connections);
      const ttsKey = patch.tts?.apiKey;
      const ttsUrl = patch.tts?.baseUrl ?? undefined;
      // A new speech URL with the stored key left in place would send that key to it.
      if (ttsKey === undefined && ttsUrl !== undefined && ttsUrl !== current.tts.baseUrl && current.tts.apiKey !== undefined) {
        throw keyNeededForNewUrl('tts.apiKey');
      }
      const tts =
        typeof ttsKey === 'string' ? { ...patch.tts, apiKey: keyOf(ttsKey, current.tts, ttsUrl ?? current.tts.baseUrl, 'tts.apiKey').apiKey ?? null } : patch.tts;
      const merged = merge(current, { ...patch, tts, connections });
      await writeSetting(trx, SETTINGS_KEY, this.serialize(merged));
      return merged;
    });
  }

  /** The settings as admins see them: keys masked, and the environment's connection, read-only, first. */
  present(settings: Settings): SettingsReply {
    const connections = settings.connections.map((c) => ({
      id: c.id,
      name: c.name ?? new URL(c.baseUrl).host,
      baseUrl: c.baseUrl,
      apiKey: c.apiKey === undefined ? null : maskKey(c.apiKey),
      enabled: c.enabled,
      readOnly: false,
    }));
    const { baseUrl, apiKey } = this.config.openai;
    if (baseUrl !== null) {
      const fromEnv = { id: ENV_CONNECTION_ID, name: 'Environment', baseUrl, apiKey: apiKey === null ? null : maskKey(apiKey) };
      connections.unshift({ ...fromEnv, enabled: true, readOnly: true });
    }
    const { apiKey: ttsKey, ...tts } = settings.tts;
    return { ...settings, tts: { ...tts, apiKey: ttsKey === undefined ? null : maskKey(ttsKey) }, connections };
  }

  private parse(raw: string | undefined): { settings: Settings; plaintextKeys: boolean } {
    const defaults = defaultSettings(this.config);
    if (raw === undefined) return { settings: defaults, plaintextKeys: false };
    const json: unknown = JSON.parse(raw);
    // A key sealed under another secret is dropped (the admin enters it again), not sent anywhere.
    const plaintextKeys = mapStoredKeys(json, (value) => this.secrets.open(value));
    // Saved settings were validated on the way in; a field added since falls back to its default.
    const result = savedSettingsSchema.safeParse(json);
    return { settings: result.success ? merge(defaults, result.data) : defaults, plaintextKeys: result.success && plaintextKeys };
  }

  /** The settings as stored: JSON with every API key sealed. */
  private serialize(settings: Settings): string {
    const copy: unknown = JSON.parse(JSON.stringify(settings));
    mapStoredKeys(copy, (value) => this.secrets.seal(value));
    return JSON.stringify(copy);
  }
}

/**
 * Where "Share to Community" goes (rule S17): the admin's Community URL, or with none this
 * instance itself, which is then its own community; null while community sharing is off.
 */
export function communityTarget(settings: Settings, publicUrl: string): string | null {
  if (!settings.enableCommunitySharing) return null;
  return settings.communityUrl ?? publicUrl;
}

/** Whether this instance takes uploads and lists community chats: turned on, or its own community. */
export function isCommunityHub(settings: Settings): boolean {
  return settings.communityHub.enabled || (settings.enableCommunitySharing && settings.communityUrl === null);
}

/** What anyone, signed in or not, may know about this instance; `firstRun` while it has no account. */
export function instanceConfig(settings: Settings, publicUrl: string, firstRun: boolean): InstanceConfig {
  return {
    name: 'Parley',
    features: {
      signup: settings.signup.enabled,
      sharing: settings.sharing.enabled,
      publicLinks: settings.sharing.publicLinks,
      communitySharing: settings.enableCommunitySharing,
      communityUrl: communityTarget(settings, publicUrl),
      communityHub: isCommunityHub(settings),
      tts: settings.tts.engine,
      firstRun,
    },
  };
}
