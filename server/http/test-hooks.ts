import { setImmediate } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';

/**
 * Routes for the tests and benchmarks that run Parley as a child process and need to look inside
 * it (docs/architecture.md, Load). Registered only when PARLEY_TEST_HOOKS is set, so in
 * production they do not exist: their paths answer the API's 404 like any unknown one.
 */

export interface MemoryReading {
  /** Whether a full collection ran first: only when node was started with --expose-gc. */
  collected: boolean;
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

/**
 * `GET /api/v1/test-hooks/memory`: process.memoryUsage() right after a full garbage collection,
 * so that what it reports as heap is what is retained, not garbage not yet collected.
 */
export function registerTestHooks(app: FastifyInstance): void {
  app.get('/api/v1/test-hooks/memory', { schema: { hide: true } }, async (): Promise<MemoryReading> => {
    const gc = (globalThis as { gc?: () => void }).gc;
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
    };
  });
}
