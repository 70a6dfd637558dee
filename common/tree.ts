/**
 * The message tree: every message has a parent (null for the first). Regenerating or editing
 * adds a sibling; the shown thread is the path from the root to the current leaf. One
 * implementation for the server, the web app and the share page.
 */

export interface TreeNode {
  id: string;
  parentId: string | null;
}

/** Children of each message (key null: the roots), in the order given. */
export function childrenIndex<T extends TreeNode>(nodes: readonly T[]): Map<string | null, T[]> {
  const index = new Map<string | null, T[]>();
  for (const node of nodes) {
    const list = index.get(node.parentId);
    if (list) list.push(node);
    else index.set(node.parentId, [node]);
  }
  return index;
}

/** The thread that ends at `leafId`: root first. Empty when the id is unknown; stops at a cycle. */
export function threadTo<T extends TreeNode>(nodes: readonly T[], leafId: string | null): T[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const thread: T[] = [];
  const seen = new Set<string>();
  let node = leafId === null ? undefined : byId.get(leafId);
  while (node && !seen.has(node.id)) {
    seen.add(node.id);
    thread.push(node);
    node = node.parentId === null ? undefined : byId.get(node.parentId);
  }
  return thread.reverse();
}

/** The message and its siblings (same parent), in order; the message alone if it has none. */
export function siblingsOf<T extends TreeNode>(nodes: readonly T[], id: string): T[] {
  const node = nodes.find((n) => n.id === id);
  if (!node) return [];
  return nodes.filter((n) => n.parentId === node.parentId);
}

/** Every message below `id` (not including it). */
export function descendantsOf<T extends TreeNode>(nodes: readonly T[], id: string): T[] {
  const children = childrenIndex(nodes);
  const result: T[] = [];
  const stack = [...(children.get(id) ?? [])];
  const seen = new Set<string>([id]);
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || seen.has(node.id)) continue;
    seen.add(node.id);
    result.push(node);
    stack.push(...(children.get(node.id) ?? []));
  }
  return result;
}

/** The leaf reached from `id` by always taking the newest (last) child: what a branch switch shows. */
export function latestLeafFrom(nodes: readonly TreeNode[], id: string): string {
  const children = childrenIndex(nodes);
  let current = id;
  const seen = new Set<string>();
  for (;;) {
    seen.add(current);
    const next = children.get(current)?.at(-1);
    if (!next || seen.has(next.id)) return current;
    current = next.id;
  }
}
