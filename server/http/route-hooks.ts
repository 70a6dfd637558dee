import type { RouteOptions } from 'fastify';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Whether a request of this method may change something (anything but GET, HEAD and OPTIONS). */
export function isWrite(method: string): boolean {
  return !SAFE_METHODS.has(method);
}

/** Whether a route answers any method that may change something. */
export function routeTakesWrites(route: Pick<RouteOptions, 'method'>): boolean {
  return (Array.isArray(route.method) ? route.method : [route.method]).some(isWrite);
}

/**
 * Puts `hook` first among a route's hooks of its kind. A hook that only some routes need is added
 * to those routes from an `onRoute` hook rather than to every request: Fastify skips a hook stage
 * that a route has nothing in, and most requests are reads of routes that need none.
 */
export function prependHook<E, H>(existing: E | E[] | undefined, hook: H): (E | H)[] {
  return existing === undefined ? [hook] : Array.isArray(existing) ? [hook, ...existing] : [hook, existing];
}

/** Puts `hook` last among a route's hooks of its kind. */
export function appendHook<E, H>(existing: E | E[] | undefined, hook: H): (E | H)[] {
  return existing === undefined ? [hook] : Array.isArray(existing) ? [...existing, hook] : [existing, hook];
}
