import { createHmac, randomBytes } from 'node:crypto';

/** A new row id: 128 bits from the CSPRNG, URL-safe (22 characters). */
export function newId(): string {
  return randomBytes(16).toString('base64url');
}

/** A secret bearer token (session or API key): 256 bits from the CSPRNG. */
export function newToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** What we store instead of a token: a keyed hash, so a leaked table opens no sessions. */
export function hashToken(secretKey: string, token: string): string {
  return createHmac('sha256', secretKey).update(token).digest('hex');
}

/** Now, as stored: ISO-8601 in UTC with milliseconds, so that strings sort as times. */
export function nowIso(): string {
  return new Date().toISOString();
}
