import { z } from 'zod';
import { userSchema } from '../../common/api.js';

const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(320)
  .pipe(z.email({ error: 'must be an email address' }));

export const signUpBody = z.strictObject({
  email,
  password: z.string().min(8, 'must be at least 8 characters').max(256, 'must be at most 256 characters'),
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
});

export const signInBody = z.strictObject({
  email,
  password: z.string().min(1, 'must not be empty').max(256),
});

export const userReply = z.object({ user: userSchema });

export const apiKeyBody = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
});

export const apiKeySchema = z.object({ id: z.string(), name: z.string(), createdAt: z.string() });
export const createdApiKeyReply = apiKeySchema.extend({ key: z.string() });
export const apiKeyListReply = z.object({ items: z.array(apiKeySchema), nextCursor: z.null() });
export const apiKeyParams = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'is not a valid id') });
