import type { FastifyReply } from 'fastify';
import { stripBidi } from '../../common/bidi.js';
import { isInlineImage, sniffMediaType } from '../content/files.js';

/** Every file response: no script, no plugin, no framing, even if the bytes are a page (rule S21). */
export const FILE_CONTENT_SECURITY_POLICY = "default-src 'none'; sandbox";

/** `attachment; filename="…"; filename*=UTF-8''…`, safe for any name. */
function disposition(kind: 'inline' | 'attachment', fileName: string): string {
  // Bidi controls could make "\u202Egnp.exe" show as "exe.png" in a browser's downloads (docs/architecture.md).
  const name = stripBidi(fileName);
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * Sends a file's bytes as what they are, checked again from the bytes (never a stored or claimed
 * type): png, jpeg, gif and webp inline, anything else (SVG and HTML included) as a download.
 * `cache`: `private` for an owner's own files, `none` for a link's, whose access can end at any moment.
 */
export async function sendFile(reply: FastifyReply, file: { name: string }, bytes: Buffer, cache: 'private' | 'none'): Promise<FastifyReply> {
  const mediaType = await sniffMediaType(bytes);
  const inline = isInlineImage(mediaType);
  return reply
    .header('Content-Security-Policy', FILE_CONTENT_SECURITY_POLICY)
    .header('X-Content-Type-Options', 'nosniff')
    .header('Content-Disposition', disposition(inline ? 'inline' : 'attachment', file.name))
    .header('Cache-Control', cache === 'private' ? 'private, max-age=3600' : 'private, no-store')
    .type(mediaType === 'text/plain' ? 'text/plain; charset=utf-8' : mediaType)
    .send(bytes);
}
