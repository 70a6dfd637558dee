import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table types for every table; one Database interface. Times are ISO-8601 strings in UTC and
 * flags are 0/1 integers, so that the same queries and values work on SQLite and PostgreSQL.
 */

export type Role = 'admin' | 'user' | 'pending';

export interface UserTable {
  id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  created_at: string;
}

export interface SessionTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface ApiKeyTable {
  id: string;
  user_id: string;
  name: string;
  key_hash: string;
  created_at: string;
  /** Null: never expires. */
  expires_at: string | null;
  /** Written at most once a minute per key. */
  last_used_at: string | null;
  /** 1 when the key may create, list and revoke API keys. */
  can_manage_keys: number;
}

export interface SettingTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface MessageBodyTable {
  /** SHA-256 of the content, hex. */
  hash: string;
  content: string;
  /** Bytes of the content in UTF-8. */
  size: number;
  created_at: string;
}

export interface ChatTable {
  id: string;
  user_id: string;
  title: string;
  archived: Generated<number>;
  pinned: Generated<number>;
  current_message_id: string | null;
  /** The link this chat was forked from, if any; kept when that link dies. */
  forked_from_share_id: string | null;
  /** A fork's base: the snapshot it continues, whose nodes count as this chat's first messages. */
  base_snapshot_id: string | null;
  /** An imported chat's source (`openwebui:<id>`, `chatgpt:<id>`): the same export imports once. */
  import_key: string | null;
  created_at: string;
  updated_at: string;
}

export type MessageRole = 'user' | 'assistant' | 'system';
export type MessageStatus = 'complete' | 'streaming' | 'failed';

export interface MessageTable {
  id: string;
  chat_id: string;
  parent_id: string | null;
  /** Order of creation within the chat. */
  seq: number;
  role: MessageRole;
  body_hash: string;
  model: string | null;
  status: MessageStatus;
  /** Why a reply failed or stopped; never shared. */
  error: string | null;
  created_at: string;
  /** While streaming: when the instance writing the reply last said it was alive. */
  heartbeat_at: Generated<string | null>;
}

export type ShareAccess = 'members' | 'public' | 'restricted';

export interface GroupTable {
  id: string;
  name: string;
  created_at: string;
}

export interface GroupMemberTable {
  group_id: string;
  user_id: string;
}

export interface ShareTable {
  /** The id in the link's URL: 128 random bits, never the chat's id. */
  id: string;
  chat_id: string;
  user_id: string;
  title: string;
  show_name: number;
  access: ShareAccess;
  include_history: number;
  expires_at: string | null;
  /** Bumped by every re-snapshot or settings change; the share page's cache key. */
  version: number;
  snapshot_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface SnapshotTable {
  id: string;
  /** The node the snapshot shows: the chat's current message when it was taken. */
  current_node_id: string | null;
  created_at: string;
}

/** A shared message, stored once however many snapshots hold it: its id is the hash of its content and its parent's id. */
export type NodeStatus = 'complete' | 'failed';

export interface SnapshotNodeTable {
  id: string;
  parent_id: string | null;
  /** Order of creation among the nodes of the snapshot that first stored it. */
  seq: number;
  role: MessageRole;
  body_hash: string;
  model: string | null;
  /** `failed`: the reply stopped or broke off before it was finished. */
  status: NodeStatus;
  created_at: string;
}

/** A snapshot is the nodes on the paths from the roots to its leaves. */
export interface SnapshotLeafTable {
  snapshot_id: string;
  node_id: string;
}

/** Secrets shared by every instance on the database (the key of session and API-key hashes). */
export interface InstanceSecretTable {
  name: string;
  value: string;
  created_at: string;
}

/** An email a restricted link invites: it applies to the account with that email, now or later (rule S7). */
export interface ShareInviteTable {
  share_id: string;
  /** Trimmed and lower-cased. */
  email: string;
}

export interface ShareGrantTable {
  share_id: string;
  kind: 'user' | 'group';
  principal_id: string;
}

export type CommunityVisibility = 'private' | 'public' | 'public_full_history';

export interface CommunityChatTable {
  id: string;
  user_id: string;
  title: string;
  visibility: CommunityVisibility;
  snapshot_id: string;
  created_at: string;
  updated_at: string;
}

/** A file's bytes, stored once on disk by their SHA-256 (docs/architecture.md, Storage). */
export interface FileBlobTable {
  hash: string;
  size: number;
  /** Sniffed from the bytes, never the uploader's claim. */
  media_type: string;
  created_at: string;
}

/** An upload of the user's: the id they attach to messages. */
export interface FileTable {
  id: string;
  user_id: string;
  hash: string;
  name: string;
  created_at: string;
}

export interface MessageFileTable {
  message_id: string;
  position: number;
  file_id: string;
}

/** A file of a snapshot node, under an id of the snapshot's own (derived from the node and position). */
export interface SnapshotNodeFileTable {
  id: string;
  node_id: string;
  position: number;
  hash: string;
  name: string;
}

/** Hashes whose blob row went: their bytes leave the disk once that has committed. */
export interface FileTrashTable {
  hash: string;
}

export interface Database {
  users: UserTable;
  sessions: SessionTable;
  api_keys: ApiKeyTable;
  settings: SettingTable;
  message_bodies: MessageBodyTable;
  chats: ChatTable;
  messages: MessageTable;
  groups: GroupTable;
  group_members: GroupMemberTable;
  shares: ShareTable;
  snapshots: SnapshotTable;
  snapshot_nodes: SnapshotNodeTable;
  snapshot_leaves: SnapshotLeafTable;
  share_grants: ShareGrantTable;
  share_invites: ShareInviteTable;
  instance_secrets: InstanceSecretTable;
  community_chats: CommunityChatTable;
  file_blobs: FileBlobTable;
  files: FileTable;
  message_files: MessageFileTable;
  snapshot_node_files: SnapshotNodeFileTable;
  file_trash: FileTrashTable;
}

export type UserRow = Selectable<UserTable>;
export type NewUserRow = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
export type SessionRow = Selectable<SessionTable>;
export type ApiKeyRow = Selectable<ApiKeyTable>;
export type ChatRow = Selectable<ChatTable>;
export type NewChatRow = Insertable<ChatTable>;
export type MessageRow = Selectable<MessageTable>;
export type NewMessageRow = Insertable<MessageTable>;
export type ShareRow = Selectable<ShareTable>;
export type SnapshotRow = Selectable<SnapshotTable>;
export type SnapshotNodeRow = Selectable<SnapshotNodeTable>;
export type GroupRow = Selectable<GroupTable>;
export type CommunityChatRow = Selectable<CommunityChatTable>;
export type FileRow = Selectable<FileTable>;
