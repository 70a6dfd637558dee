import type { LlmLimits } from '../config.js';
import { BadRequestError, AppError, UpstreamError } from '../http/errors.js';
import { listModels, type Connection } from './client.js';

/** A model one can talk to, and the connection that serves it. */
export interface AvailableModel {
  id: string;
  name: string;
  connection: Connection;
}

export interface ModelCatalog {
  /** Models of every connection that answered; an id offered by two connections is the first one's. */
  models: AvailableModel[];
  /** Connections that did not answer, with why. */
  failures: { connection: Connection; error: UpstreamError }[];
  connectionCount: number;
}

async function fetchCatalog(connections: Connection[], timeoutMs: number): Promise<ModelCatalog> {
  const results = await Promise.allSettled(connections.map((c) => listModels(c, timeoutMs)));
  const models = new Map<string, AvailableModel>();
  const failures: ModelCatalog['failures'] = [];
  results.forEach((result, i) => {
    const connection = connections[i];
    if (!connection) return;
    if (result.status === 'rejected') {
      const reason: unknown = result.reason;
      if (!(reason instanceof UpstreamError)) throw reason;
      failures.push({ connection, error: reason });
      return;
    }
    for (const model of result.value) if (!models.has(model.id)) models.set(model.id, { ...model, connection });
  });
  return { models: [...models.values()], failures, connectionCount: connections.length };
}

/**
 * The models of the enabled connections, one catalog per app: fetched in parallel with a timeout
 * and kept for a few seconds; a connection that is down is left out, not an error.
 */
export class ModelCatalogCache {
  private cached: { key: string; expiresAt: number; catalog: Promise<ModelCatalog> } | undefined;

  constructor(private readonly limits: Pick<LlmLimits, 'modelsTimeoutMs' | 'modelsCacheMs'>) {}

  of(connections: Connection[]): Promise<ModelCatalog> {
    const key = JSON.stringify(connections);
    if (this.cached && this.cached.key === key && this.cached.expiresAt > Date.now()) return this.cached.catalog;
    const catalog = fetchCatalog(connections, this.limits.modelsTimeoutMs);
    this.cached = { key, expiresAt: Date.now() + this.limits.modelsCacheMs, catalog };
    return catalog;
  }
}

/**
 * The model a reply uses: the one asked for, else the preferred one (the thread's last) when it
 * is still offered, else the first offered. No connection → 503; all down → 502; unknown → 400.
 */
export function chooseModel(catalog: ModelCatalog, requested: string | undefined, preferred: string | null): AvailableModel {
  if (catalog.connectionCount === 0) {
    throw new AppError('service_unavailable', 'No model connection is set up; an admin can add one in Admin Panel → Connections.');
  }
  const find = (id: string | null | undefined) => catalog.models.find((m) => m.id === id);
  const chosen = requested === undefined ? (find(preferred) ?? catalog.models[0]) : find(requested);
  if (chosen) return chosen;
  const down = catalog.failures.map((f) => f.error.message).join(' ');
  if (down) throw new UpstreamError(requested === undefined ? down : `Model "${requested}" is not available now. ${down}`);
  if (requested === undefined) throw new AppError('service_unavailable', 'The model connections offer no models.');
  throw new BadRequestError(`Model "${requested}" is not offered by any connection.`, [{ field: 'model', message: 'is not an available model' }]);
}
