import type { Attachment as ApiAttachment, UploadedFile } from '../../common/api/files.js';
import type { Attachment, StoredFile } from '../content/files.repository.js';

/** An upload as its owner sees it: never the hash or the uploader. */
export function presentFile(file: StoredFile): UploadedFile {
  return { id: file.id, name: file.name, mediaType: file.media_type, size: file.size, createdAt: file.created_at };
}

/** A message's file, served from `urlOf(id)`: never the hash. */
export function presentAttachment(attachment: Attachment, urlOf: (id: string) => string): ApiAttachment {
  return { id: attachment.id, name: attachment.name, mediaType: attachment.mediaType, size: attachment.size, url: urlOf(attachment.id) };
}

/** The `attachments` field of a message: absent when it has none. */
export function attachmentsField(attachments: readonly Attachment[] | undefined, urlOf: (id: string) => string): { attachments?: ApiAttachment[] } {
  return attachments && attachments.length > 0 ? { attachments: attachments.map((a) => presentAttachment(a, urlOf)) } : {};
}
