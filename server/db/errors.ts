/** The SQLSTATE (PostgreSQL) or SQLite code of a database error, if it has one. */
function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

/** True when the database refused a write for breaking a unique constraint (either dialect). */
export function isUniqueViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** True when the database refused a write for breaking a foreign key (either dialect). */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = codeOf(error);
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** True when the database gave up on a transaction to keep concurrent ones apart: deadlock, serialization, busy. */
export function isConcurrencyFailure(error: unknown): boolean {
  const code = codeOf(error);
  return code === '40001' || code === '40P01' || code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT';
}

/**
 * True when a transaction lost a race with another one, which the database caught: a foreign key
 * to a row deleted meanwhile, a unique key taken meanwhile, a deadlock or a serialization failure.
 * Trying again sees the other side's committed state; left over, it is a 409, never a 500.
 */
export function isLostRace(error: unknown): boolean {
  return isForeignKeyViolation(error) || isUniqueViolation(error) || isConcurrencyFailure(error);
}

/**
 * True when the database cannot be reached or is going away (PostgreSQL restarting, refused or
 * broken connections): the request failed for now, and will succeed again once it is back.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = codeOf(error);
  if (typeof code === 'string') {
    // connection exceptions, admin shutdown / crash shutdown / cannot connect now, too many connections
    if (/^08/.test(code) || ['57P01', '57P02', '57P03', '53300'].includes(code)) return true;
    if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code)) return true;
  }
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|connection timeout|Client has encountered a connection error|timeout exceeded when trying to connect/i.test(message);
}

/**
 * Runs `work` again (up to `times` in all) when it lost a race the database caught
 * (`isLostRace`): a fork taking a snapshot that a revoke was releasing, a re-share inserting a
 * node that a collection was deleting. `work` must start its own transaction, so that each try
 * runs anew on what the other side committed.
 */
export async function retryOnRace<T>(work: () => Promise<T>, times = 5): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= times || !isLostRace(error)) throw error;
    }
  }
}
