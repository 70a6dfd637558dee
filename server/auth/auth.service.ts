import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import type { UserRow } from '../db/schema.js';
import { BadRequestError, ForbiddenError, UnauthenticatedError } from '../http/errors.js';
import { hashToken, newId, newToken, nowIso } from '../lib/ids.js';
import { claimSetting } from '../settings/settings.repository.js';
import type { Settings } from '../settings/settings.schema.js';
import { anyUserExists, findUserByEmail, insertUser } from '../users/users.repository.js';
import {
  deleteExpiredSessions,
  deleteSession,
  findUserBySessionHash,
  insertSession,
} from './auth.repository.js';
import { hashPassword, verifyPassword } from './password.js';

export const SESSION_DAYS = 30;
// Whoever claims this key first is the instance's first user, and its admin.
const FIRST_ADMIN_KEY = 'first_admin';

export interface SignedIn {
  user: UserRow;
  sessionToken: string;
}

/**
 * Whether the instance still waits for its first account, per app. Accounts are never all
 * deleted (the last admin stays), so once one exists the answer is no for good and is not asked again.
 */
export class FirstRun {
  private over = false;

  /** Once an account exists it always will: from then on the answer needs no query (nor a promise). */
  check(db: Db): boolean | Promise<boolean> {
    if (this.over) return false;
    return anyUserExists(db).then((exists) => {
      this.over = exists;
      return !exists;
    });
  }
}

/**
 * A taken email is refused without saying so (docs/api.md, Authentication): the sign-up limit per
 * address bounds how many emails anyone can try.
 */
const accountRefused = () => new BadRequestError('Could not create an account with these details. If you already have one, sign in.');

/** Creates an account and signs it in; the first account on a fresh instance becomes admin. */
export async function signUp(
  db: Db,
  config: Config,
  settings: Settings,
  input: { email: string; password: string; name: string },
): Promise<SignedIn> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction().execute(async (trx) => {
      const id = newId();
      // Two first sign-ups at once both see no users; only one of them claims the key.
      const isFirst = !(await anyUserExists(trx)) && (await claimSetting(trx, FIRST_ADMIN_KEY, id));
      // Before the email is looked at: with sign-up off, every email gets the same 403.
      if (!isFirst && !settings.signup.enabled) throw new ForbiddenError('Sign-up is turned off on this instance.');
      if (await findUserByEmail(trx, input.email)) throw accountRefused();
      const user = await insertUser(trx, {
        id,
        email: input.email,
        name: input.name,
        role: isFirst ? 'admin' : settings.signup.defaultRole,
        password_hash: passwordHash,
        created_at: nowIso(),
      });
      return { user, sessionToken: await startSession(trx, config, user.id) };
    });
  } catch (error) {
    // Two sign-ups with one email at the same moment: the database lets one through.
    if (isUniqueViolation(error)) throw accountRefused();
    throw error;
  }
}

/** Checks the credentials and opens a session; one answer for a wrong email or a wrong password. */
export async function signIn(db: Db, config: Config, input: { email: string; password: string }): Promise<SignedIn> {
  const user = await findUserByEmail(db, input.email);
  const valid = await verifyPassword(user?.password_hash, input.password);
  if (!user || !valid) throw new UnauthenticatedError('Wrong email or password.');
  return { user, sessionToken: await startSession(db, config, user.id) };
}

/** Ends the session behind the token, if any. */
export async function signOut(db: Db, config: Config, sessionToken: string): Promise<void> {
  await deleteSession(db, hashToken(config.secretKey, sessionToken));
}

/**
 * Opens a session for the user and returns its token; only the token's hash is stored. Sessions
 * that have expired, anyone's, are purged on the way: no table of dead tokens grows forever.
 */
export async function startSession(db: Db, config: Config, userId: string): Promise<string> {
  const token = newToken();
  const now = new Date();
  await deleteExpiredSessions(db, now.toISOString());
  await insertSession(db, {
    tokenHash: hashToken(config.secretKey, token),
    userId,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString(),
  });
  return token;
}

/** The user a session cookie belongs to, or undefined for an unknown or expired one. */
export function userFromSession(db: Db, config: Config, sessionToken: string): Promise<UserRow | undefined> {
  return findUserBySessionHash(db, hashToken(config.secretKey, sessionToken), nowIso());
}
