import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api';
import { copyText } from '../lib/clipboard';
import { formatDateTime } from '../lib/format';
import { usePagedList } from '../lib/paged';
import { useDebounced } from '../lib/useDebounced';
import type { Share, SortOrder } from '../types';
import { ConfirmDialog } from './ConfirmDialog';
import { Dialog } from './Dialog';
import { ErrorText } from './ErrorText';
import { CopyIcon, SortIcon, UnlinkIcon } from './icons';
import { LoadMore } from './LoadMore';
import { SearchField } from './SearchField';
import { btnDanger, btnSecondary, iconBtn } from './ui';
import { UserText } from './UserText';
import { isolateBidi } from '../../../common/bidi';

/** Every link I made (S14): search by title, newest or oldest first, copy, unshare, unshare all. */
export function SharedChatsDialog({ onClose }: { onClose: () => void }) {
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [order, setOrder] = useState<SortOrder>('desc');
  const [confirmAll, setConfirmAll] = useState(false);
  const [status, setStatus] = useState('');
  const q = useDebounced(search.trim());

  const shares = usePagedList(['shares', { q, order }], (cursor) => api.listShares({ q, order, cursor }));
  const items = shares.items;

  const refresh = async () => {
    await Promise.all([queryClient.invalidateQueries({ queryKey: ['shares'] }), queryClient.invalidateQueries({ queryKey: ['chats'] })]);
  };
  const unshare = useMutation({
    mutationFn: (share: Share) => api.deleteShare(share.id),
    onSuccess: async (_data, share) => {
      setStatus(`Unshared "${isolateBidi(share.title)}". Its link no longer works.`);
      await refresh();
    },
  });
  const unshareAll = useMutation({
    mutationFn: api.deleteAllShares,
    onSuccess: async ({ deleted }) => {
      setConfirmAll(false);
      setStatus(deleted === 1 ? 'Unshared 1 link.' : `Unshared ${deleted} links.`);
      await refresh();
    },
  });
  const copy = useMutation({
    mutationFn: (share: Share) => copyText(share.url),
    onSuccess: () => setStatus('Link copied.'),
  });

  return (
    <Dialog title="Shared Chats" onClose={onClose} size="lg">
      <div className="space-y-3">
        <div className="flex flex-wrap items-center gap-2">
          <SearchField label="Search shared chats" value={search} onChange={setSearch} className="min-w-48 flex-1" />
          <button
            type="button"
            className={btnSecondary}
            onClick={() => setOrder(order === 'desc' ? 'asc' : 'desc')}
            title="Sort by last updated"
          >
            <SortIcon width={16} height={16} />
            {order === 'desc' ? 'Newest first' : 'Oldest first'}
          </button>
        </div>

        <p role="status" className="min-h-5 text-sm text-emerald-700 dark:text-emerald-400">
          {status}
        </p>
        <ErrorText error={shares.error} prefix="Shared chats could not be loaded" />
        <ErrorText error={unshare.error} prefix="Could not unshare" />
        <ErrorText error={copy.error} />

        {shares.isSuccess && items.length === 0 && (
          <p className="py-10 text-center text-sm text-zinc-500 dark:text-zinc-400">
            {q ? `No shared chats match "${q}".` : 'You have not shared any chats.'}
          </p>
        )}
        {items.length > 0 && (
          <ul aria-label="Shared chats" className="divide-y divide-zinc-200 rounded-xl ring-1 ring-zinc-200 dark:divide-zinc-800 dark:ring-zinc-800">
            {items.map((share) => (
              <li key={share.id} className="flex items-center gap-3 px-3 py-2.5">
                <div className="min-w-0 flex-1">
                  <a href={share.url} target="_blank" rel="noreferrer" className="block truncate text-sm font-medium hover:underline">
                    <UserText>{share.title}</UserText>
                  </a>
                  <div className="text-xs text-zinc-500 dark:text-zinc-400">
                    Updated <time dateTime={share.updatedAt}>{formatDateTime(share.updatedAt)}</time>
                    {share.suspended && (
                      <span className="ml-2 font-medium text-amber-700 dark:text-amber-400" title="The admin's sharing settings keep this link answering as not found for now (S22).">
                        Suspended
                      </span>
                    )}
                  </div>
                  {share.access === 'restricted' && share.userEmails.length > 0 && (
                    <div className="truncate text-xs text-zinc-500 dark:text-zinc-400" title={share.userEmails.join(', ')}>
                      Invited: {share.userEmails.join(', ')}
                    </div>
                  )}
                </div>
                <button type="button" className={iconBtn} aria-label="Copy link" title="Copy link" onClick={() => copy.mutate(share)}>
                  <CopyIcon width={16} height={16} />
                </button>
                <button
                  type="button"
                  className={`${iconBtn} hover:text-red-600 dark:hover:text-red-400`}
                  aria-label="Unshare"
                  title="Unshare"
                  disabled={unshare.isPending && unshare.variables.id === share.id}
                  onClick={() => unshare.mutate(share)}
                >
                  <UnlinkIcon width={16} height={16} />
                </button>
              </li>
            ))}
          </ul>
        )}

        <div className="flex items-center justify-between gap-2 pt-1">
          <LoadMore list={shares} />
          {items.length > 0 && (
            <button type="button" className={`${btnDanger} ml-auto`} onClick={() => setConfirmAll(true)}>
              Unshare all
            </button>
          )}
        </div>
      </div>
      {confirmAll && (
        <ConfirmDialog
          title="Unshare all chats?"
          confirmLabel="Unshare all"
          pending={unshareAll.isPending}
          error={unshareAll.error}
          onConfirm={() => unshareAll.mutate()}
          onClose={() => {
            setConfirmAll(false);
            unshareAll.reset();
          }}
        >
          Every link you have shared stops working at once; anyone who opens one gets "Not Found". Your chats stay. You can share them
          again later, with new links.
        </ConfirmDialog>
      )}
    </Dialog>
  );
}
