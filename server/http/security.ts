import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Config } from '../config.js';
import { ForbiddenError } from './errors.js';
import { isWrite, prependHook, routeTakesWrites } from './route-hooks.js';

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

/** The headers every response carries whatever it is, computed once per app. */
function fixedSecurityHeaders(config: Config): [string, string][] {
  return [
    ['x-content-type-options', 'nosniff'],
    ['x-frame-options', 'DENY'],
    ['cross-origin-opener-policy', 'same-origin'],
    ['cross-origin-resource-policy', 'same-origin'],
    ...(config.publicUrl.startsWith('https://') ? [['strict-transport-security', 'max-age=31536000'] as [string, string]] : []),
  ];
}

function applySecurityHeaders(reply: FastifyReply, fixed: readonly [string, string][]): void {
  // File responses set a stricter one of their own.
  if (!reply.hasHeader('content-security-policy')) void reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
  for (const [name, value] of fixed) void reply.header(name, value);
  // Share pages send no referrer at all (S16); everything else, only to this origin.
  if (!reply.hasHeader('referrer-policy')) void reply.header('referrer-policy', 'same-origin');
}

/** Sets the headers every response carries, page or API (for answers sent outside the hooks). */
export function setSecurityHeaders(reply: FastifyReply, config: Config): void {
  applySecurityHeaders(reply, fixedSecurityHeaders(config));
}

/** Headers every response carries, page or API: computed once, set by one synchronous hook. */
export function registerSecurityHeaders(app: FastifyInstance, config: Config): void {
  const fixed = fixedSecurityHeaders(config);
  app.addHook('onSend', (_request, reply, payload, done) => {
    applySecurityHeaders(reply, fixed);
    done(null, payload);
  });
}

/**
 * Refuses writes sent by a page of another origin. Requests with an API key are scripts, not
 * browsers riding a cookie, and pass; so do clients that send no cookie, no Origin and no
 * Sec-Fetch-Site. A cookie-carrying write with a null or absent Origin is cross-site unless
 * `Sec-Fetch-Site: same-origin` proves otherwise.
 *
 * Only routes that take a write get the hook (a GET of an `app.route` with GET and POST still
 * passes it). Register it after the guards and rate limits: it is put first, so it runs before them.
 */
export function registerOriginCheck(app: FastifyInstance, config: Config): void {
  const publicOrigin = new URL(config.publicUrl).origin;
  const check: onRequestHookHandler = (request, _reply, done) => {
    if (!isWrite(request.method) || request.headers.authorization !== undefined || isSameOrigin(request, publicOrigin)) {
      done();
      return;
    }
    done(new ForbiddenError('Requests from another site are refused.'));
  };
  app.addHook('onRoute', (route) => {
    if (routeTakesWrites(route)) route.onRequest = prependHook(route.onRequest, check);
  });
}

function isSameOrigin(request: FastifyRequest, publicOrigin: string): boolean {
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== 'null') {
    return origin === publicOrigin || origin === `${request.protocol}://${request.host}`;
  }
  const site = request.headers['sec-fetch-site'];
  // `Origin: null` comes from a browser context that hides where it is (a sandboxed frame, a
  // redirect, a file), and browsers on plain-HTTP hosts send no Sec-Fetch-Site: without proof of
  // the same origin it is cross-site. So is a cookie-carrying write without an Origin, which a
  // browser riding the session may send; only a client with no cookie at all (a script) passes.
  if (origin === 'null' || request.headers.cookie !== undefined) return site === 'same-origin';
  return site === undefined || site === 'same-origin' || site === 'none';
}
