import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { UserRow } from '../db/schema.js';
import { BadRequestError, ForbiddenError } from '../http/errors.js';
import { listModels, type ModelInfo } from './client.js';
import { allConnections } from './connections.js';
import { keyOf } from './keys.js';
import type { ConnectionTest } from './llm.schema.js';
import { modelCatalog } from './models.js';

/** The models the signed-in user can pick, from every enabled connection that answers. */
export async function listAvailableModels(db: Db, config: Config, _actor: UserRow): Promise<{ id: string; name: string; connection: string }[]> {
  const catalog = await modelCatalog(db, config);
  return catalog.models.map((m) => ({ id: m.id, name: m.name, connection: m.connection.name }));
}

/** Admin only: lists the models of a connection, saved or about to be; 502 when it does not answer. */
export async function testConnection(db: Db, config: Config, actor: UserRow, input: ConnectionTest): Promise<ModelInfo[]> {
  if (actor.role !== 'admin') throw new ForbiddenError('Only admins can test connections.');
  const saved = input.id === undefined ? undefined : (await allConnections(db, config)).find((c) => c.id === input.id);
  if (input.id !== undefined && !saved) {
    throw new BadRequestError('There is no connection with this id.', [{ field: 'id', message: 'is not a saved connection' }]);
  }
  const baseUrl = input.baseUrl ?? saved?.baseUrl ?? '';
  const apiKey = input.apiKey === undefined ? (saved?.apiKey ?? null) : (keyOf(input.apiKey, saved?.apiKey ?? undefined, 'apiKey').apiKey ?? null);
  const name = saved?.name ?? new URL(baseUrl).host;
  return listModels({ id: input.id ?? 'test', name, baseUrl, apiKey }, config.llm.modelsTimeoutMs);
}
