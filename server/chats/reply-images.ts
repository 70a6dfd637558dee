import { blobExists, attachFiles, insertFile } from '../content/files.repository.js';
import { blobOnDisk, fileHash, isInlineImage, removeBlob, sniffMediaType, typeAllowed, writeBlob } from '../content/files.js';
import type { Db } from '../db/database.js';
import type { Settings } from '../settings/settings.schema.js';

/**
 * Images a model writes into its reply as data URLs (`![alt](data:image/png;base64,…)`, or a bare
 * data URL) are kept as files of the reply, owned by the chat's owner, and taken out of its text
 * (rule S21, docs/api.md, Files): the chat view and a shared page then show them from Parley's own
 * origin like any attachment, and no reply text ever carries image bytes or a link to fetch.
 */

/** A markdown image of a data URL; then any data URL left (in HTML, or bare). */
const MARKDOWN_DATA_IMAGE = /!\[[^\]\n]*\]\(\s*data:[\w.+-]+\/[\w.+-]+;base64,([A-Za-z0-9+/=\s]*)\)/g;
const BARE_DATA_URL = /data:[\w.+-]+\/[\w.+-]+;base64,([A-Za-z0-9+/=]*)/g;

export interface ReplyImage {
  hash: string;
  name: string;
  mediaType: string;
  bytes: Buffer;
}

const EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp' };

function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

/**
 * The reply's text without data URLs, and the images they held that may be kept: plain images by
 * their bytes, within the admin's size and type limits. One that may not is named in the text.
 */
export async function takeReplyImages(content: string, limits: Settings['files']): Promise<{ text: string; images: ReplyImage[] }> {
  if (!content.includes('data:')) return { text: content, images: [] };
  const images: ReplyImage[] = [];
  const found: { match: string; base64: string }[] = [];
  for (const pattern of [MARKDOWN_DATA_IMAGE, BARE_DATA_URL]) {
    const rest = found.reduce((text, f) => text.replace(f.match, ''), content);
    for (const match of rest.matchAll(pattern)) found.push({ match: match[0], base64: match[1] ?? '' });
  }
  let text = content;
  for (const { match, base64 } of found) {
    const bytes = Buffer.from(base64.replace(/\s/g, ''), 'base64');
    const mediaType = bytes.length === 0 ? 'application/octet-stream' : await sniffMediaType(bytes);
    let note = '';
    if (bytes.length > limits.maxBytes) note = `[image not kept: larger than ${megabytes(limits.maxBytes)}]`;
    else if (!isInlineImage(mediaType) || !typeAllowed(mediaType, limits.allowedTypes)) note = '[image not kept: not an allowed image]';
    else {
      const name = `image-${images.length + 1}.${EXTENSIONS[mediaType] ?? 'img'}`;
      images.push({ hash: fileHash(bytes), name, mediaType, bytes });
    }
    text = text.replace(match, note);
  }
  return { text, images };
}

/** Writes the images' bytes, before the transaction that records them. */
export async function writeReplyImages(dataDir: string, images: readonly ReplyImage[]): Promise<void> {
  for (const image of images) await writeBlob(dataDir, image.hash, image.bytes);
}

/** Records the images as uploads of the chat's owner, attached to the reply in order. */
export async function attachReplyImages(trx: Db, ownerId: string, replyId: string, images: readonly ReplyImage[]): Promise<void> {
  const ids: string[] = [];
  for (const image of images) {
    const file = await insertFile(trx, { userId: ownerId, hash: image.hash, name: image.name, mediaType: image.mediaType, size: image.bytes.length });
    ids.push(file.id);
  }
  await attachFiles(trx, replyId, ids);
}

/**
 * After the transaction: bytes a collection took from the disk meanwhile are written again when
 * recorded, and removed when the reply was not stored (its chat deleted) and nothing else names them.
 */
export async function settleReplyImages(db: Db, dataDir: string, images: readonly ReplyImage[], recorded: boolean): Promise<void> {
  for (const image of images) {
    if (recorded) {
      if (!(await blobOnDisk(dataDir, image.hash))) await writeBlob(dataDir, image.hash, image.bytes);
    } else if (!(await blobExists(db, image.hash))) {
      // An upload of the same bytes in between rewrites them after its insert (files.service.ts).
      await removeBlob(dataDir, image.hash);
    }
  }
}
