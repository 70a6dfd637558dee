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
      ...keyOf(input.apiKey, byId.get(id)?.apiKey, `connections.${i}.apiKey`),
      enabled: input.enabled ?? true,
    });
  });
  return result;
}

/** The key to store for what the client sent: a new key, nothing, or (masked) the stored one. */
export function keyOf(sent: string | null | undefined, stored: string | undefined, field: string): { apiKey?: string } {
  if (sent === undefined || sent === null || sent === '') return {};
  if (!isMaskedKey(sent)) return { apiKey: sent };
  if (stored !== undefined && maskKey(stored) === sent) return { apiKey: stored };
  throw new BadRequestError('A masked API key can only stand for the key stored for the same connection.', [
    { field, message: 'is masked but matches no stored key' },
  ]);
}
