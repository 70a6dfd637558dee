import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { UserRow } from '../db/schema.js';
import { UnauthenticatedError } from '../http/errors.js';
import { SESSION_DAYS, userFromApiKey, userFromSession } from './auth.service.js';

export const SESSION_COOKIE = 'parley_session';

/** Who is making the request: an API key (Bearer) wins over the session cookie. */
export async function resolveUser(request: FastifyRequest): Promise<UserRow | null> {
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
