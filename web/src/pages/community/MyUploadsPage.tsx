import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Navigate } from 'react-router';
import { ApiError } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorText } from '../../components/ErrorText';
import { TrashIcon } from '../../components/icons';
import { LoadMore } from '../../components/LoadMore';
import { btnGhost, fieldBase } from '../../components/ui';
import { communityApi, visibilityLabel, visibilityOptions, type CommunityChat, type CommunityVisibility } from '../../lib/community-hub';
import { formatDate } from '../../lib/format';
import { usePagedList } from '../../lib/paged';
import { useMe } from '../../lib/session';
import { UserText } from '../../components/UserText';
import { isolateBidi } from '../../../../common/bidi';

/** My uploads on this hub (S18): each one's visibility, changeable at any time, and Delete. */
export function MyUploadsPage() {
  const me = useMe();
  if ((me.error instanceof ApiError && me.error.status === 401) || me.data === null) {
    return <Navigate to={`/auth?redirect=${encodeURIComponent('/community/mine')}`} replace />;
  }
  if (me.error) return <ErrorText error={me.error} />;
  if (!me.data) return null;
  return <MyUploads />;
}

function MyUploads() {
  const queryClient = useQueryClient();
  const uploads = usePagedList(['community', 'mine'], (cursor) => communityApi.mine({ cursor }));
  const [status, setStatus] = useState('');
  const [toDelete, setToDelete] = useState<CommunityChat | null>(null);

  // The public list and the chat's own page change with it.
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['community'] });
  const changeVisibility = useMutation({
    mutationFn: ({ chat, visibility }: { chat: CommunityChat; visibility: CommunityVisibility }) => communityApi.update(chat.id, { visibility }),
    onMutate: () => setStatus(''),
    onSuccess: async ({ chat }) => {
      setStatus(`"${isolateBidi(chat.title)}" is now ${visibilityLabel(chat.visibility)}.`);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (chat: CommunityChat) => communityApi.remove(chat.id),
    onSuccess: async (_data, chat) => {
      setToDelete(null);
      setStatus(`Deleted "${isolateBidi(chat.title)}". Its link no longer works.`);
      await refresh();
    },
  });

  return (
    <main className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">My uploads</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Chats you uploaded to this hub. Change who can see each one at any time, or delete it.
        </p>
      </div>
      <p role="status" className="text-sm text-zinc-600 empty:hidden dark:text-zinc-300">
        {status}
      </p>
      <ErrorText error={uploads.error} prefix="Your uploads could not be loaded" />
      <ErrorText error={changeVisibility.error} prefix="Visibility not changed" />
      {uploads.isSuccess && uploads.items.length === 0 && (
        <p className="py-10 text-center text-sm text-zinc-500 dark:text-zinc-400">
          You have not uploaded any chats yet. Use Share to Community in a chat’s Share menu.
        </p>
      )}
      {uploads.items.length > 0 && (
        <ul aria-label="My uploads" className="divide-y divide-zinc-200 rounded-2xl ring-1 ring-zinc-200 dark:divide-zinc-800 dark:ring-zinc-800">
          {uploads.items.map((chat) => (
            <li key={chat.id} className="flex flex-wrap items-center gap-3 px-4 py-3">
              <div className="min-w-0 flex-1">
                <Link to={`/community/${chat.id}`} className="block truncate font-medium hover:underline">
                  <UserText>{chat.title}</UserText>
                </Link>
                <span className="text-xs text-zinc-500 dark:text-zinc-400">
                  Uploaded <time dateTime={chat.createdAt}>{formatDate(chat.createdAt)}</time>
                </span>
              </div>
              <select
                aria-label="Visibility"
                className={`${fieldBase} py-1.5`}
                value={chat.visibility}
                disabled={changeVisibility.isPending && changeVisibility.variables.chat.id === chat.id}
                onChange={(e) => changeVisibility.mutate({ chat, visibility: e.target.value as CommunityVisibility })}
              >
                {visibilityOptions.map((option) => (
                  <option key={option.value} value={option.value}>
                    {option.label}
                  </option>
                ))}
              </select>
              <button type="button" className={`${btnGhost} text-red-600 dark:text-red-400`} onClick={() => setToDelete(chat)}>
                <TrashIcon />
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="flex justify-center">
        <LoadMore list={uploads} />
      </div>
      {toDelete && (
        <ConfirmDialog
          title="Delete this upload?"
          confirmLabel="Delete"
          onConfirm={() => remove.mutate(toDelete)}
          onClose={() => {
            setToDelete(null);
            remove.reset();
          }}
          pending={remove.isPending}
          error={remove.error}
        >
          <p>
            “<UserText>{toDelete.title}</UserText>” will be removed from this hub at once and its link will stop working. The chat on the Parley you shared it
            from is not affected.
          </p>
        </ConfirmDialog>
      )}
    </main>
  );
}
