import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/**
 * The content invariant of docs/architecture.md (Storage), written out in SQL on its own, not
 * with the list the code uses: every body, snapshot and node is referred to, and every reference
 * finds its body, snapshot or node. Each list names what breaks it; all are empty when it holds.
 */
export interface ContentProblems {
  orphanBodies: string[];
  orphanSnapshots: string[];
  orphanNodes: string[];
  danglingNodes: string[];
  danglingBodies: string[];
  danglingSnapshots: string[];
}

export const NO_CONTENT_PROBLEMS: ContentProblems = {
  orphanBodies: [],
  orphanSnapshots: [],
  orphanNodes: [],
  danglingNodes: [],
  danglingBodies: [],
  danglingSnapshots: [],
};

async function ids(db: Db, query: ReturnType<typeof sql<{ id: string }>>): Promise<string[]> {
  return (await query.execute(db)).rows.map((r) => r.id);
}

/** What breaks the content invariant in the database, if anything. */
export async function contentProblems(db: Db): Promise<ContentProblems> {
  return {
    orphanBodies: await ids(db, sql<{ id: string }>`
      select b.hash as id from message_bodies b
      where not exists (select 1 from messages m where m.body_hash = b.hash)
        and not exists (select 1 from snapshot_nodes n where n.body_hash = b.hash)`),
    orphanSnapshots: await ids(db, sql<{ id: string }>`
      select s.id from snapshots s
      where not exists (select 1 from shares l where l.snapshot_id = s.id)
        and not exists (select 1 from chats c where c.base_snapshot_id = s.id)
        and not exists (select 1 from community_chats u where u.snapshot_id = s.id)`),
    orphanNodes: await ids(db, sql<{ id: string }>`
      with recursive held(id) as (
        select node_id from snapshot_leaves
        union
        select n.parent_id from snapshot_nodes n join held h on n.id = h.id where n.parent_id is not null
      )
      select id from snapshot_nodes where id not in (select id from held)`),
    danglingNodes: await ids(db, sql<{ id: string }>`
      select n.id from snapshot_nodes n where n.parent_id is not null and not exists (select 1 from snapshot_nodes p where p.id = n.parent_id)
      union all
      select l.node_id as id from snapshot_leaves l where not exists (select 1 from snapshot_nodes n where n.id = l.node_id)`),
    danglingBodies: await ids(db, sql<{ id: string }>`
      select m.id from messages m where not exists (select 1 from message_bodies b where b.hash = m.body_hash)
      union all
      select n.id from snapshot_nodes n where not exists (select 1 from message_bodies b where b.hash = n.body_hash)`),
    danglingSnapshots: await ids(db, sql<{ id: string }>`
      select l.id from shares l where l.snapshot_id is not null and not exists (select 1 from snapshots s where s.id = l.snapshot_id)
      union all
      select c.id from chats c where c.base_snapshot_id is not null and not exists (select 1 from snapshots s where s.id = c.base_snapshot_id)
      union all
      select u.id from community_chats u where not exists (select 1 from snapshots s where s.id = u.snapshot_id)`),
  };
}
