import type { Db } from './database.js';

const NAME = 'secret_key';

export class InstanceSecretMismatchError extends Error {
  constructor() {
    super(
      'SECRET_KEY differs from the instance secret stored in the database (table instance_secrets), which the ' +
        "other instances use: sessions and API keys made on one would not work on another. Unset SECRET_KEY to use the " +
        'stored secret, or, to replace it, stop every instance, delete that row and start them all with the new SECRET_KEY.',
    );
    this.name = 'InstanceSecretMismatchError';
  }
}

/**
 * The secret every instance on this database keys its hashes with (docs/architecture.md, "Running
 * several instances"). The first instance to start stores its candidate; the insert is atomic, so
 * instances starting together all read back the one that won. An explicit SECRET_KEY that differs
 * from the stored one refuses to start rather than split the instances' sessions.
 */
export async function sharedInstanceSecret(db: Db, candidate: string, fromEnvironment: boolean): Promise<string> {
  await db
    .insertInto('instance_secrets')
    .values({ name: NAME, value: candidate, created_at: new Date().toISOString() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('instance_secrets').select('value').where('name', '=', NAME).executeTakeFirstOrThrow();
  if (fromEnvironment && row.value !== candidate) throw new InstanceSecretMismatchError();
  return row.value;
}
