import { z } from 'zod';
import { messageSchema } from './chats.js';
import { idParam, pageQuery, pageSchema, searchText, title } from './common.js';

export const shareAccessSchema = z.enum(['members', 'public', 'restricted']);
export type ShareAccess = z.infer<typeof shareAccessSchema>;

/** A share id: 22 URL-safe characters (128 random bits), checked before any lookup (rule S5). */
export const SHARE_ID_PATTERN = /^[A-Za-z0-9_-]{22}$/;
export const shareId = z.string().regex(SHARE_ID_PATTERN, 'is not a share id');
export const shareIdParam = z.strictObject({ shareId });

const expiresAt = z.iso
  .datetime({ offset: true, error: 'must be an ISO-8601 date and time' })
  .transform((v) => new Date(v).toISOString())
  .nullable();
const ids = z.array(idParam).max(1000);

/** Settings a link keeps between snapshots. */
const shareSettings = {
  title: title.optional(),
  showName: z.boolean().optional(),
  access: shareAccessSchema.optional(),
  expiresAt: expiresAt.optional(),
  userIds: ids.optional(),
  groupIds: ids.optional(),
  /**
   * Specific people by email, for the Share dialog: invited whether or not an account has the
   * email yet (rule S7), and replacing the link's invited emails.
   */
  userEmails: z
    .array(z.string().trim().toLowerCase().pipe(z.email({ error: 'must be an email address' })))
    .max(100)
    .optional(),
};

export const putShareBody = z.strictObject({
  ...shareSettings,
  includeHistory: z.boolean().optional(),
  upToMessageId: idParam.optional(),
  excludeMessageIds: ids.optional(),
});
export type PutShareInput = z.input<typeof putShareBody>;

export const patchShareBody = z.strictObject(shareSettings);
export type ShareSettingsInput = z.input<typeof patchShareBody>;

export const shareSchema = z.object({
  id: z.string(),
  url: z.string(),
  chatId: z.string(),
  title: z.string(),
  showName: z.boolean(),
  access: shareAccessSchema,
  includeHistory: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  expiresAt: z.string().nullable(),
  userIds: z.array(z.string()),
  groupIds: z.array(z.string()),
  /** The admin's switches keep this link answering as deleted for now (rule S22). */
  suspended: z.boolean(),
  /** The emails the link invites (rule S7), lower-cased; only its owner and admins see them. */
  userEmails: z.array(z.string()),
});
export type Share = z.infer<typeof shareSchema>;

export const shareReply = z.object({ share: shareSchema });
export const shareListReply = pageSchema(shareSchema);
export const shareOrderSchema = z.enum(['desc', 'asc']);
export type ShareOrder = z.infer<typeof shareOrderSchema>;
export const listSharesQuery = z.strictObject({
  q: searchText,
  order: shareOrderSchema.default('desc'),
  ...pageQuery,
});

/** What a viewer gets: the snapshot and nothing of the owner but the name they chose to show. */
export const viewerShareSchema = z.object({
  share: z.object({
    id: z.string(),
    title: z.string(),
    sharedBy: z.string().nullable(),
    access: shareAccessSchema,
    updatedAt: z.string(),
  }),
  messages: z.array(messageSchema),
  currentMessageId: z.string().nullable(),
});
export type ViewerShare = z.infer<typeof viewerShareSchema>;

export const forkReply = z.object({ chatId: z.string() });

export const adminShareListQuery = z.strictObject({
  q: searchText,
  owner: idParam.optional(),
  ...pageQuery,
});
export const adminShareSchema = z.object({
  share: shareSchema,
  owner: z.object({ id: z.string(), name: z.string(), email: z.string() }),
});
export type AdminShare = z.infer<typeof adminShareSchema>;
export const adminShareListReply = pageSchema(adminShareSchema);

export const speechParams = z.strictObject({ shareId, messageId: idParam });
