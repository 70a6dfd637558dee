import { z } from 'zod';
import { idParam, MAX_CONTENT, messageSchema } from './chats.schema.js';

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
  stream,
});

export const regenerateBody = z.strictObject({ model: modelId.optional(), stream });

export const messageParams = z.strictObject({ id: idParam, messageId: idParam });

/** The prompt and its reply; for a regenerated reply, the prompt it answers (null at a root). */
export const replyPairSchema = z.object({ userMessage: messageSchema.nullable(), assistantMessage: messageSchema });
export const messageReply = z.object({ message: messageSchema });

export type PostMessage = z.infer<typeof postMessageBody>;
export type Regenerate = z.infer<typeof regenerateBody>;
