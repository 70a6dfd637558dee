import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { UserRow } from '../db/schema.js';
import { UnauthenticatedError } from '../http/errors.js';
import { hashToken } from '../lib/ids.js';
import { authenticateApiKey } from './api-keys.service.js';
import { SESSION_DAYS, userFromSession } from './auth.service.js';

export const SESSION_COOKIE = 'parley_session';

/** Who is making the request: an API key (Bearer) wins over the session cookie. */
export async function resolveUser(request: FastifyRequest): Promise<UserRow | null> {
  const { db, config } = request.server.deps;
  const apiKeyUser = await userOfApiKey(request);
  if (apiKeyUser !== null) return apiKeyUser;
  const token = sessionToken(request);
  if (!token) return null;
  return (await userFromSession(db, config, token)) ?? null;
}

/** The user of the request's API key (`Authorization: Bearer`), null without one; 401 for a bad, revoked or expired one. */
export async function userOfApiKey(request: FastifyRequest): Promise<UserRow | null> {
  const authorization = request.headers.authorization;
  if (authorization === undefined) return null;
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  if (bearer === undefined) throw new UnauthenticatedError('Use "Authorization: Bearer <api key>".');
  const { db, config } = request.server.deps;
  const authenticated = await authenticateApiKey(db, config, bearer);
  if (!authenticated) throw new UnauthenticatedError('This API key is not valid.');
  request.apiKey = authenticated.key;
  return authenticated.user;
}

/** The session cookie's token, if any. Cookies are parsed here, on the routes that need them, not on every request. */
export function sessionToken(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  return header === undefined ? undefined : request.server.parseCookie(header)[SESSION_COOKIE];
}

/** What the sessions table keeps of the request's session token, for a lookup that joins the session itself. */
export function sessionTokenHash(request: FastifyRequest): string | null {
  const token = sessionToken(request);
  return token ? hashToken(request.server.deps.config.secretKey, token) : null;
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
