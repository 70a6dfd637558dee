import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { ForbiddenError } from './errors.js';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  // KaTeX and highlighted code set inline style attributes; no inline script is ever allowed.
  "style-src 'self' 'unsafe-inline'",
  // blob: for the composer's previews of files about to be uploaded (object URLs of the page's own).
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Sets the headers every response carries, page or API. */
export function setSecurityHeaders(reply: FastifyReply, config: Config): void {
  // File responses set a stricter one of their own.
  if (!reply.hasHeader('Content-Security-Policy')) void reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  void reply.header('X-Content-Type-Options', 'nosniff');
  void reply.header('X-Frame-Options', 'DENY');
  // Share pages send no referrer at all (S16); everything else, only to this origin.
  if (!reply.hasHeader('Referrer-Policy')) void reply.header('Referrer-Policy', 'same-origin');
  void reply.header('Cross-Origin-Opener-Policy', 'same-origin');
  void reply.header('Cross-Origin-Resource-Policy', 'same-origin');
  if (config.publicUrl.startsWith('https://')) void reply.header('Strict-Transport-Security', 'max-age=31536000');
}

/** Headers every response carries, page or API. */
export function registerSecurityHeaders(app: FastifyInstance, config: Config): void {
  app.addHook('onSend', async (_request, reply) => {
    setSecurityHeaders(reply, config);
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses writes sent by a page of another origin. Requests with an API key are scripts, not
 * browsers riding a cookie, and pass; so do clients that send neither Origin nor Sec-Fetch-Site.
 */
export function registerOriginCheck(app: FastifyInstance, config: Config): void {
  const publicOrigin = new URL(config.publicUrl).origin;
  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method) || request.headers.authorization !== undefined) return;
    if (!isSameOrigin(request, publicOrigin)) {
      throw new ForbiddenError('Requests from another site are refused.');
    }
  });
}

function isSameOrigin(request: FastifyRequest, publicOrigin: string): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== 'null') {
    return origin === publicOrigin || origin === `${request.protocol}://${request.host}`;
  }
  // No usable Origin: browsers still say where the request came from.
  const site = request.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}

/** One log line per request with the route's pattern, never its URL: URLs can hold share ids. */
export function registerRequestLog(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? '(no route)',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
}
