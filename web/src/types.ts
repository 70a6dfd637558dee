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
  /** Specific people (restricted links), by email. */
  userEmails?: string[];
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
  connections: ConnectionView[];
}

/** A model connection as admins see it: the key masked; `readOnly` for the environment's. */
export interface ConnectionView {
  id: string;
  name: string;
  baseUrl: string;
  apiKey: string | null;
  enabled: boolean;
  readOnly: boolean;
}

/** A connection in a settings PATCH, which replaces the list: no id for a new one; a masked key keeps the stored one. */
export interface ConnectionInput {
  id?: string;
  name?: string | null;
  baseUrl: string;
  apiKey?: string | null;
  enabled?: boolean;
}

/** What `POST /api/v1/admin/connections/test` sends: a saved connection's id, or what the form holds. */
export interface ConnectionTestInput {
  id?: string;
  baseUrl?: string;
  apiKey?: string | null;
}

/** A model one can talk to, and the name of the connection that serves it. */
export interface ModelOption {
  id: string;
  name: string;
  connection: string;
}

/** A user message and the reply being written to it (for a regenerated reply, its existing prompt or null). */
export interface ReplyPair {
  userMessage: Message | null;
  assistantMessage: Message;
}

/** How a streamed reply ended: complete, or failed with why (`stopped`, `upstream_error`, `internal_error`). */
export interface ReplyEnd {
  message: Message | null;
  failure: { code: string; message: string } | null;
}

export interface ImportResult {
  imported: number;
  chatIds: string[];
}

/** What "Share to Community" takes to the hub: its upload page, and the chat's snapshot (every branch). */
export interface CommunityHandoff {
  uploadUrl: string;
  title: string;
  snapshot: { messages: Message[]; currentMessageId: string | null };
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
  connections?: ConnectionInput[];
}

export interface UserPatch {
  role?: Role;
  name?: string;
}

export type AdminUser = User;
