// One-shot `hash` costs about half of `createHash` for short texts, hashed by the thousand here.
import { hash } from 'node:crypto';
import type { Db } from '../db/database.js';
import { nowIso } from '../lib/ids.js';

/** Message text, stored once per distinct content and referred to by its SHA-256 (docs/architecture.md, Storage). */

export function bodyHash(content: string): string {
  return hash('sha256', content, 'hex');
}

const CHUNK = 500;

/** Stores each distinct content once and returns the hash of each, in order. */
export async function putBodies(db: Db, contents: readonly string[]): Promise<string[]> {
  const hashes = contents.map(bodyHash);
  const unique = new Map<string, string>();
  contents.forEach((content, i) => unique.set(hashes[i] ?? '', content));
  const createdAt = nowIso();
  const rows = [...unique].map(([hash, content]) => ({
    hash,
    content,
    size: Buffer.byteLength(content, 'utf8'),
    created_at: createdAt,
  }));
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('message_bodies')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) => oc.column('hash').doNothing())
      .execute();
  }
  return hashes;
}

/** The contents of the given bodies, by hash. */
export async function getBodies(db: Db, hashes: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(hashes)];
  const result = new Map<string, string>();
  for (let i = 0; i < unique.length; i += CHUNK) {
    const rows = await db
      .selectFrom('message_bodies')
      .select(['hash', 'content'])
      .where('hash', 'in', unique.slice(i, i + CHUNK))
      .execute();
    for (const row of rows) result.set(row.hash, row.content);
  }
  return result;
}
