import { getSettings } from '../admin/settings.service.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { Connection } from './client.js';
import { ENV_CONNECTION_ID } from './keys.js';

/** The connection the environment configures (OPENAI_API_BASE_URL, OPENAI_API_KEY), if any. */
export function environmentConnection(config: Config): Connection | null {
  const { baseUrl, apiKey } = config.openai;
  return baseUrl === null ? null : { id: ENV_CONNECTION_ID, name: 'Environment', baseUrl, apiKey };
}

/** Every connection, enabled or not, the environment's first. */
export async function allConnections(db: Db, config: Config): Promise<(Connection & { enabled: boolean })[]> {
  const settings = await getSettings(db, config);
  const fromEnv = environmentConnection(config);
  return [
    ...(fromEnv ? [{ ...fromEnv, enabled: true }] : []),
    ...settings.connections.map((c) => ({
      id: c.id,
      name: c.name ?? new URL(c.baseUrl).host,
      baseUrl: c.baseUrl,
      apiKey: c.apiKey ?? null,
      enabled: c.enabled,
    })),
  ];
}

/** The connections replies may use. */
export async function enabledConnections(db: Db, config: Config): Promise<Connection[]> {
  return (await allConnections(db, config)).filter((c) => c.enabled);
}
