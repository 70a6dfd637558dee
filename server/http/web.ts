import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Config } from '../config.js';
import { errorBody } from './errors.js';

const ROBOTS_TXT = Buffer.from('User-agent: *\nDisallow: /s/\nDisallow: /api/\n');

/**
 * The web app: hashed assets from the Vite build, and index.html for every other page path so
 * that the SPA's router can take over. Unknown API paths get the API's JSON 404.
 */
export async function registerWeb(app: FastifyInstance, config: Config): Promise<void> {
  app.get('/robots.txt', { schema: { hide: true } }, (_request, reply) =>
    reply.type('text/plain; charset=utf-8').send(ROBOTS_TXT),
  );

  const indexFile = path.join(config.webDir, 'index.html');
  const indexHtml = existsSync(indexFile) ? readFileSync(indexFile, 'utf8') : null;
  if (indexHtml !== null) {
    await app.register(fastifyStatic, {
      root: config.webDir,
      prefix: '/',
      index: false,
      wildcard: true,
      setHeaders: (reply, filePath) => {
        const hashed = filePath.includes(`${path.sep}assets${path.sep}`);
        void reply.header('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  const sendApp = (reply: FastifyReply) => {
    if (indexHtml === null) {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The web app is not built yet: run `npm run build:web` (npm start does it for you).');
    }
    return reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(indexHtml);
  };
  app.get('/', { schema: { hide: true } }, (_request, reply) => sendApp(reply));
  // API paths no route matched (an unknown one, an overlong id) never reach the static files.
  app.all('/api/*', { schema: { hide: true } }, (_request, reply) => reply.status(404).send(errorBody('not_found', 'Not Found')));

  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' || request.method === 'HEAD';
    if (!isPage || request.url.startsWith('/api/') || request.url.startsWith('/assets/')) {
      return reply.status(404).send(errorBody('not_found', 'Not Found'));
    }
    return sendApp(reply);
  });
}
