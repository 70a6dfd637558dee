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

// The last answer of nowIso, reused within the same millisecond: formatting a date costs more than
// the share page's whole access decision, and a busy instance asks several times per millisecond.
// A clock reading, not data: nothing of any app is kept here.
const lastNow = { ms: Number.NaN, iso: '' };

/** Now, as stored: ISO-8601 in UTC with milliseconds, so that strings sort as times. */
export function nowIso(): string {
  const ms = Date.now();
  if (ms !== lastNow.ms) {
    lastNow.ms = ms;
    lastNow.iso = new Date(ms).toISOString();
  }
  return lastNow.iso;
}
