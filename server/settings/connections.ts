import type { z } from 'zod';
import type { connectionInputSchema } from '../../common/api/settings.js';
import { BadRequestError } from '../http/errors.js';
import { newId } from '../lib/ids.js';
import type { StoredConnection } from './settings.schema.js';

type ConnectionInput = z.infer<typeof connectionInputSchema>;

/**
 * API keys of model connections: admins see them masked, and a masked key sent back in a PATCH
 * means "keep the stored key", so that saving the Admin Panel's form never loses or leaks one.
 */

/** The id of the connection the environment configures (OPENAI_API_BASE_URL); it cannot be edited. */
export const ENV_CONNECTION_ID = 'env';

const MASK = '…';

/** `sk-…abcd`: enough to recognise a key, not enough to use it. */
export function maskKey(key: string): string {
  return key.length >= 12 ? `${key.slice(0, 3)}${MASK}${key.slice(-4)}` : MASK;
}

export function isMaskedKey(value: string): boolean {
  return value.includes(MASK);
}

/**
 * The stored connections after a PATCH that replaces the list: new entries get an id, masked
 * keys keep the stored key, and the read-only environment connection is left out.
 */
export function resolveConnections(stored: readonly StoredConnection[], incoming: readonly ConnectionInput[]): StoredConnection[] {
  const byId = new Map(stored.map((c) => [c.id, c]));
  const seen = new Set<string>();
  const result: StoredConnection[] = [];
  incoming.forEach((input, i) => {
    if (input.readOnly === true || input.id === ENV_CONNECTION_ID) return;
    const id = input.id ?? newId();
    if (seen.has(id)) throw new BadRequestError(`Two connections have the id "${id}".`, [{ field: `connections.${i}.id`, message: 'is a duplicate' }]);
    seen.add(id);
    result.push({
      id,
      ...(input.name ? { name: input.name } : {}),
      baseUrl: input.baseUrl,
      ...keyOf(input.apiKey, byId.get(id), input.baseUrl, `connections.${i}.apiKey`),
      enabled: input.enabled ?? true,
    });
  });
  return result;
}

/**
 * The key to store for what the client sent: a new key, nothing, or (masked) the stored one. A
 * masked key stands for the stored one only while the base URL stays the same: otherwise an
 * admin could send a stored key to a server of their choosing without ever knowing it.
 */
export function keyOf(
  sent: string | null | undefined,
  stored: { apiKey?: string | undefined | null; baseUrl?: string | undefined } | undefined,
  baseUrl: string | undefined,
  field: string,
): { apiKey?: string } {
  if (sent === undefined || sent === null || sent === '') return {};
  if (!isMaskedKey(sent)) return { apiKey: sent };
  const storedKey = stored?.apiKey ?? undefined;
  if (storedKey === undefined || maskKey(storedKey) !== sent) {
    throw new BadRequestError('A masked API key can only stand for the key stored for the same connection.', [
      { field, message: 'is masked but matches no stored key' },
    ]);
  }
  if (baseUrl !== undefined && baseUrl !== stored?.baseUrl) throw keyNeededForNewUrl(field);
  return { apiKey: storedKey };
}

/** The stored key never goes to another base URL than the one it was saved for. */
export function keyNeededForNewUrl(field: string): BadRequestError {
  return new BadRequestError('The base URL changed: enter the API key again to use it with the new URL.', [
    { field, message: 'must be entered again for the new base URL' },
  ]);
}
