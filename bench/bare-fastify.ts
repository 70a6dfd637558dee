/**
 * The baseline of the hot-path benchmarks: a bare Fastify app in its own process that answers
 * each route with fixed bytes and headers held in memory, and does nothing else.
 *
 *   tsx bench/bare-fastify.ts <routes.json> <port>
 * where routes.json is [{ path, status, headers: {name: value}, bodyFile }].
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

interface BareRoute {
  path: string;
  status: number;
  headers: Record<string, string>;
  bodyFile: string;
}

const [specFile, port] = process.argv.slice(2);
if (specFile === undefined || port === undefined) throw new Error('usage: bare-fastify.ts <routes.json> <port>');
const routes = JSON.parse(readFileSync(specFile, 'utf8')) as BareRoute[];
const app = Fastify({ logger: false });
for (const route of routes) {
  const body = readFileSync(route.bodyFile);
  app.get(route.path, (_request, reply) => reply.status(route.status).headers(route.headers).send(body));
}
await app.listen({ port: Number(port), host: '127.0.0.1' });
