import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';

/**
 * A file's bytes on disk, stored once by their SHA-256 under `DATA_DIR/files/ab/cd/<hash>`
 * (docs/architecture.md, Storage), and what they are, decided by the bytes alone (rule S21).
 */

export function fileHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function filesDir(dataDir: string): string {
  return path.join(dataDir, 'files');
}

function blobPath(dataDir: string, hash: string): string {
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error('not a file hash');
  return path.join(filesDir(dataDir), hash.slice(0, 2), hash.slice(2, 4), hash);
}

/** Writes the bytes under their hash (whole or not at all: a temporary file renamed into place). */
export async function writeBlob(dataDir: string, hash: string, bytes: Uint8Array): Promise<void> {
  const target = blobPath(dataDir, hash);
  await mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, bytes);
  await rename(temporary, target);
}

/** The bytes stored under the hash; null when the disk has none. */
export async function readBlob(dataDir: string, hash: string): Promise<Buffer | null> {
  try {
    return await readFile(blobPath(dataDir, hash));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export async function removeBlob(dataDir: string, hash: string): Promise<void> {
  await rm(blobPath(dataDir, hash), { force: true });
}

/** The image types a browser may show inline; everything else is served as a download. */
export const INLINE_IMAGE_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export function isInlineImage(mediaType: string): boolean {
  return INLINE_IMAGE_TYPES.has(mediaType);
}

/** Text a model can read: UTF-8 without NUL bytes. */
function isText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch (error) {
    if (error instanceof TypeError) return false;
    throw error;
  }
}

/**
 * What the bytes are, whatever the uploader named or claimed: a known binary format by its
 * signature, else `text/plain` for UTF-8 text (HTML and SVG included: never rendered), else
 * `application/octet-stream`.
 */
export async function sniffMediaType(bytes: Uint8Array): Promise<string> {
  const found = await fileTypeFromBuffer(bytes);
  if (found) return found.mime === 'application/xml' || found.mime === 'image/svg+xml' ? 'text/plain' : found.mime;
  return isText(bytes) ? 'text/plain' : 'application/octet-stream';
}

/** Whether a media type matches an allowed pattern: `image/png`, or `image/*`, or `*\/*`. */
export function typeAllowed(mediaType: string, allowed: readonly string[]): boolean {
  const [kind] = mediaType.split('/');
  return allowed.some((pattern) => pattern === mediaType || pattern === '*/*' || pattern === `${kind}/*`);
}

/** Whether the disk holds the bytes of the hash. */
export async function blobOnDisk(dataDir: string, hash: string): Promise<boolean> {
  try {
    await stat(blobPath(dataDir, hash));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
