import { z } from 'zod';
import { idParam, MAX_CONTENT } from './common.js';
import { MAX_ATTACHMENTS } from './files.js';
import { messageSchema } from './chats.js';

const modelId = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

/** Stream the reply as `text/event-stream` (default), or wait and answer 201 with JSON. */
const stream = z.boolean().default(true);

export const postMessageBody = z.strictObject({
  content: z
    .string()
    .max(MAX_CONTENT, `must be at most ${MAX_CONTENT} characters`)
    .refine((v) => v.trim() !== '', 'must not be empty'),
  /** Default: the chat's current message. `null` starts a new root branch (editing the first prompt). */
  parentId: idParam.nullable().optional(),
  model: modelId.optional(),
  /** Ids of my uploads (`POST /api/v1/files`) the message carries, in order. */
  attachments: z.array(idParam).max(MAX_ATTACHMENTS, `must be at most ${MAX_ATTACHMENTS} files`).optional(),
  stream,
});
export type PostMessageInput = z.input<typeof postMessageBody>;

export const regenerateBody = z.strictObject({ model: modelId.optional(), stream });
export type RegenerateInput = z.input<typeof regenerateBody>;

export const messageParams = z.strictObject({ id: idParam, messageId: idParam });

/** The prompt and its reply; for a regenerated reply, the prompt it answers (null at a root). */
export const replyPairSchema = z.object({ userMessage: messageSchema.nullable(), assistantMessage: messageSchema });
export type ReplyPair = z.infer<typeof replyPairSchema>;

export const messageReply = z.object({ message: messageSchema });

/** Why a reply ended before the model finished it. */
export const replyFailureSchema = z.object({
  code: z.enum(['stopped', 'upstream_error', 'internal_error']),
  message: z.string(),
});
export type ReplyFailure = z.infer<typeof replyFailureSchema>;

/**
 * The events of a streamed reply, by name: `message` once the messages are stored, `delta` for
 * each piece of text, then `done` or `error` (with what arrived).
 */
export const replyEvents = {
  message: replyPairSchema,
  delta: z.object({ content: z.string() }),
  done: z.object({ message: messageSchema }),
  error: z.object({ message: messageSchema.nullable(), error: replyFailureSchema }),
};
export type ReplyEvent = { [K in keyof typeof replyEvents]: { event: K; data: z.infer<(typeof replyEvents)[K]> } }[keyof typeof replyEvents];
