import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // Message text is stored once per distinct content; chats, snapshots and forks refer to it.
  await db.schema
    .createTable('message_bodies')
    .addColumn('hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('chats')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('user_id', 'varchar(32)', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('title', 'varchar(500)', (c) => c.notNull())
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pinned', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('current_message_id', 'varchar(32)')
    .addColumn('forked_from_share_id', 'varchar(32)')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('updated_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('chats_user_updated').on('chats').columns(['user_id', 'updated_at', 'id']).execute();

  await db.schema
    .createTable('messages')
    .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('chat_id', 'varchar(32)', (c) => c.notNull().references('chats.id').onDelete('cascade'))
    .addColumn('parent_id', 'varchar(32)')
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('body_hash', 'varchar(64)', (c) => c.notNull().references('message_bodies.hash'))
    .addColumn('model', 'varchar(200)')
    .addColumn('status', 'varchar(16)', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('messages_chat_seq').on('messages').columns(['chat_id', 'seq']).execute();
  await db.schema.createIndex('messages_body_hash').on('messages').column('body_hash').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('messages').execute();
  await db.schema.dropTable('chats').execute();
  await db.schema.dropTable('message_bodies').execute();
}
