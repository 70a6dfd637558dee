import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Navigate, useLocation } from 'react-router';
import { api, ApiError } from '../api';

/** The signed-in home. The chat screens arrive with the web-app issue; this is the shell they live in. */
export function HomePage() {
  const location = useLocation();
  const queryClient = useQueryClient();
  const me = useQuery({ queryKey: ['me'], queryFn: api.me });
  const signOut = useMutation({
    mutationFn: api.signOut,
    onSuccess: () => queryClient.setQueryData(['me'], null),
  });

  if (me.isPending) return null;
  if (me.error instanceof ApiError && me.error.status === 401) {
    return <Navigate to={`/auth?redirect=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  if (!me.data) return <Navigate to="/auth" replace />;
  const { user } = me.data;

  return (
    <main className="mx-auto flex min-h-screen max-w-2xl flex-col justify-center gap-4 p-6">
      <h1 className="text-2xl font-semibold">Welcome to Parley, {user.name}</h1>
      {user.role === 'pending' ? (
        <p>Your account is waiting for an administrator to approve it.</p>
      ) : (
        <p className="text-zinc-600 dark:text-zinc-400">Signed in as {user.email}.</p>
      )}
      <div>
        <button
          type="button"
          onClick={() => signOut.mutate()}
          className="rounded-lg px-3 py-2 text-sm font-medium ring-1 ring-zinc-300 hover:bg-zinc-100 dark:ring-zinc-700 dark:hover:bg-zinc-900"
        >
          Sign out
        </button>
      </div>
    </main>
  );
}
