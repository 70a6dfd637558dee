import { z } from 'zod';
import { idParam } from './common.js';

/** An upload of mine (`POST /api/v1/files`), to attach to a message. `mediaType` is sniffed from the bytes. */
export const fileSchema = z.object({
  id: z.string(),
  name: z.string(),
  mediaType: z.string(),
  size: z.number(),
  createdAt: z.string(),
});
export type UploadedFile = z.infer<typeof fileSchema>;

export const fileReply = z.object({ file: fileSchema });

/**
 * A file a message carries, wherever the message appears. `url` is where its bytes are served
 * from this origin: the chat's files for the owner, `/s/<id>/files/<fileId>` on a link.
 */
export const attachmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  mediaType: z.string(),
  size: z.number(),
  url: z.string(),
});
export type Attachment = z.infer<typeof attachmentSchema>;

export const fileParams = z.strictObject({ id: idParam });
export const chatFileParams = z.strictObject({ id: idParam, fileId: idParam });

/** How many files one message may carry. */
export const MAX_ATTACHMENTS = 20;

/** The header that names an upload's file (percent-encoded UTF-8); its body is the bytes. */
export const FILE_NAME_HEADER = 'x-file-name';

/** The largest upload an admin may allow. */
export const MAX_FILE_BYTES_LIMIT = 100 * 1024 * 1024;

/** `image/png`, `image/*` or `*\/*`. */
export const mediaTypePattern = z
  .string()
  .regex(/^(\*\/\*|[a-z0-9.+-]+\/(\*|[a-z0-9.+-]+))$/, 'must be a media type such as image/png or image/*');

export const fileSettings = z.strictObject({
  maxBytes: z.number().int().min(1).max(MAX_FILE_BYTES_LIMIT),
  allowedTypes: z.array(mediaTypePattern).max(100),
});
