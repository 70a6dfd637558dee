/**
 * The API's shapes as the web app uses them, inferred from the zod schemas of the contract
 * (common/api/): a reply the server changes and the app does not follow fails `tsc`.
 * Request bodies are the schemas' input types, replies their output types.
 */
export type { Page, ApiErrorBody } from '../../common/api/common';
export type { ApiKey, ApiKeyInput, Role, User, SignInInput, SignUpInput } from '../../common/api/auth';
export type { UserPatch, Group } from '../../common/api/admin';
export type { Chat, ChatPatch, ChatSummary, ImportResult, Message, MessageRole, MessageStatus } from '../../common/api/chats';
export type { PostMessageInput, RegenerateInput, ReplyFailure, ReplyPair } from '../../common/api/messages';
export type { ModelOption, ConnectionTestInput } from '../../common/api/models';
export type {
  ConnectionInput,
  ConnectionView,
  InstanceConfig,
  SettingsPatchInput as AdminSettingsPatch,
  SettingsReply as AdminSettings,
  TtsEngine,
} from '../../common/api/settings';
export type { AdminShare, PutShareInput as ShareInput, Share, ShareAccess, ShareOrder as SortOrder, ShareSettingsInput, ViewerShare } from '../../common/api/sharing';
export type { Attachment, UploadedFile } from '../../common/api/files';
export type { CommunityChat, CommunityChatPatch, CommunityChatView, CommunityHandoff, CommunityUploadInput } from '../../common/api/community';

import type { User } from '../../common/api/auth';
import type { Message } from '../../common/api/chats';
import type { ReplyFailure } from '../../common/api/messages';

export type AdminUser = User;

/** How a streamed reply ended: complete, or failed with why. */
export interface ReplyEnd {
  message: Message | null;
  failure: ReplyFailure | null;
}
