import type { Db } from '../db/database.js';
import { hotQuery, readValuesBatched, type BatchedHotQuery } from '../db/hot-query.js';
import { nowIso } from '../lib/ids.js';

// Read on most requests (settings decide what a page may show): prepared once, never rebuilt.
const READ_SETTING = hotQuery('parley_read_setting_v1', 'SELECT value FROM settings WHERE key = ?');

/** The same read for the keys asked in one turn of the event loop (PostgreSQL). */
const READ_SETTINGS: BatchedHotQuery = {
  name: 'parley_read_settings_v2',
  asked: ['key'],
  postgres: (asked) => `SELECT (SELECT st.value FROM settings st WHERE st.key = p.key) FROM ${asked} ORDER BY p.n`,
  key: ([key]) => String(key),
};

export function readSetting(db: Db, key: string): Promise<string | undefined> {
  return readValuesBatched(db, READ_SETTINGS, READ_SETTING, [key]).then((row) => (typeof row?.[0] === 'string' ? row[0] : undefined));
}

export async function writeSetting(db: Db, key: string, value: string): Promise<void> {
  const updatedAt = nowIso();
  await db
    .insertInto('settings')
    .values({ key, value, updated_at: updatedAt })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: updatedAt }))
    .execute();
}

/** Replaces the value only if it is still `expected` (a concurrent write wins). */
export async function replaceSetting(db: Db, key: string, expected: string, value: string): Promise<void> {
  await db.updateTable('settings').set({ value, updated_at: nowIso() }).where('key', '=', key).where('value', '=', expected).execute();
}

/** Inserts the key only if it is absent; true when this call was the one that inserted it. */
export async function claimSetting(db: Db, key: string, value: string): Promise<boolean> {
  const result = await db
    .insertInto('settings')
    .values({ key, value, updated_at: nowIso() })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/**
 * Creates the key with `initial` if absent, and in either case holds its row lock until the
 * transaction ends, so that a read-modify-write of it cannot lose a concurrent write.
 */
export async function lockSetting(trx: Db, key: string, initial: string): Promise<void> {
  const updatedAt = nowIso();
  await trx
    .insertInto('settings')
    .values({ key, value: initial, updated_at: updatedAt })
    .onConflict((oc) => oc.column('key').doUpdateSet({ updated_at: updatedAt }))
    .execute();
}
