import { PassThrough } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { lazyRequestLogger } from './request-logger.js';

/** A Fastify app logging JSON lines into memory, with Parley's request logger. */
async function appLogging() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (line !== '') lines.push(JSON.parse(line) as Record<string, unknown>);
  });
  const app = Fastify({ logger: { level: 'info', stream }, disableRequestLogging: true, childLoggerFactory: lazyRequestLogger });
  app.get('/quiet', () => 'ok');
  app.get('/loud', (request) => {
    request.log.debug('not at this level');
    request.log.warn({ detail: 1 }, 'something to say');
    request.log.child({ part: 'inner' }).error('from a child');
    return { level: request.log.level };
  });
  await app.ready();
  return { app, lines };
}

describe('the request logger', () => {
  it('writes what a request logs with its request id and at the app level, and nothing for a quiet one', async () => {
    const { app, lines } = await appLogging();
    try {
      expect((await app.inject('/quiet')).statusCode).toBe(200);
      const loud = await app.inject('/loud');
      expect(loud.json()).toEqual({ level: 'info' });
      await new Promise((resolve) => setImmediate(resolve));
      expect(lines.map(({ msg, level, reqId, detail, part }) => ({ msg, level, reqId, detail, part }))).toEqual([
        { msg: 'something to say', level: 40, reqId: 'req-2', detail: 1, part: undefined },
        { msg: 'from a child', level: 50, reqId: 'req-2', detail: undefined, part: 'inner' },
      ]);
    } finally {
      await app.close();
    }
  });
});
