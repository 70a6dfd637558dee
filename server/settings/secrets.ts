import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * The API keys the admin stores (model connections, speech) are kept encrypted at rest:
 * AES-256-GCM under a key derived with HKDF-SHA256 from the instance secret, so that a copy of
 * the database alone does not give them away. A stored value is `enc:v1:<iv><tag><ciphertext>`
 * in base64url; anything else is a key saved before encryption, read as it is and sealed on the
 * next write.
 */

const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretBox {
  private readonly key: Buffer;

  constructor(instanceSecret: string) {
    this.key = Buffer.from(hkdfSync('sha256', instanceSecret, 'parley', 'settings api keys v1', 32));
  }

  static isSealed(value: string): boolean {
    return value.startsWith(PREFIX);
  }

  seal(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** The plain key; undefined when it was sealed under another secret (or tampered with). */
  open(value: string): string | undefined {
    if (!SecretBox.isSealed(value)) return value;
    const raw = Buffer.from(value.slice(PREFIX.length), 'base64url');
    if (raw.length < IV_BYTES + TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch (error) {
      if (error instanceof Error && /authenticate|auth tag/i.test(error.message)) return undefined;
      throw error;
    }
  }
}

interface StoredKeys {
  tts?: unknown;
  connections?: unknown;
}

const isHolder = (value: unknown): value is { apiKey?: unknown } => typeof value === 'object' && value !== null;

/** Applies `change` to every stored API key of a parsed settings object, in place; true if any was plaintext. */
export function mapStoredKeys(saved: unknown, change: (value: string) => string | undefined): boolean {
  let plaintext = false;
  const apply = (holder: { apiKey?: unknown }) => {
    if (typeof holder.apiKey !== 'string') return;
    if (!SecretBox.isSealed(holder.apiKey)) plaintext = true;
    const next = change(holder.apiKey);
    if (next === undefined) delete holder.apiKey;
    else holder.apiKey = next;
  };
  if (typeof saved !== 'object' || saved === null) return false;
  const keys = saved as StoredKeys;
  if (isHolder(keys.tts)) apply(keys.tts);
  if (Array.isArray(keys.connections)) {
    for (const connection of keys.connections as unknown[]) if (isHolder(connection)) apply(connection);
  }
  return plaintext;
}
