/** True when the database refused a write for breaking a unique constraint (either dialect). */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const code = error.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** True when the database refused a write for breaking a foreign key (either dialect). */
export function isForeignKeyViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  return error.code === '23503' || error.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/**
 * Runs `work` again (up to `times` in all) when it lost a race the database caught as a foreign
 * key violation: a fork taking a snapshot that a revoke was releasing, for instance. The next try
 * sees the other side's committed state and takes the other path.
 */
export async function retryOnForeignKeyRace<T>(work: () => Promise<T>, times = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= times || !isForeignKeyViolation(error)) throw error;
    }
  }
}
