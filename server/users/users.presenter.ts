import type { User } from '../../common/api/auth.js';
import type { UserRow } from '../db/schema.js';

/** The fields of a user that may leave the server; never the password hash. */
export function presentUser(row: UserRow): User {
  return { id: row.id, email: row.email, name: row.name, role: row.role, createdAt: row.created_at };
}
