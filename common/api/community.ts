import { z } from 'zod';
import { MAX_HANDED_FILES } from '../handoff.js';
import { messageSchema } from './chats.js';
import { idParam, idParams, MAX_CONTENT, MAX_SEED_MESSAGES, MAX_TITLE, pageQuery, pageSchema, searchText, title } from './common.js';
import { MAX_ATTACHMENTS, MAX_FILE_BYTES_LIMIT } from './files.js';

export const visibilitySchema = z.enum(['private', 'public', 'public_full_history']);
export type CommunityVisibility = z.infer<typeof visibilitySchema>;

const nodeId = z.string().min(1).max(64);

/** An image handed to the hub: the base64 of at most the largest upload an admin may allow. */
export const handedFileSchema = z.strictObject({
  id: nodeId,
  name: z.string().min(1).max(255),
  dataUrl: z.string().max(Math.ceil((MAX_FILE_BYTES_LIMIT * 4) / 3) + 100),
});

/** A snapshot as a link's viewer receives it (GET /api/v1/shares/:id), handed to the hub. */
export const handedSnapshotSchema = z.object({
  share: z.object({ title: z.string().max(MAX_TITLE) }).loose().optional(),
  messages: z
    .array(
      z.object({
        id: nodeId,
        parentId: nodeId.nullable(),
        role: z.enum(['user', 'assistant']),
        content: z.string().max(MAX_CONTENT),
        model: z.string().max(200).nullable().optional(),
        createdAt: z.iso.datetime({ offset: true }).optional(),
        /** A reply that stopped before it was finished stays marked so on the hub. */
        status: z.enum(['complete', 'failed']).optional(),
        /** The message's images, by their ids in `files`. */
        fileIds: z.array(nodeId).max(MAX_ATTACHMENTS).optional(),
      }),
    )
    .max(MAX_SEED_MESSAGES),
  currentMessageId: nodeId.nullable(),
  /** The snapshot's images, each once, as `data:<type>;base64,…` URLs; the hub checks each by its bytes. */
  files: z.array(handedFileSchema).max(MAX_HANDED_FILES).optional(),
});
export type HandedSnapshot = z.infer<typeof handedSnapshotSchema>;

export const uploadBody = z.strictObject({ title, snapshot: handedSnapshotSchema, visibility: visibilitySchema });
export type CommunityUploadInput = z.input<typeof uploadBody>;
export const updateCommunityChatBody = z.strictObject({ visibility: visibilitySchema.optional(), title: title.optional() });
export type CommunityChatPatch = z.input<typeof updateCommunityChatBody>;
export const communityParams = idParams;
export const communityListQuery = z.strictObject({ q: searchText, ...pageQuery });

export const communityChatSchema = z.object({
  id: z.string(),
  url: z.string(),
  title: z.string(),
  visibility: visibilitySchema,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CommunityChat = z.infer<typeof communityChatSchema>;
export const communityListReply = pageSchema(communityChatSchema);
export const communityChatReply = z.object({
  chat: communityChatSchema,
  messages: z.array(messageSchema),
  currentMessageId: z.string().nullable(),
});
export type CommunityChatView = z.infer<typeof communityChatReply>;
export const uploadReply = z.object({ id: z.string(), url: z.string() });

export const communityFileParams = z.strictObject({ id: idParam, fileId: idParam });

export const leftOutFileSchema = z.object({
  messageId: z.string(),
  name: z.string(),
  reason: z.enum(['too_large', 'too_many', 'not_an_image', 'unavailable']),
});

/**
 * What "Share to Community" hands to the hub: where to go, the snapshot to upload there with the
 * images that fit (`snapshot.files`, referred to by each message's `fileIds`), and the files left out.
 */
export const handoffReply = z.object({
  uploadUrl: z.string(),
  title: z.string(),
  snapshot: z.object({
    messages: z.array(messageSchema.extend({ fileIds: z.array(z.string()).optional() })),
    currentMessageId: z.string().nullable(),
    files: z.array(z.object({ id: z.string(), name: z.string(), dataUrl: z.string() })),
  }),
  leftOut: z.array(leftOutFileSchema),
});
export type CommunityHandoff = z.infer<typeof handoffReply>;
