import { sql, type Kysely } from 'kysely';

// When the instance writing a streaming reply last showed it was alive (docs/architecture.md,
// Faults): a reply whose writer stopped beating is failed with what arrived, not left streaming.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('messages').addColumn('heartbeat_at', 'varchar(32)').execute();
  await db.schema
    .createIndex('messages_streaming')
    .on('messages')
    .column('chat_id')
    .where(sql.ref('status'), '=', 'streaming')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('messages_streaming').execute();
  await db.schema.alterTable('messages').dropColumn('heartbeat_at').execute();
}
