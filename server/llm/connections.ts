import type { Config } from '../config.js';
import { ENV_CONNECTION_ID } from '../settings/connections.js';
import type { Settings } from '../settings/settings.schema.js';
import type { Connection } from './client.js';

/** The connection the environment configures (OPENAI_API_BASE_URL, OPENAI_API_KEY), if any. */
export function environmentConnection(config: Config): Connection | null {
  const { baseUrl, apiKey } = config.openai;
  return baseUrl === null ? null : { id: ENV_CONNECTION_ID, name: 'Environment', baseUrl, apiKey };
}

/** Every connection, enabled or not, the environment's first. */
export function allConnections(settings: Settings, config: Config): (Connection & { enabled: boolean })[] {
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
export function enabledConnections(settings: Settings, config: Config): Connection[] {
  return allConnections(settings, config).filter((c) => c.enabled);
}
