import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorText } from '../../components/ErrorText';
import { CloseIcon, CopyIcon, UnlinkIcon } from '../../components/icons';
import { LoadMore } from '../../components/LoadMore';
import { SearchField } from '../../components/SearchField';
import { btnSecondary, iconBtn } from '../../components/ui';
import { copyText } from '../../lib/clipboard';
import { formatDateTime } from '../../lib/format';
import { usePagedList } from '../../lib/paged';
import { useDebounced } from '../../lib/useDebounced';
import type { AdminShare } from '../../types';
import { AdminTable } from './AdminTable';
import { UserText } from '../../components/UserText';
import { isolateBidi } from '../../../../common/bidi';

const accessNames = { members: 'Members', public: 'Public', restricted: 'Restricted' } as const;

/** Admin Panel → Shared Links: every link on the instance (S13), searchable, by owner, revocable. */
export function SharedLinksAdmin() {
  const queryClient = useQueryClient();
  const [search, setSearch] = useState('');
  const [owner, setOwner] = useState<AdminShare['owner'] | null>(null);
  const [toRevoke, setToRevoke] = useState<AdminShare | null>(null);
  const [status, setStatus] = useState('');
  const q = useDebounced(search.trim());

  const shares = usePagedList(['admin', 'shares', { q, owner: owner?.id }], (cursor) => api.adminShares({ q, owner: owner?.id, cursor }));
  const revoke = useMutation({
    mutationFn: (entry: AdminShare) => api.deleteAdminShare(entry.share.id),
    onSuccess: async (_data, entry) => {
      setToRevoke(null);
      setStatus(`Revoked the link "${isolateBidi(entry.share.title)}".`);
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['admin', 'shares'] }), queryClient.invalidateQueries({ queryKey: ['chats'] })]);
    },
  });
  const copy = useMutation({ mutationFn: (url: string) => copyText(url), onSuccess: () => setStatus('Link copied.') });
  const items = shares.items;

  return (
    <section className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <SearchField label="Search links" value={search} onChange={setSearch} className="min-w-48 flex-1" />
        {owner && (
          <button type="button" className={btnSecondary} onClick={() => setOwner(null)}>
            Owner: <UserText>{owner.name}</UserText>
            <CloseIcon width={14} height={14} />
            <span className="sr-only">(show every owner)</span>
          </button>
        )}
      </div>
      <p role="status" className="min-h-5 text-sm text-emerald-700 dark:text-emerald-400">
        {status}
      </p>
      <ErrorText error={shares.error} prefix="Links could not be loaded" />
      <ErrorText error={copy.error} />
      {shares.isSuccess && items.length === 0 && (
        <p className="py-10 text-center text-sm text-zinc-500 dark:text-zinc-400">No shared links{q ? ` match "${q}"` : ''}.</p>
      )}
      {items.length > 0 && (
        <AdminTable columns={['Title', 'Owner', 'Access', 'Updated']}>
              {items.map((entry) => (
                <tr key={entry.share.id}>
                  <td className="max-w-64 truncate px-3 py-2 font-medium">
                    <a href={entry.share.url} target="_blank" rel="noreferrer" className="hover:underline">
                      <UserText>{entry.share.title}</UserText>
                    </a>
                  </td>
                  <td className="px-3 py-2">
                    <button
                      type="button"
                      className="text-left hover:underline"
                      title="Show only this owner's links"
                      onClick={() => setOwner(entry.owner)}
                    >
                      <UserText>{entry.owner.name}</UserText>
                      <span className="block text-xs text-zinc-500 dark:text-zinc-400">{entry.owner.email}</span>
                    </button>
                  </td>
                  <td className="px-3 py-2">{accessNames[entry.share.access]}</td>
                  <td className="px-3 py-2 whitespace-nowrap text-zinc-500 dark:text-zinc-400">{formatDateTime(entry.share.updatedAt)}</td>
                  <td className="px-3 py-2">
                    <div className="flex justify-end gap-1">
                      <button type="button" className={iconBtn} aria-label="Copy link" title="Copy link" onClick={() => copy.mutate(entry.share.url)}>
                        <CopyIcon width={16} height={16} />
                      </button>
                      <button type="button" className={iconBtn} aria-label="Revoke" title="Revoke" onClick={() => setToRevoke(entry)}>
                        <UnlinkIcon width={16} height={16} />
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
        </AdminTable>
      )}
      <LoadMore list={shares} />
      {toRevoke && (
        <ConfirmDialog
          title="Revoke link?"
          confirmLabel="Revoke"
          pending={revoke.isPending}
          error={revoke.error}
          onConfirm={() => revoke.mutate(toRevoke)}
          onClose={() => {
            setToRevoke(null);
            revoke.reset();
          }}
        >
          "<UserText>{toRevoke.share.title}</UserText>" by <UserText>{toRevoke.owner.name}</UserText> stops working at once for everyone. The chat itself stays with its owner.
        </ConfirmDialog>
      )}
    </section>
  );
}
