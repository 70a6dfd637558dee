import { descendantsOf, threadTo } from '../../common/tree.js';
import type { MessageRole, MessageRow } from '../db/schema.js';
import { BadRequestError } from '../http/errors.js';
import { newId } from '../lib/ids.js';

export interface SnapshotNode {
  id: string;
  parentId: string | null;
  seq: number;
  role: MessageRole;
  bodyHash: string;
  model: string | null;
  createdAt: string;
}

export interface Snapshot {
  nodes: SnapshotNode[];
  currentNodeId: string | null;
}

/** A chat message as a snapshot is built from: its place in the tree, never its text. */
export type SnapshotSource = Pick<MessageRow, 'id' | 'parent_id' | 'seq' | 'role' | 'body_hash' | 'model' | 'status' | 'created_at'>;

export interface SnapshotOptions {
  includeHistory: boolean;
  upToMessageId?: string | undefined;
  excludeMessageIds?: readonly string[] | undefined;
}

/**
 * Freezes what a link shows (rules S2, S3): the current thread, or every branch with history, cut at
 * `upToMessageId`, without system prompts, replies still streaming, or the messages left out.
 * Children of a dropped message hang from its nearest kept ancestor. Every node gets an id of
 * its own, so no chat message id leaves through a link.
 */
export function buildSnapshot(
  chatMessages: readonly SnapshotSource[],
  currentMessageId: string | null,
  options: SnapshotOptions,
): Snapshot {
  const messages = chatMessages.map((m) => ({ ...m, parentId: m.parent_id }));
  type Message = (typeof messages)[number];
  const known = new Set(messages.map((m) => m.id));
  const problems = [];
  if (options.upToMessageId !== undefined && !known.has(options.upToMessageId)) {
    problems.push({ field: 'upToMessageId', message: 'is not a message of this chat' });
  }
  const unknownExcluded = (options.excludeMessageIds ?? []).filter((id) => !known.has(id));
  if (unknownExcluded.length > 0) problems.push({ field: 'excludeMessageIds', message: 'names messages not in this chat' });
  if (problems.length > 0) throw new BadRequestError(problems.map((p) => `${p.field} ${p.message}`).join('; '), problems);

  const leaf = options.upToMessageId ?? currentMessageId;
  let chosen: readonly Message[];
  if (options.includeHistory) {
    const cut = options.upToMessageId === undefined ? new Set<string>() : new Set(descendantsOf(messages, options.upToMessageId).map((m) => m.id));
    chosen = messages.filter((m) => !cut.has(m.id));
  } else {
    chosen = threadTo(messages, leaf);
  }

  const excluded = new Set(options.excludeMessageIds ?? []);
  const byId = new Map(messages.map((m) => [m.id, m]));
  const keep = (m: Message) => m.role !== 'system' && m.status !== 'streaming' && !excluded.has(m.id);
  const kept = new Set(chosen.filter(keep).map((m) => m.id));
  // The nearest kept ancestor (or the message itself); null when none is left.
  const nearestKept = (id: string | null): string | null => {
    const seen = new Set<string>();
    let cursor = id;
    while (cursor !== null && !kept.has(cursor) && !seen.has(cursor)) {
      seen.add(cursor);
      cursor = byId.get(cursor)?.parent_id ?? null;
    }
    return cursor !== null && kept.has(cursor) ? cursor : null;
  };

  const newIds = new Map<string, string>();
  for (const m of chosen) if (kept.has(m.id)) newIds.set(m.id, newId());
  const nodes: SnapshotNode[] = [];
  [...chosen]
    .filter((m) => kept.has(m.id))
    .sort((a, b) => a.seq - b.seq)
    .forEach((m, seq) => {
      const parent = nearestKept(m.parent_id);
      nodes.push({
        id: newIds.get(m.id) ?? '',
        parentId: parent === null ? null : (newIds.get(parent) ?? null),
        seq,
        role: m.role,
        bodyHash: m.body_hash,
        model: m.model,
        createdAt: m.created_at,
      });
    });
  const current = nearestKept(leaf);
  return { nodes, currentNodeId: current === null ? null : (newIds.get(current) ?? null) };
}
