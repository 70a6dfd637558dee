import { createHash } from 'node:crypto';
import type { MessageRole } from '../../db/schema.js';
import type { FieldProblem } from '../../http/errors.js';
import { MAX_CONTENT } from '../../../common/api/common.js';

/**
 * What both export formats become: chats whose messages are a tree, parents before children.
 * Messages Parley does not show (system, tool, hidden, empty nodes) are left out and their
 * children hang from the nearest kept ancestor, so that the tree stays connected.
 */

export interface ImportedMessage {
  key: string;
  parentKey: string | null;
  role: MessageRole;
  content: string;
  model: string | null;
  createdAt: string;
}

export interface ImportedChat {
  /** Where it came from, to import it once: `<format>:<the export's id>`, or a hash of the chat itself. */
  sourceKey: string;
  title: string;
  archived: boolean;
  pinned: boolean;
  createdAt: string;
  updatedAt: string;
  /** Parents before children; siblings in the export's order. */
  messages: ImportedMessage[];
  currentKey: string | null;
}

/** A node of an export, with where it sits in the input for error messages. */
export interface RawNode {
  key: string;
  parentKey: string | null;
  childKeys: readonly string[];
  /** null: a node Parley leaves out. */
  message: Omit<ImportedMessage, 'key' | 'parentKey'> | null;
  /** e.g. `[3].mapping.abc`; the node's fields are named below it. */
  field: string;
}

/** Problems found in an export, each naming where it is (`[3].mapping.abc.parent`). */
export class Problems {
  readonly list: FieldProblem[] = [];
  add(field: string, message: string): void {
    if (this.list.length < 20) this.list.push({ field, message });
  }
  get any(): boolean {
    return this.list.length > 0;
  }
}

/** A path in the input as people read it: `[3].mapping.abc.parent`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
}

/** Where a chat came from: the export's id for it, or, when it has no usable one, the hash of its messages. */
export function sourceKey(format: string, id: string | number | null | undefined, tree: Pick<ImportedChat, 'messages'>): string {
  if (id !== null && id !== undefined && String(id).length > 0 && String(id).length <= 150) return `${format}:${String(id)}`;
  const digest = createHash('sha256');
  for (const m of tree.messages) digest.update(JSON.stringify([m.key, m.parentKey, m.role, m.content, m.createdAt]));
  return `${format}:sha256:${digest.digest('base64url')}`;
}

/** Epoch seconds (or milliseconds, for large values) as an ISO time. */
export function isoFromEpoch(value: number): string {
  return new Date(value > 1e11 ? value : value * 1000).toISOString();
}

/**
 * Checks the links between nodes and orders the kept messages parents first. The current node,
 * when left out, becomes its nearest kept ancestor.
 */
export function buildTree(
  nodes: readonly RawNode[],
  current: { key: string | null; field: string },
  where: string,
  problems: Problems,
  names: { parent: string; children: string } = { parent: 'parent', children: 'children' },
): Pick<ImportedChat, 'messages' | 'currentKey'> {
  const byKey = new Map(nodes.map((n) => [n.key, n]));
  const childrenOf = new Map<string | null, RawNode[]>();
  for (const node of nodes) {
    if (node.parentKey !== null && !byKey.has(node.parentKey)) problems.add(`${node.field}.${names.parent}`, 'unknown node');
    node.childKeys.forEach((child, i) => {
      if (!byKey.has(child)) problems.add(`${node.field}.${names.children}[${i}]`, 'unknown node');
    });
    if (node.message && node.message.content.length > MAX_CONTENT) {
      problems.add(`${node.field}.content`, `is longer than ${MAX_CONTENT} characters`);
    }
    const siblings = childrenOf.get(node.parentKey) ?? [];
    siblings.push(node);
    childrenOf.set(node.parentKey, siblings);
  }
  if (current.key !== null && !byKey.has(current.key)) problems.add(current.field, 'unknown node');

  // The export's own child order first, then any child only its parent pointer names.
  const orderedChildren = (node: RawNode): RawNode[] => {
    const mine = childrenOf.get(node.key) ?? [];
    const listed = node.childKeys.map((k) => byKey.get(k)).filter((c): c is RawNode => c?.parentKey === node.key);
    return [...new Set([...listed, ...mine])];
  };
  const messages: ImportedMessage[] = [];
  const keptAncestor = new Map<string, string | null>();
  const stack: { node: RawNode; parentKey: string | null }[] = (childrenOf.get(null) ?? []).map((node) => ({ node, parentKey: null })).reverse();
  while (stack.length > 0) {
    const item = stack.pop();
    if (!item || keptAncestor.has(item.node.key)) continue;
    const { node, parentKey } = item;
    if (node.message) messages.push({ key: node.key, parentKey, ...node.message });
    const below = node.message ? node.key : parentKey;
    keptAncestor.set(node.key, below);
    for (const child of orderedChildren(node).reverse()) stack.push({ node: child, parentKey: below });
  }
  if (keptAncestor.size < nodes.length && !problems.any) problems.add(where, 'the messages form a cycle');

  let currentKey = current.key === null ? null : (keptAncestor.get(current.key) ?? null);
  if (current.key === null) currentKey = messages.at(-1)?.key ?? null;
  return { messages, currentKey };
}
