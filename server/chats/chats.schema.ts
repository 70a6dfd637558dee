import { z } from 'zod';
import { pageQuery, pageSchema } from '../http/pagination.js';

export const MAX_TITLE = 500;
/** One message's text; a 10,000-message chat of such messages still fits the body limit. */
export const MAX_CONTENT = 1_000_000;
export const MAX_SEED_MESSAGES = 20_000;

export const idParam = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a valid id');

export const messageSchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  role: z.enum(['user', 'assistant', 'system']),
  content: z.string(),
  model: z.string().nullable(),
  createdAt: z.string(),
  status: z.enum(['complete', 'streaming', 'failed']),
});

export const chatSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  archived: z.boolean(),
  pinned: z.boolean(),
  shareId: z.string().nullable(),
});

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

const title = z.string().trim().min(1, 'must not be empty').max(MAX_TITLE, `must be at most ${MAX_TITLE} characters`);

export const seedMessageSchema = z.strictObject({
  role: z.enum(['user', 'assistant', 'system']),
  content: z.string().max(MAX_CONTENT, `must be at most ${MAX_CONTENT} characters`),
  model: z.string().max(200).optional(),
});

export const createChatBody = z.strictObject({
  title: title.optional(),
  messages: z.array(seedMessageSchema).max(MAX_SEED_MESSAGES).optional(),
});

export const updateChatBody = z.strictObject({
  title: title.optional(),
  archived: z.boolean().optional(),
  pinned: z.boolean().optional(),
  currentMessageId: idParam.optional(),
});

export const chatParams = z.strictObject({ id: idParam });

const flag = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const listChatsQuery = z.strictObject({
  archived: flag.default(false),
  q: z.string().trim().max(200).optional(),
  ...pageQuery,
});

export const chatReply = z.object({ chat: chatSchema });
export const chatListReply = pageSchema(chatSummarySchema);

export type Message = z.infer<typeof messageSchema>;
export type Chat = z.infer<typeof chatSchema>;
export type ChatSummary = z.infer<typeof chatSummarySchema>;
export type SeedMessage = z.infer<typeof seedMessageSchema>;
