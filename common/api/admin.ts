import { z } from 'zod';
import { displayName, roleSchema, userSchema } from './auth.js';
import { idParam, idParams, pageQuery, pageSchema, searchText } from './common.js';

export const adminUserParams = idParams;
export const adminUserListQuery = z.strictObject({ q: searchText, ...pageQuery });
export const adminUserListReply = pageSchema(userSchema);
export const userPatchBody = z.strictObject({ role: roleSchema.optional(), name: displayName.optional() });
export type UserPatch = z.input<typeof userPatchBody>;

export const groupSchema = z.object({ id: z.string(), name: z.string(), userIds: z.array(z.string()), createdAt: z.string() });
export type Group = z.infer<typeof groupSchema>;
const groupMembers = z.array(idParam).max(10_000);
export const createGroupBody = z.strictObject({ name: displayName, userIds: groupMembers.optional() });
export const updateGroupBody = z.strictObject({ name: displayName.optional(), userIds: groupMembers.optional() });
export const groupReply = z.object({ group: groupSchema });
export const groupListReply = z.object({ items: z.array(groupSchema) });
