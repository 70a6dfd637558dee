import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api } from '../api';
import { ErrorText } from '../components/ErrorText';

/**
 * "Continue this conversation" pressed on a shared page while signed out comes back here after
 * sign-in (`/continue/<share id>`): the fork is made at once and opened, with no second press.
 */
export function ContinuePage() {
  const { shareId = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const started = useRef(false);
  const fork = useMutation({
    mutationFn: () => api.forkShare(shareId),
    onSuccess: async ({ chatId }) => {
      await queryClient.invalidateQueries({ queryKey: ['chats'] });
      await navigate(`/c/${encodeURIComponent(chatId)}`, { replace: true });
    },
  });
  useEffect(() => {
    // Once per visit, however often React runs the effect.
    if (started.current) return;
    started.current = true;
    fork.mutate();
  }, [fork]);

  return (
    <main className="mx-auto flex w-full max-w-xl flex-1 flex-col justify-center gap-4 p-6">
      {fork.isError ? (
        <>
          <ErrorText error={fork.error} prefix="The conversation could not be continued" />
          <a className="text-sm font-medium underline underline-offset-4" href={`/s/${encodeURIComponent(shareId)}`}>
            Back to the shared chat
          </a>
        </>
      ) : (
        <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
          Continuing the shared conversation as your own chat…
        </p>
      )}
    </main>
  );
}
