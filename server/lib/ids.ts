import { createHmac, randomBytes } from 'node:crypto';

/** A new row id: 128 bits from the CSPRNG, URL-safe (22 characters). */
export function newId(): string {
  return randomBytes(16).toString('base64url');
}

/** A secret bearer token (session or API key): 256 bits from the CSPRNG. */
export function newToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/**
 * The hashes of the tokens seen lately, per secret key: every signed-in request hashes its token,
 * and an HMAC (a new key schedule each time) costs more than the share page's whole access
 * decision. A pure function's answers, bounded, and forgotten all at once when full; which
 * session is live is still read from the database on every request.
 */
const MAX_REMEMBERED_HASHES = 4096;
const rememberedHashes = new Map<string, Map<string, string>>();

/** What we store instead of a token: a keyed hash, so a leaked table opens no sessions. */
export function hashToken(secretKey: string, token: string): string {
  let hashes = rememberedHashes.get(secretKey);
  if (hashes === undefined) rememberedHashes.set(secretKey, (hashes = new Map<string, string>()));
  let hash = hashes.get(token);
  if (hash === undefined) {
    hash = createHmac('sha256', secretKey).update(token).digest('hex');
    if (hashes.size >= MAX_REMEMBERED_HASHES) hashes.clear();
    hashes.set(token, hash);
  }
  return hash;
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
