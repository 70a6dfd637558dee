import type { Kysely } from 'kysely';

// The instance secret, kept in the database so that every instance on one PostgreSQL database keys
// session and API-key hashes alike (docs/architecture.md, "Running several instances"); and the
// emails a restricted link invites, whether or not an account has them yet (rule S7).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('instance_secrets')
    .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'varchar(200)', (c) => c.notNull())
    .addColumn('created_at', 'varchar(32)', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('share_invites')
    .addColumn('share_id', 'varchar(32)', (c) => c.notNull().references('shares.id').onDelete('cascade'))
    .addColumn('email', 'varchar(320)', (c) => c.notNull())
    .addPrimaryKeyConstraint('share_invites_pk', ['share_id', 'email'])
    .execute();
  await db.schema.createIndex('share_invites_email').on('share_invites').column('email').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('share_invites').execute();
  await db.schema.dropTable('instance_secrets').execute();
}
