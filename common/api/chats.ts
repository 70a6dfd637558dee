import { z } from 'zod';
import { attachmentSchema } from './files.js';
import { idParam, idParams, MAX_CONTENT, MAX_SEED_MESSAGES, pageQuery, pageSchema, searchText, title } from './common.js';

export const messageRoleSchema = z.enum(['user', 'assistant', 'system']);
export const messageStatusSchema = z.enum(['complete', 'streaming', 'failed']);

/** A message, wherever it appears (a chat, a shared snapshot, a hub upload). */
export const messageSchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  role: messageRoleSchema,
  content: z.string(),
  model: z.string().nullable(),
  createdAt: z.string(),
  status: messageStatusSchema,
  /** The message's files and images, in order; absent when it has none. */
  attachments: z.array(attachmentSchema).optional(),
});
export type Message = z.infer<typeof messageSchema>;
export type MessageRole = z.infer<typeof messageRoleSchema>;
export type MessageStatus = z.infer<typeof messageStatusSchema>;

export const chatSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  archived: z.boolean(),
  pinned: z.boolean(),
  shareId: z.string().nullable(),
  /** With `?q=`: the chat's first message whose text holds it, around the match; null when only the title did. */
  match: z.object({ messageId: z.string(), snippet: z.string() }).nullable(),
});
export type ChatSummary = z.infer<typeof chatSummarySchema>;

export const chatSchema = z.object({
  id: z.string(),
  title: z.string(),
  archived: z.boolean(),
  pinned: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  currentMessageId: z.string().nullable(),
  messages: z.array(messageSchema),
});
export type Chat = z.infer<typeof chatSchema>;

export const seedMessageSchema = z.strictObject({
  role: messageRoleSchema,
  content: z.string().max(MAX_CONTENT, `must be at most ${MAX_CONTENT} characters`),
  model: z.string().max(200).optional(),
});
export type SeedMessage = z.infer<typeof seedMessageSchema>;

export const createChatBody = z.strictObject({
  title: title.optional(),
  messages: z.array(seedMessageSchema).max(MAX_SEED_MESSAGES).optional(),
});
export type CreateChatInput = z.input<typeof createChatBody>;

export const updateChatBody = z.strictObject({
  title: title.optional(),
  archived: z.boolean().optional(),
  pinned: z.boolean().optional(),
  currentMessageId: idParam.optional(),
});
export type ChatPatch = z.input<typeof updateChatBody>;

export const chatParams = idParams;

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const listChatsQuery = z.strictObject({
  archived: flag.default(false),
  q: searchText,
  ...pageQuery,
});

export const chatReply = z.object({ chat: chatSchema });
export const chatListReply = pageSchema(chatSummarySchema);

export const importReply = z.object({
  imported: z.number(),
  chatIds: z.array(z.string()),
  /** Chats of the export imported before (by this account), left as they are. */
  skipped: z.number(),
});
export type ImportResult = z.infer<typeof importReply>;
