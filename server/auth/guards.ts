import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { UserRow } from '../db/schema.js';
import { ForbiddenError, UnauthenticatedError } from '../http/errors.js';
import { prependHook } from '../http/route-hooks.js';
import type { KeyAuth } from './api-keys.service.js';
import { resolveUser } from './authenticate.js';

/**
 * Who may call a route, declared in its options (`config: { auth: 'user' }`) and checked once,
 * before the body is read, so that a signed-out request never costs a large body's parse:
 * - `optional`: anyone; `request.viewer` is the signed-in user or null;
 * - `user`: signed in and approved (a pending account gets 403);
 * - `pending`: signed in, approved or not;
 * - `admin`: signed in as an admin.
 * A route without `auth` looks nobody up: `request.viewer` is null there.
 */
export type Guard = 'optional' | 'user' | 'pending' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: Guard;
  }
  interface FastifyRequest {
    /** The signed-in user or null, on routes that declare `auth`. */
    viewer: UserRow | null;
    /** The signed-in user, on routes whose guard requires one (401 elsewhere). */
    readonly actor: UserRow;
    /** The API key the request authenticated with; null for a session or nobody. */
    apiKey: KeyAuth | null;
  }
}

export function registerGuards(app: FastifyInstance): void {
  app.decorateRequest('viewer', null);
  app.decorateRequest('apiKey', null);
  app.decorateRequest('actor', {
    getter(this: FastifyRequest): UserRow {
      if (this.viewer === null) throw new UnauthenticatedError();
      return this.viewer;
    },
  });
  // Only routes that declare a guard get its hook: a route without one pays nothing for it.
  app.addHook('onRoute', (route) => {
    const guard = route.config?.auth;
    if (guard === undefined) return;
    route.onRequest = prependHook(route.onRequest, guardHook(guard));
  });
}

function guardHook(guard: Guard) {
  return async (request: FastifyRequest): Promise<void> => {
    const user = await resolveUser(request);
    request.viewer = user;
    if (guard === 'optional') return;
    if (user === null) throw new UnauthenticatedError();
    switch (guard) {
      case 'pending':
        return;
      case 'user':
        if (user.role === 'pending') throw new ForbiddenError('Your account is waiting for an admin to approve it.');
        return;
      case 'admin':
        if (user.role !== 'admin') throw new ForbiddenError('Only admins can do that.');
        return;
    }
  };
}
