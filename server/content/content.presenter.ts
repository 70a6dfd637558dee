import type { Message } from '../../common/api/chats.js';
import type { SnapshotNodeWithContent } from './snapshots.repository.js';

/** A snapshot node as the API shows a message: the node's own ids, never the body hash; `failed` for a reply that stopped. */
export function presentNode(node: Pick<SnapshotNodeWithContent, 'id' | 'parent_id' | 'role' | 'content' | 'model' | 'status' | 'created_at'>): Message {
  return {
    id: node.id,
    parentId: node.parent_id,
    role: node.role,
    content: node.content,
    model: node.model,
    createdAt: node.created_at,
    status: node.status,
  };
}
