import type { ApiKey } from '../../common/api/auth.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { ApiKeyRow, UserRow } from '../db/schema.js';
import { BadRequestError, ForbiddenError, NotFoundError } from '../http/errors.js';
import { hashToken, newId, newToken, nowIso } from '../lib/ids.js';
import { deleteApiKey, findApiKeyByHash, insertApiKey, listApiKeys, touchApiKey } from './auth.repository.js';

const API_KEY_PREFIX = 'pk_';
// `lastUsedAt` is written at most once a minute per key: a busy script costs one write a minute, not one per request.
const LAST_USED_EVERY_MS = 60_000;

/** The API key a request authenticated with; null for a session. */
export interface KeyAuth {
  id: string;
  canManageKeys: boolean;
}

export interface NewApiKey {
  name: string;
  expiresAt?: string | null | undefined;
  canManageKeys?: boolean | undefined;
}

/** The user and key of a live API key, or undefined for an unknown, revoked or expired one; records its use. */
export async function authenticateApiKey(db: Db, config: Config, key: string): Promise<{ user: UserRow; key: KeyAuth } | undefined> {
  if (!key.startsWith(API_KEY_PREFIX)) return undefined;
  const now = new Date();
  const found = await findApiKeyByHash(db, hashToken(config.secretKey, key), now.toISOString());
  if (found === undefined) return undefined;
  const staleBefore = new Date(now.getTime() - LAST_USED_EVERY_MS).toISOString();
  // Only a stale timestamp costs a write; the conditional update keeps instances from writing it twice.
  if (found.key.last_used_at === null || found.key.last_used_at < staleBefore) {
    await touchApiKey(db, found.key.id, now.toISOString(), staleBefore);
  }
  return { user: found.user, key: { id: found.key.id, canManageKeys: found.key.can_manage_keys === 1 } };
}

// A session may always manage its user's keys; a key only when it was made with that permission.
function assertMayManageKeys(via: KeyAuth | null): void {
  if (via !== null && !via.canManageKeys) {
    throw new ForbiddenError('This API key cannot manage API keys; create one with canManageKeys, or use the web app.');
  }
}

/** Creates an API key for the actor; the key itself is returned once and never stored. */
export async function createApiKey(
  db: Db,
  config: Config,
  actor: UserRow,
  via: KeyAuth | null,
  input: NewApiKey,
): Promise<{ apiKey: ApiKeyRow; key: string }> {
  assertMayManageKeys(via);
  const now = nowIso();
  const expiresAt = input.expiresAt === undefined || input.expiresAt === null ? null : new Date(input.expiresAt).toISOString();
  if (expiresAt !== null && expiresAt <= now) {
    throw new BadRequestError('The expiry must be in the future.', [{ field: 'expiresAt', message: 'must be in the future' }]);
  }
  const key = newToken(API_KEY_PREFIX);
  const apiKey: ApiKeyRow = {
    id: newId(),
    user_id: actor.id,
    name: input.name,
    key_hash: hashToken(config.secretKey, key),
    created_at: now,
    expires_at: expiresAt,
    last_used_at: null,
    can_manage_keys: input.canManageKeys === true ? 1 : 0,
  };
  await insertApiKey(db, apiKey);
  return { apiKey, key };
}

/** The actor's own API keys, without the keys. */
export function listOwnApiKeys(db: Db, actor: UserRow, via: KeyAuth | null): Promise<ApiKeyRow[]> {
  assertMayManageKeys(via);
  return listApiKeys(db, actor.id);
}

/** The fields of an API key that may leave the server; never its hash. */
export function presentApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    expiresAt: row.expires_at,
    canManageKeys: row.can_manage_keys === 1,
  };
}

/** Revokes one of the actor's API keys; another user's key is not found. */
export async function revokeApiKey(db: Db, actor: UserRow, via: KeyAuth | null, id: string): Promise<void> {
  assertMayManageKeys(via);
  if (!(await deleteApiKey(db, actor.id, id))) throw new NotFoundError();
}
