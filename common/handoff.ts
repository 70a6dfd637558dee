/**
 * "Share to Community" hands a chat to the hub in the URL's fragment:
 * `<hub>/community/upload#<base64url(UTF-8 JSON {title, snapshot, leftOut?})>`; the snapshot's
 * images travel in it as data URLs (`snapshot.files`), as many as fit in one URL. Browsers never send the
 * fragment to a server, so the chat's text is in no request line and no log on either side.
 * The sharing instance encodes with `encodeHandoff`; the hub's upload page decodes with `decodeHandoff`,
 * which also takes the snapshot alone in the shape of `GET /api/v1/shares/:id`
 * (`{share: {title}, messages, currentMessageId}`), as docs/api.md describes the upload's `snapshot`.
 */

export interface HandedMessage {
  id: string;
  parentId: string | null;
  role: 'user' | 'assistant';
  content: string;
  model?: string | null;
  createdAt?: string;
  /** The images the message carries, by their ids in `snapshot.files`. */
  fileIds?: string[];
}

/** An image the hand-off carries: its bytes as a `data:<type>;base64,…` URL. */
export interface HandedFile {
  id: string;
  name: string;
  dataUrl: string;
}

/** Why a file of the chat stayed behind (docs/api.md, Community hub). */
export type LeftOutReason = 'too_large' | 'too_many' | 'not_an_image' | 'unavailable';

/** A file of the chat that the hand-off does not carry, named so the uploader is told. */
export interface LeftOutFile {
  messageId: string;
  name: string;
  reason: LeftOutReason;
}

export interface Handoff {
  title: string;
  snapshot: { messages: HandedMessage[]; currentMessageId: string | null; files?: HandedFile[] };
  leftOut?: LeftOutFile[];
}

/** Browsers refuse longer URLs (Chromium: 2 MB): the hand-off, images included, must fit in one. */
export const MAX_HANDOFF_URL_LENGTH = 2_000_000;

/** The most images one hand-off (and one hub upload) carries. */
export const MAX_HANDED_FILES = 20;

/** The image types the hand-off carries and the hub shows: the types shown inline everywhere (S21). */
export const HANDED_IMAGE_TYPES: readonly string[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

/** The length of the fragment `encodeHandoff` makes of a JSON text of `jsonBytes` UTF-8 bytes. */
export function fragmentLength(jsonBytes: number): number {
  return Math.ceil((jsonBytes * 4) / 3);
}

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode(...bytes) overflows the stack on a long chat.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  const base64 = text.replaceAll('-', '+').replaceAll('_', '/');
  const binary = atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** The fragment (without its `#`) that carries `handoff` to the hub. */
export function encodeHandoff(handoff: Handoff): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(handoff)));
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isId = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

function isHandedMessage(value: unknown): value is HandedMessage {
  return (
    isObject(value) &&
    isId(value.id) &&
    (value.parentId === null || isId(value.parentId)) &&
    (value.role === 'user' || value.role === 'assistant') &&
    typeof value.content === 'string' &&
    (value.model === undefined || value.model === null || typeof value.model === 'string') &&
    (value.createdAt === undefined || typeof value.createdAt === 'string') &&
    (value.fileIds === undefined || (Array.isArray(value.fileIds) && value.fileIds.every(isId)))
  );
}

function isHandedFile(value: unknown): value is HandedFile {
  return isObject(value) && isId(value.id) && typeof value.name === 'string' && typeof value.dataUrl === 'string';
}

const LEFT_OUT_REASONS: readonly unknown[] = ['too_large', 'too_many', 'not_an_image', 'unavailable'] satisfies LeftOutReason[];

function isLeftOutFile(value: unknown): value is LeftOutFile {
  return isObject(value) && typeof value.messageId === 'string' && typeof value.name === 'string' && LEFT_OUT_REASONS.includes(value.reason);
}

/**
 * The hand-off in a fragment (with or without its `#`), or null when it is missing or garbled.
 * Only the shape is checked here; the hub's API checks the rest when the chat is uploaded.
 */
export function decodeHandoff(fragment: string): Handoff | null {
  const text = fragment.replace(/^#/, '').trim();
  if (!/^[A-Za-z0-9_\-+/]+=*$/.test(text)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(fromBase64Url(text)));
  } catch {
    // Not base64, not UTF-8 or not JSON: all the same to the visitor, a link that was cut or altered.
    return null;
  }
  if (!isObject(parsed)) return null;
  // Two shapes: `{title, snapshot}`, and the snapshot alone as a link's viewer gets it, titled by `share.title`.
  const snapshot = isObject(parsed.snapshot) ? parsed.snapshot : parsed;
  const title = typeof parsed.title === 'string' ? parsed.title : isObject(parsed.share) ? parsed.share.title : undefined;
  if (typeof title !== 'string') return null;
  const { messages, currentMessageId } = snapshot;
  if (!Array.isArray(messages) || !messages.every(isHandedMessage)) return null;
  if (currentMessageId !== null && !isId(currentMessageId)) return null;
  const files = snapshot.files ?? [];
  if (!Array.isArray(files) || !files.every(isHandedFile)) return null;
  const leftOut = parsed.leftOut ?? [];
  if (!Array.isArray(leftOut) || !leftOut.every(isLeftOutFile)) return null;
  return {
    title,
    snapshot: {
      messages: messages.map((m) => ({
        id: m.id,
        parentId: m.parentId,
        role: m.role,
        content: m.content,
        ...(m.model !== undefined && { model: m.model }),
        ...(m.createdAt !== undefined && { createdAt: m.createdAt }),
        ...(m.fileIds !== undefined && m.fileIds.length > 0 && { fileIds: m.fileIds }),
      })),
      currentMessageId,
      ...(files.length > 0 && { files: files.map((f) => ({ id: f.id, name: f.name, dataUrl: f.dataUrl })) }),
    },
    ...(leftOut.length > 0 && { leftOut: leftOut.map((f) => ({ messageId: f.messageId, name: f.name, reason: f.reason })) }),
  };
}
