import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test/harness.js';

/**
 * docs/api.md describes every route of the API in its tables; the server's OpenAPI document is
 * generated from the routes themselves. Each must name every route the other names, so that the
 * prose cannot drift from the code unnoticed.
 */

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof METHODS)[number];

const apiDoc = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');

/** `GET /api/v1/chats/:id`, from the first cell of every table row of docs/api.md. */
function documentedRoutes(markdown: string): { method: Method; path: string }[] {
  const routes: { method: Method; path: string }[] = [];
  for (const line of markdown.split('\n')) {
    const firstCell = /^\|([^|]*)\|/.exec(line)?.[1];
    if (firstCell === undefined) continue;
    const match = /`?\b(GET|POST|PUT|PATCH|DELETE) (\/[^\s`?]*)/.exec(firstCell);
    if (match?.[1] === undefined || match[2] === undefined) continue;
    routes.push({ method: match[1] as Method, path: match[2] });
  }
  return routes;
}

/** OpenAPI writes path parameters as `{id}`, Fastify and docs/api.md as `:id`. */
const fastifyPath = (openApiPath: string) => openApiPath.replace(/\{([^}]+)\}/g, ':$1');
const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;
/** A route with its parameters' names left out: `GET /api/v1/chats/:`. */
const shape = (route: string) => route.replace(/:[^/]+/g, ':');

let t: TestApp;
let openApiRoutes: Set<string>;

beforeAll(async () => {
  t = await startTestApp();
  const document = t.app.swagger() as { paths?: Record<string, Record<string, unknown>> };
  openApiRoutes = new Set();
  for (const [path, operations] of Object.entries(document.paths ?? {})) {
    for (const method of Object.keys(operations)) {
      if ((METHODS as readonly string[]).includes(method.toUpperCase())) openApiRoutes.add(key(method, fastifyPath(path)));
    }
  }
});
afterAll(async () => {
  await t.close();
});

describe('docs/api.md', () => {
  it('has tables that name routes', () => {
    expect(documentedRoutes(apiDoc).length).toBeGreaterThan(40);
  });

  it('documents every route of the OpenAPI document', () => {
    expect(openApiRoutes.size).toBeGreaterThan(40);
    const documented = new Set(documentedRoutes(apiDoc).map((r) => key(r.method, r.path)));
    const missing = [...openApiRoutes].filter((route) => !documented.has(route));
    expect(missing, `docs/api.md has no table row for: ${missing.join(', ')}`).toEqual([]);
  });

  it('names only routes that exist, with their parameters as the server names them', () => {
    const openApiShapes = new Set([...openApiRoutes].map(shape));
    // A route hidden from OpenAPI on purpose (the document itself, /api/docs) must still be a real
    // route, and not an OpenAPI route with its parameters renamed.
    const isHiddenRoute = (method: Method, path: string) =>
      t.app.hasRoute({ method, url: path }) && !openApiShapes.has(shape(key(method, path)));
    const unknown = documentedRoutes(apiDoc)
      .filter((r) => r.path.startsWith('/api/'))
      .filter((r) => !openApiRoutes.has(key(r.method, r.path)) && !isHiddenRoute(r.method, r.path))
      .map((r) => key(r.method, r.path));
    expect(unknown, `docs/api.md names routes the server does not have: ${unknown.join(', ')}`).toEqual([]);
  });

  it('names each route once', () => {
    const routes = documentedRoutes(apiDoc).map((r) => key(r.method, r.path));
    const repeated = routes.filter((route, i) => routes.indexOf(route) !== i);
    expect(repeated, `docs/api.md has more than one row for: ${repeated.join(', ')}`).toEqual([]);
  });
});
