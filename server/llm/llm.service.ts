import type { ConnectionTest, ModelOption } from '../../common/api/models.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { BadRequestError } from '../http/errors.js';
import { keyNeededForNewUrl, keyOf } from '../settings/connections.js';
import type { SettingsStore } from '../settings/settings.service.js';
import { listModels, type ModelInfo } from './client.js';
import { allConnections, enabledConnections } from './connections.js';
import type { ModelCatalog, ModelCatalogCache } from './models.js';

/** What finding models needs: the database and settings for the connections, and the app's catalog. */
export interface ModelDeps {
  db: Db;
  config: Config;
  settings: SettingsStore;
  models: ModelCatalogCache;
}

/** The models of every enabled connection that answers, as the app's catalog keeps them. */
export async function availableModels(deps: ModelDeps): Promise<ModelCatalog> {
  return deps.models.of(enabledConnections(await deps.settings.read(deps.db), deps.config));
}

/** The models a signed-in user can pick. */
export async function listModelOptions(deps: ModelDeps): Promise<ModelOption[]> {
  const catalog = await availableModels(deps);
  return catalog.models.map((m) => ({ id: m.id, name: m.name, connection: m.connection.name }));
}

/** Lists the models of a connection, saved or about to be, for the Admin Panel; 502 when it does not answer. */
export async function testConnection(deps: ModelDeps, input: ConnectionTest): Promise<ModelInfo[]> {
  const { db, config, settings } = deps;
  const saved = input.id === undefined ? undefined : allConnections(await settings.read(db), config).find((c) => c.id === input.id);
  if (input.id !== undefined && !saved) {
    throw new BadRequestError('There is no connection with this id.', [{ field: 'id', message: 'is not a saved connection' }]);
  }
  const baseUrl = input.baseUrl ?? saved?.baseUrl ?? '';
  if (input.apiKey === undefined && saved?.apiKey && baseUrl !== saved.baseUrl) throw keyNeededForNewUrl('apiKey');
  const apiKey = input.apiKey === undefined ? (saved?.apiKey ?? null) : (keyOf(input.apiKey, saved, baseUrl, 'apiKey').apiKey ?? null);
  const name = saved?.name ?? new URL(baseUrl).host;
  return listModels({ id: input.id ?? 'test', name, baseUrl, apiKey }, config.llm.modelsTimeoutMs);
}
