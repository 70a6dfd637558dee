import { setImmediate } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';

/**
 * Routes for the tests and benchmarks that run Parley as a child process and need to look inside
 * it (docs/architecture.md, Load). Registered only when PARLEY_TEST_HOOKS is set, so in
 * production they do not exist: their paths answer the API's 404 like any unknown one.
 */

export interface MemoryReading {
  /** Whether a full collection ran first: only when node was started with --expose-gc, and not with `?gc=false`. */
  collected: boolean;
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  /** What each of the app's bounded caches holds: entries, and bytes as the cache counts them. */
  caches: Record<string, CacheHolding>;
}

export interface CacheHolding {
  entries: number;
  bytes: number;
}

/**
 * `GET /api/v1/test-hooks/memory`: process.memoryUsage() right after a full garbage collection,
 * so that what it reports as heap is what is retained, not garbage not yet collected; and what
 * the app's caches hold, which may grow up to their budgets without being a leak. `?gc=false`
 * skips the collection, to sample the heap under load.
 */
export function registerTestHooks(app: FastifyInstance, caches: () => Record<string, CacheHolding>): void {
  app.get<{ Querystring: { gc?: string } }>('/api/v1/test-hooks/memory', { schema: { hide: true } }, async (request): Promise<MemoryReading> => {
    // `?gc=false` reads without collecting: what the process holds at that moment, garbage included.
    const gc = request.query.gc === 'false' ? undefined : (globalThis as { gc?: () => void }).gc;
    if (gc) {
      // A second pass, after the callbacks of what the first freed have run, collects what they let go.
      gc();
      await setImmediate();
      gc();
    }
    const usage = process.memoryUsage();
    return {
      collected: gc !== undefined,
      rss: usage.rss,
      heapTotal: usage.heapTotal,
      heapUsed: usage.heapUsed,
      external: usage.external,
      arrayBuffers: usage.arrayBuffers,
      caches: caches(),
    };
  });
}
