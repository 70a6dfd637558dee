import type { Migration } from 'kysely';
import * as m20261121_0001 from './20261121_0001_accounts.js';

/** Every migration, by timestamped name. Never edit one that has shipped; add a new one. */
export const migrations: Record<string, Migration> = {
  '20261121_0001_accounts': m20261121_0001,
};
