import type { ReactNode } from 'react';
import { formatDateTime } from '../../lib/format';
import type { Share, ShareInput } from '../../types';
import { LinkIcon } from '../icons';
import { btnPrimary } from '../ui';
import { ShareFooter } from './ShareFooter';
import { ShareLink } from './ShareLink';

/**
 * A chat's link (S19): the link itself, and "Update and Copy Link". "You have shared this chat
 * before" only when the dialog opened on it, not right after it was made here.
 */
export function ExistingShare({
  share,
  openedShared,
  onUpdate,
  onDelete,
  actions,
  notices,
  pending,
}: {
  share: Share;
  openedShared: boolean;
  onUpdate: (input: ShareInput) => void;
  onDelete: () => void;
  actions: ReactNode;
  notices: ReactNode;
  pending: boolean;
}) {
  return (
    <>
      {openedShared ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-300">
          You have shared this chat{' '}
          <a href={share.url} target="_blank" rel="noreferrer" className="font-medium underline">
            before
          </a>{' '}
          (last updated {formatDateTime(share.updatedAt)}). Messages sent since then are not in the link until you update it. To stop
          sharing,{' '}
          <button type="button" onClick={onDelete} disabled={pending} className="font-medium text-red-600 underline dark:text-red-400">
            delete this link
          </button>
          .
        </p>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-300">
          Your link is ready. Messages you send from now on are not in it until you update it. To stop sharing,{' '}
          <button type="button" onClick={onDelete} disabled={pending} className="font-medium text-red-600 underline dark:text-red-400">
            delete this link
          </button>
          .
        </p>
      )}
      <ShareLink url={share.url} />
      <ShareFooter notices={notices}>
        {actions}
        <button
          type="button"
          className={btnPrimary}
          disabled={pending}
          onClick={() => onUpdate({})}
        >
          <LinkIcon width={16} height={16} />
          Update and Copy Link
        </button>
      </ShareFooter>
    </>
  );
}
