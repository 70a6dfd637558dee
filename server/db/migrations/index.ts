import type { Migration } from 'kysely';
import * as m20261121_0001 from './20261121_0001_accounts.js';
import * as m20261121_0002 from './20261121_0002_chats.js';
import * as m20261121_0003 from './20261121_0003_shares.js';
import * as m20261121_0004 from './20261121_0004_community.js';
import * as m20261202_0005 from './20261202_0005_session_expiry.js';
import * as m20261202_0006 from './20261202_0006_content_addressed_nodes.js';
import * as m20261202_0007 from './20261202_0007_chat_import_key.js';
import * as m20261202_0008 from './20261202_0008_message_search.js';
import * as m20261202_0009 from './20261202_0009_files.js';
import * as m20261202_0011 from './20261202_0011_instance_secret_and_invites.js';
import * as m20261202_0012 from './20261202_0012_reply_heartbeat.js';
import * as m20261202_0016 from './20261202_0016_api_key_expiry_and_permission.js';
import * as m20261202_0017 from './20261202_0017_share_search_indexes.js';

/** Every migration, by timestamped name. Never edit one that has shipped; add a new one. */
export const migrations: Record<string, Migration> = {
  '20261121_0001_accounts': m20261121_0001,
  '20261121_0002_chats': m20261121_0002,
  '20261121_0003_shares': m20261121_0003,
  '20261121_0004_community': m20261121_0004,
  '20261202_0005_session_expiry': m20261202_0005,
  '20261202_0006_content_addressed_nodes': m20261202_0006,
  '20261202_0007_chat_import_key': m20261202_0007,
  '20261202_0008_message_search': m20261202_0008,
  '20261202_0009_files': m20261202_0009,
  '20261202_0011_instance_secret_and_invites': m20261202_0011,
  '20261202_0012_reply_heartbeat': m20261202_0012,
  '20261202_0016_api_key_expiry_and_permission': m20261202_0016,
  '20261202_0017_share_search_indexes': m20261202_0017,
};
