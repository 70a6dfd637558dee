import type { Kysely } from 'kysely';

// API keys may expire, remember when they were last used, and may be allowed to manage keys
// (docs/api.md, Auth and API keys). Existing keys never expire and cannot manage keys.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('api_keys').addColumn('expires_at', 'varchar(32)').execute();
  await db.schema.alterTable('api_keys').addColumn('last_used_at', 'varchar(32)').execute();
  await db.schema
    .alterTable('api_keys')
    .addColumn('can_manage_keys', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('api_keys').dropColumn('can_manage_keys').execute();
  await db.schema.alterTable('api_keys').dropColumn('last_used_at').execute();
  await db.schema.alterTable('api_keys').dropColumn('expires_at').execute();
}
