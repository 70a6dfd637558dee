import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { App } from '../app.js';
import type { Config } from '../config.js';
import { startTestApp, type TestApp } from '../test/harness.js';

/** A stream that keeps what is written to it, and its lines parsed. */
function collected(): { stream: PassThrough; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { stream, lines };
}

/** The app with its log lines collected. */
async function loggedApp(logLevel: Config['logLevel'] = 'info'): Promise<{ app: TestApp; lines: () => Record<string, unknown>[] }> {
  const { stream, lines } = collected();
  return { app: await startTestApp({ logLevel }, { logStream: stream }), lines };
}

const requestLines = (lines: Record<string, unknown>[]) => lines.filter((line) => line.msg === 'request');

describe('the request log', () => {
  it('writes one line per request with the keys pino writes, in its order, and the route pattern', async () => {
    const { app, lines } = await loggedApp();
    try {
      expect((await app.app.inject({ method: 'GET', url: '/api/v1/shares/AAAAAAAAAAAAAAAAAAAAAA' })).statusCode).toBe(404);
      expect((await app.app.inject({ method: 'GET', url: '/robots.txt' })).statusCode).toBe(200);
      const [share, robots, ...rest] = requestLines(lines());
      expect(rest).toEqual([]);
      expect(Object.keys(share ?? {})).toEqual(['level', 'time', 'pid', 'hostname', 'reqId', 'method', 'route', 'status', 'ms', 'msg']);
      expect(share).toMatchObject({ level: 30, pid: process.pid, method: 'GET', route: '/api/v1/shares/:shareId', status: 404, msg: 'request' });
      expect(robots).toMatchObject({ route: '/robots.txt', status: 200 });
      expect(typeof share?.time).toBe('number');
      expect(Math.abs(Number(share?.time) - Date.now())).toBeLessThan(60_000);
      expect(typeof share?.ms).toBe('number');
      expect(share?.reqId).not.toBe(robots?.reqId);
      // Same shape as a line of pino's own, as the app's other lines are.
      app.app.log.info({ method: 'GET', route: '/x', status: 200, ms: 0 }, 'request');
      const pino = requestLines(lines()).at(-1);
      expect(Object.keys(pino ?? {})).toEqual(Object.keys(share ?? {}).filter((key) => key !== 'reqId'));
    } finally {
      await app.close();
    }
  });

  it('logs a HEAD request once, and a URL no route answers as "(no route)"', async () => {
    const { app, lines } = await loggedApp();
    try {
      expect((await app.app.inject({ method: 'HEAD', url: '/robots.txt' })).statusCode).toBe(200);
      expect((await app.app.inject({ method: 'DELETE', url: '/nothing-here' })).statusCode).toBe(404);
      expect(requestLines(lines()).map((line) => [line.method, line.route, line.status])).toEqual([
        ['HEAD', '/robots.txt', 200],
        ['DELETE', '(no route)', 404],
      ]);
    } finally {
      await app.close();
    }
  });

  it("gives a request's other lines its request id, through the logger made when it first logs", async () => {
    const { stream, lines } = collected();
    // A route that fails: the error handler logs the error with the request's logger.
    const routes = (app: App) =>
      app.get('/api/v1/fails', () => {
        throw new Error('a bug');
      });
    const app = await startTestApp({ logLevel: 'info' }, { logStream: stream, routes });
    try {
      expect((await app.app.inject({ method: 'GET', url: '/api/v1/fails' })).statusCode).toBe(500);
      const all = lines();
      const request = requestLines(all)[0];
      expect(request).toMatchObject({ route: '/api/v1/fails', status: 500 });
      const error = all.find((line) => line.msg === 'unhandled error');
      expect(error).toMatchObject({ level: 50, reqId: request?.reqId, route: '/api/v1/fails' });
    } finally {
      await app.close();
    }
  });

  it('writes no request lines below info', async () => {
    const { app, lines } = await loggedApp('warn');
    try {
      expect((await app.app.inject({ method: 'GET', url: '/robots.txt' })).statusCode).toBe(200);
      expect(requestLines(lines())).toEqual([]);
    } finally {
      await app.close();
    }
  });
});
