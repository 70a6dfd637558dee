/**
 * Shapes of the API replies the web app reads, as API.md writes them. The server's own zod
 * schemas live in server/; these are the client's view of the same contract.
 */
import type { Role, User } from '../../common/api';

export type { InstanceConfig, Role, User } from '../../common/api';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type MessageRole = 'user' | 'assistant' | 'system';
export type MessageStatus = 'complete' | 'streaming' | 'failed';

export interface Message {
  id: string;
  parentId: string | null;
  role: MessageRole;
  content: string;
  model: string | null;
  createdAt: string;
  status: MessageStatus;
}

export interface ChatSummary {
  id: string;
  title: string;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  pinned: boolean;
  shareId: string | null;
}

export interface Chat {
  id: string;
  title: string;
  archived: boolean;
  pinned: boolean;
  createdAt: string;
  updatedAt: string;
  currentMessageId: string | null;
  messages: Message[];
}

export interface ChatPatch {
  title?: string;
  archived?: boolean;
  pinned?: boolean;
  currentMessageId?: string;
}

export type ShareAccess = 'members' | 'public' | 'restricted';

export interface Share {
  id: string;
  url: string;
  chatId: string;
  title: string;
  showName: boolean;
  access: ShareAccess;
  includeHistory: boolean;
  createdAt: string;
  updatedAt: string;
  expiresAt: string | null;
}

export interface ShareInput {
  title?: string;
  showName?: boolean;
  access?: ShareAccess;
  includeHistory?: boolean;
  expiresAt?: string | null;
}

export type SortOrder = 'desc' | 'asc';

export interface AdminShare {
  share: Share;
  owner: { id: string; name: string; email: string };
}

export type TtsEngine = 'none' | 'browser' | 'openai';

export interface AdminSettings {
  signup: { enabled: boolean; defaultRole: 'user' | 'pending' };
  sharing: { enabled: boolean; publicLinks: boolean; defaultAccess: ShareAccess };
  enableCommunitySharing: boolean;
  communityUrl: string | null;
  communityHub: { enabled: boolean };
  /** apiKey comes back masked; sending the masked value back keeps the stored key. */
  tts: { engine: TtsEngine; baseUrl?: string; model?: string; voice?: string; apiKey?: string | null };
  connections?: unknown[];
}

/** A PATCH of the settings: objects merge field by field on the server. */
export interface AdminSettingsPatch {
  signup?: Partial<AdminSettings['signup']>;
  sharing?: Partial<AdminSettings['sharing']>;
  enableCommunitySharing?: boolean;
  communityUrl?: string | null;
  communityHub?: Partial<AdminSettings['communityHub']>;
  /** null clears a field. */
  tts?: { engine?: TtsEngine; baseUrl?: string | null; model?: string | null; voice?: string | null; apiKey?: string | null };
}

export interface UserPatch {
  role?: Role;
  name?: string;
}

export type AdminUser = User;
