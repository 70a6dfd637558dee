import { blobExists, attachFiles, insertFile } from '../content/files.repository.js';
import { blobOnDisk, fileHash, isInlineImage, removeBlob, sniffMediaType, typeAllowed, writeBlob } from '../content/files.js';
import type { Db } from '../db/database.js';
import { authorizationFor, type Connection } from '../llm/client.js';
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

/** A markdown image of an http(s) URL, with an optional title. */
const MARKDOWN_LINKED_IMAGE = /!\[[^\]\n]*\]\(\s*<?(https?:\/\/[^\s)>]+)>?(?:\s+"[^"\n]*")?\s*\)/g;

/** The bytes at `url`, at most `maxBytes` of them; null when the answer is not a 200 or is larger. */
async function fetchLimited(url: string, connection: Connection, maxBytes: number, timeoutMs: number): Promise<Buffer | 'too large' | null> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    // No redirects: a model server could otherwise send Parley to any host (SSRF).
    const response = await fetch(url, { headers: authorizationFor(connection), signal, redirect: 'error' });
    if (!response.ok || !response.body) return null;
    const declared = Number(response.headers.get('content-length') ?? '0');
    if (declared > maxBytes) {
      await response.body.cancel();
      return 'too large';
    }
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.length;
      if (size > maxBytes) {
        await reader.cancel();
        return 'too large';
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks);
  } catch {
    return null;
  }
}

/**
 * The reply's text without Markdown images of http(s) URLs (a model server's `image_url` parts
 * arrive as such, server/llm/client.ts), and the images that may be kept: fetched from the model
 * server's own origin only, never another host, and then checked like an upload. Every other one
 * is replaced by a note, so no reply hot-links an image (rule S21).
 */
export async function takeLinkedImages(
  content: string,
  limits: Settings['files'],
  connection: Connection,
  timeoutMs: number,
  firstNumber = 1,
): Promise<{ text: string; images: ReplyImage[] }> {
  if (!content.includes('](')) return { text: content, images: [] };
  const origin = new URL(connection.baseUrl).origin;
  const images: ReplyImage[] = [];
  // Each distinct URL is fetched once, and kept once: an image linked twice is one file of the reply.
  const outcomes = new Map<string, string>();
  let text = content;
  for (const match of content.matchAll(MARKDOWN_LINKED_IMAGE)) {
    const url = match[1] ?? '';
    let note = '';
    let parsed: URL | null = null;
    try {
      parsed = new URL(url);
    } catch {
      parsed = null;
    }
    const seen = parsed === null ? undefined : outcomes.get(parsed.href);
    if (seen !== undefined) note = seen;
    else if (!parsed || parsed.origin !== origin) note = '[image not kept: not from the model server]';
    else {
      const bytes = await fetchLimited(parsed.href, connection, limits.maxBytes, timeoutMs);
      if (bytes === 'too large') note = `[image not kept: larger than ${megabytes(limits.maxBytes)}]`;
      else if (bytes === null || bytes.length === 0) note = '[image not kept: the model server did not send it]';
      else {
        const mediaType = await sniffMediaType(bytes);
        if (!isInlineImage(mediaType) || !typeAllowed(mediaType, limits.allowedTypes)) note = '[image not kept: not an allowed image]';
        else {
          const name = `image-${firstNumber + images.length}.${EXTENSIONS[mediaType] ?? 'img'}`;
          images.push({ hash: fileHash(bytes), name, mediaType, bytes });
        }
      }
      outcomes.set(parsed.href, note);
    }
    text = text.replace(match[0], note);
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
