import { z } from 'zod';
import { messageSchema } from './chats.js';
import { idParams, MAX_CONTENT, MAX_SEED_MESSAGES, MAX_TITLE, pageQuery, pageSchema, searchText, title } from './common.js';

export const visibilitySchema = z.enum(['private', 'public', 'public_full_history']);
export type CommunityVisibility = z.infer<typeof visibilitySchema>;

const nodeId = z.string().min(1).max(64);

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
      }),
    )
    .max(MAX_SEED_MESSAGES),
  currentMessageId: nodeId.nullable(),
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

/** What "Share to Community" hands to the hub: where to go and the snapshot to upload there. */
export const handoffReply = z.object({
  uploadUrl: z.string(),
  title: z.string(),
  snapshot: z.object({ messages: z.array(messageSchema), currentMessageId: z.string().nullable() }),
});
export type CommunityHandoff = z.infer<typeof handoffReply>;
