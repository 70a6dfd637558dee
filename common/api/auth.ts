import { passwordProblem } from './common-passwords.js';
import { z } from 'zod';

export const roleSchema = z.enum(['admin', 'user', 'pending']);
export type Role = z.infer<typeof roleSchema>;

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  createdAt: z.string(),
});
export type User = z.infer<typeof userSchema>;

const email = z
  .string()
  .trim()
  .toLowerCase()
  .max(320)
  .pipe(z.email({ error: 'must be an email address' }));

export const displayName = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

/** A password being chosen: long enough, not one character repeated, not among the commonest. */
export const newPassword = z
  .string()
  .max(256, 'must be at most 256 characters')
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });

export const signUpBody = z.strictObject({
  email,
  password: newPassword,
  name: displayName,
});
export type SignUpInput = z.input<typeof signUpBody>;

export const signInBody = z.strictObject({
  email,
  password: z.string().min(1, 'must not be empty').max(256),
});
export type SignInInput = z.input<typeof signInBody>;

export const userReply = z.object({ user: userSchema });

export const apiKeyBody = z.strictObject({
  name: displayName,
  /** When the key stops working; null or absent: never. */
  expiresAt: z.iso.datetime({ offset: true, error: 'must be an ISO-8601 date and time' }).nullable().optional(),
  /** Whether the key may create, list and revoke API keys; only a session or such a key may grant it. */
  canManageKeys: z.boolean().optional(),
});
export type ApiKeyInput = z.input<typeof apiKeyBody>;
export const apiKeySchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  canManageKeys: z.boolean(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;
export const createdApiKeyReply = apiKeySchema.extend({ key: z.string() });
export const apiKeyListReply = z.object({ items: z.array(apiKeySchema), nextCursor: z.null() });
