import type { Share, ViewerShare } from '../../common/api/sharing.js';
import { presentNode } from '../content/content.presenter.js';
import type { SnapshotNodeWithContent } from '../content/snapshots.repository.js';
import type { Attachment } from '../content/files.repository.js';
import { attachmentsField } from '../files/files.presenter.js';
import type { ShareRow } from '../db/schema.js';
import type { ListedShare } from './own-shares.repository.js';

export interface Grants {
  userIds: string[];
  groupIds: string[];
  /** Invited emails (rule S7). */
  emails: string[];
}

export function shareUrl(publicUrl: string, shareId: string): string {
  return `${publicUrl}/s/${shareId}`;
}

/** Where a viewer of the link reads a file of its snapshot, by the snapshot's own file id (rule S21). */
export function shareFileUrl(shareId: string, fileId: string): string {
  return `/s/${shareId}/files/${encodeURIComponent(fileId)}`;
}

/** A link as its owner (or an admin) sees it. */
export function presentShare(row: ListedShare, grants: Grants | undefined, publicUrl: string, suspended: boolean): Share {
  return {
    id: row.id,
    url: shareUrl(publicUrl, row.id),
    chatId: row.chat_id,
    title: row.title,
    showName: row.show_name === 1,
    access: row.access,
    includeHistory: row.include_history === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    expiresAt: row.expires_at,
    userIds: grants?.userIds ?? [],
    groupIds: grants?.groupIds ?? [],
    suspended,
    userEmails: grants?.emails ?? [],
  };
}

/**
 * A link as a viewer sees it: the snapshot, its own node ids, and the sharer's name only when
 * they chose to show it. Field by field, so nothing else can leak (rule S3).
 */
export function presentViewerShare(
  row: ShareRow,
  snapshot: { nodes: (SnapshotNodeWithContent & { attachments?: Attachment[] })[]; currentNodeId: string | null },
  ownerName: string,
): ViewerShare {
  return {
    share: {
      id: row.id,
      title: row.title,
      sharedBy: row.show_name === 1 ? ownerName : null,
      access: row.access,
      updatedAt: row.updated_at,
    },
    messages: snapshot.nodes.map((node) => ({ ...presentNode(node), ...attachmentsField(node.attachments, (fileId) => shareFileUrl(row.id, fileId)) })),
    currentMessageId: snapshot.currentNodeId,
  };
}

