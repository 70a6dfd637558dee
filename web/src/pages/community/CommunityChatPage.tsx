import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorText } from '../../components/ErrorText';
import { ReadOnlyThread } from '../../components/ReadOnlyThread';
import { btnDanger, btnSecondary } from '../../components/ui';
import { communityApi, visibilityLabel } from '../../lib/community-hub';
import { formatDate } from '../../lib/format';
import { useMe } from '../../lib/session';
import { UserText } from '../../components/UserText';

/** What the upload page hands over after publishing. */
export interface CommunityChatPageState {
  uploaded?: boolean;
}

/** One community chat, as its visibility allows: the thread, or every version with ‹ 2/3 ›. */
export function CommunityChatPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const uploaded = (location.state as CommunityChatPageState | null)?.uploaded === true;
  const view = useQuery({ queryKey: ['community', 'chat', id], queryFn: () => communityApi.get(id) });
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({
    mutationFn: () => communityApi.remove(id),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['community'] });
      void navigate('/community');
    },
  });
  // The hub's admin moderates: any upload can be removed from here.
  const isAdmin = me.data?.user.role === 'admin';

  if (view.error instanceof ApiError && view.error.status === 404) {
    return (
      <main className="mx-auto max-w-md py-16 text-center">
        <h1 className="text-xl font-semibold">Not Found</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">This chat does not exist, or it is not public.</p>
        <Link to="/community" className={`${btnSecondary} mt-6`}>
          Browse community chats
        </Link>
      </main>
    );
  }
  if (view.error) return <ErrorText error={view.error} prefix="This chat could not be loaded" />;
  if (!view.data) return <p className="text-sm text-zinc-500 dark:text-zinc-400">Loading…</p>;

  const { chat, messages, currentMessageId } = view.data;
  return (
    <main className="space-y-6">
      {uploaded && (
        <p role="status" className="rounded-xl bg-emerald-50 px-4 py-2 text-sm text-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-200">
          {chat.visibility === 'private'
            ? 'Uploaded. Only you can see it; publish it from My uploads when you are ready.'
            : 'Published. Anyone visiting this hub can now read it and find it in Community.'}
        </p>
      )}
      <div className="border-b border-zinc-200 pb-4 dark:border-zinc-800">
        <h1 className="text-2xl font-semibold tracking-tight break-words"><UserText>{chat.title}</UserText></h1>
        <p className="mt-1 text-sm text-zinc-500 dark:text-zinc-400">
          Published <time dateTime={chat.createdAt}>{formatDate(chat.createdAt)}</time>
          {chat.visibility === 'private' && ' · Private: only you can see it'}
          {chat.visibility === 'public_full_history' && ` · ${visibilityLabel(chat.visibility)}`}
        </p>
      </div>
      <ReadOnlyThread messages={messages} currentMessageId={currentMessageId} />
      {isAdmin && (
        <div className="border-t border-zinc-200 pt-4 dark:border-zinc-800">
          <button type="button" className={btnDanger} onClick={() => setConfirming(true)}>
            Remove from Community
          </button>
        </div>
      )}
      {confirming && (
        <ConfirmDialog
          title="Remove this chat from the community?"
          confirmLabel="Remove"
          onConfirm={() => remove.mutate()}
          onClose={() => setConfirming(false)}
          pending={remove.isPending}
          error={remove.error}
        >
          The upload is deleted for everyone, its uploader included. This cannot be undone.
        </ConfirmDialog>
      )}
    </main>
  );
}
