// One-shot `hash` costs about half of `createHash` for short texts, hashed by the thousand here.
import { hash } from 'node:crypto';
import { descendantsOf, threadTo } from '../../common/tree.js';
import type { MessageRole, MessageRow, NodeStatus } from '../db/schema.js';
import { BadRequestError } from '../http/errors.js';

/**
 * A snapshot is a set of immutable nodes, each named by the hash of what it says and of its
 * parent (docs/architecture.md, Storage): versions of a link, its forks and hub uploads share
 * every node they have in common, and a thread is implied by its leaf.
 */
export interface SnapshotNode {
  id: string;
  parentId: string | null;
  seq: number;
  role: MessageRole;
  bodyHash: string;
  model: string | null;
  status: NodeStatus;
  createdAt: string;
  /** The node's files, referred to by hash (never copied); stored under ids of the snapshot's own. */
  files: readonly NodeFile[];
}

/** A file of a node: its bytes' hash and its name. */
export interface NodeFile {
  hash: string;
  name: string;
}

export interface Snapshot {
  nodes: SnapshotNode[];
  currentNodeId: string | null;
}

/** A node's id: 128 bits of the SHA-256 of its parent's id and its own content, URL-safe. */
export function nodeId(node: Omit<SnapshotNode, 'id' | 'seq'>): string {
  const fields: unknown[] = [node.parentId, node.role, node.bodyHash, node.model, node.status, node.createdAt];
  // Nodes without files keep the ids they had before messages could carry files.
  if (node.files.length > 0) fields.push(node.files.map((f) => [f.hash, f.name]));
  const content = JSON.stringify(fields);
  return hash('sha256', content, 'base64url').slice(0, 22);
}

/** A message to freeze, named by any key of the caller's; parents come before their children. */
export interface TreeEntry {
  key: string;
  parentKey: string | null;
  role: MessageRole;
  bodyHash: string;
  model: string | null;
  status: NodeStatus;
  createdAt: string;
  files?: readonly NodeFile[] | undefined;
}

/** Names every entry by its content, in order; `currentKey` is the entry shown. */
export function freezeTree(entries: readonly TreeEntry[], currentKey: string | null): Snapshot {
  const ids = new Map<string, string>();
  const nodes = entries.map((entry, seq): SnapshotNode => {
    const parentId = entry.parentKey === null ? null : (ids.get(entry.parentKey) ?? null);
    const node = {
      parentId,
      role: entry.role,
      bodyHash: entry.bodyHash,
      model: entry.model,
      status: entry.status,
      createdAt: entry.createdAt,
      files: entry.files ?? [],
    };
    const id = nodeId(node);
    ids.set(entry.key, id);
    return { id, seq, ...node };
  });
  return { nodes, currentNodeId: currentKey === null ? null : (ids.get(currentKey) ?? null) };
}

/** A chat message as a snapshot is built from: its place in the tree, never its text. */
export type SnapshotSource = Pick<MessageRow, 'id' | 'parent_id' | 'seq' | 'role' | 'body_hash' | 'model' | 'status' | 'created_at'> & {
  attachments?: readonly NodeFile[] | undefined;
};

export interface SnapshotOptions {
  includeHistory: boolean;
  upToMessageId?: string | undefined;
  excludeMessageIds?: readonly string[] | undefined;
}

/**
 * Freezes what a link shows (rules S2, S3): the current thread, or every branch with history, cut at
 * `upToMessageId`, without system prompts, replies still streaming, or the messages left out.
 * Children of a dropped message hang from its nearest kept ancestor. A reply that failed or was
 * stopped stays marked failed. Node ids come from content, so no chat message id leaves through a link.
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

  // Parents first: a message is created after the one it answers, so order by creation.
  const entries = [...chosen]
    .filter((m) => kept.has(m.id))
    .sort((a, b) => a.seq - b.seq)
    .map(
      (m): TreeEntry => ({
        key: m.id,
        parentKey: nearestKept(m.parent_id),
        role: m.role,
        bodyHash: m.body_hash,
        model: m.model,
        status: m.status === 'failed' ? 'failed' : 'complete',
        createdAt: m.created_at,
        files: (m.attachments ?? []).map((f) => ({ hash: f.hash, name: f.name })),
      }),
    );
  return freezeTree(entries, nearestKept(leaf));
}
