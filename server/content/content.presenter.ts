import type { Message } from '../../common/api/chats.js';
import type { SnapshotNodeWithContent } from './snapshots.repository.js';

/** A snapshot node as the API shows a message: its snapshot-local ids, never the body hash. */
export function presentNode(node: Pick<SnapshotNodeWithContent, 'id' | 'parent_id' | 'role' | 'content' | 'model' | 'created_at'>): Message {
  return {
    id: node.id,
    parentId: node.parent_id,
    role: node.role,
    content: node.content,
    model: node.model,
    createdAt: node.created_at,
    status: 'complete',
  };
}
