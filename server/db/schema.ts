import type { Insertable, Selectable, Updateable } from 'kysely';

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
}

export interface SettingTable {
  key: string;
  value: string;
  updated_at: string;
}

export interface Database {
  users: UserTable;
  sessions: SessionTable;
  api_keys: ApiKeyTable;
  settings: SettingTable;
}

export type UserRow = Selectable<UserTable>;
export type NewUserRow = Insertable<UserTable>;
export type UserUpdate = Updateable<UserTable>;
export type SessionRow = Selectable<SessionTable>;
export type ApiKeyRow = Selectable<ApiKeyTable>;
