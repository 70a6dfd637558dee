import type { Kysely } from 'kysely';

// Where an imported chat came from (an export's own id for it), so that importing the same export
// again adds nothing: one chat per source and user.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('chats').addColumn('import_key', 'varchar(200)').execute();
  await db.schema.createIndex('chats_user_import_key').on('chats').columns(['user_id', 'import_key']).unique().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('chats_user_import_key').execute();
  await db.schema.alterTable('chats').dropColumn('import_key').execute();
}
