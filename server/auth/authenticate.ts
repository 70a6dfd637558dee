import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { UserRow } from '../db/schema.js';
import { ForbiddenError, UnauthenticatedError } from '../http/errors.js';
import { SESSION_DAYS, userFromApiKey, userFromSession } from './auth.service.js';

export const SESSION_COOKIE = 'parley_session';

const resolved = new WeakMap<FastifyRequest, Promise<UserRow | null>>();

/** Who is making the request: an API key (Bearer) wins over the session cookie. Looked up once per request. */
export function currentUser(request: FastifyRequest): Promise<UserRow | null> {
  let user = resolved.get(request);
  if (!user) {
    user = resolveUser(request);
    resolved.set(request, user);
  }
  return user;
}

async function resolveUser(request: FastifyRequest): Promise<UserRow | null> {
  const { db, config } = request.server.deps;
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
    if (bearer === undefined) throw new UnauthenticatedError('Use "Authorization: Bearer <api key>".');
    const user = await userFromApiKey(db, config, bearer);
    if (!user) throw new UnauthenticatedError('This API key is not valid.');
    return user;
  }
  const token = request.cookies[SESSION_COOKIE];
  if (!token) return null;
  return (await userFromSession(db, config, token)) ?? null;
}

/** The signed-in user, or 401; accounts still waiting for approval get 403 unless allowed. */
export async function requireUser(request: FastifyRequest, options: { allowPending?: boolean } = {}): Promise<UserRow> {
  const user = await currentUser(request);
  if (!user) throw new UnauthenticatedError();
  if (user.role === 'pending' && options.allowPending !== true) {
    throw new ForbiddenError('Your account is waiting for an admin to approve it.');
  }
  return user;
}

export function setSessionCookie(reply: FastifyReply, config: Config, token: string): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.publicUrl.startsWith('https://'),
    path: '/',
    maxAge: SESSION_DAYS * 86_400,
  });
}

export function clearSessionCookie(reply: FastifyReply, config: Config): void {
  void reply.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.publicUrl.startsWith('https://'),
    path: '/',
  });
}
