import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { api, ApiError } from '../api';
import { ArchivedChatsDialog } from '../components/ArchivedChatsDialog';
import { ErrorText } from '../components/ErrorText';
import { SettingsDialog } from '../components/SettingsDialog';
import { ShareDialog } from '../components/ShareDialog';
import { Sidebar } from '../components/Sidebar';
import { btnSecondary } from '../components/ui';
import { LayoutContext, type Layout, type SettingsTab } from '../lib/layout';
import { forgetSession, useConfig, useMe } from '../lib/session';

type OpenDialog = { kind: 'settings'; tab: SettingsTab } | { kind: 'archived' } | { kind: 'share'; chatId: string } | null;

const PHONE = '(max-width: 767px)';

/** The signed-in app: the sidebar, the routed screen beside it, and the dialogs over both. */
export function AppLayout() {
  const location = useLocation();
  const me = useMe();
  const config = useConfig();
  const [dialog, setDialog] = useState<OpenDialog>(null);
  const [sidebarOpen, setSidebarOpen] = useState(() => !window.matchMedia(PHONE).matches);

  // On a phone the sidebar covers the screen: close it whenever the user goes somewhere.
  useEffect(() => {
    if (window.matchMedia(PHONE).matches) setSidebarOpen(false);
  }, [location.pathname]);

  const user = me.data?.user;
  const canShare = user !== undefined && (user.role === 'admin' || config.data?.features.sharing === true);
  const layout = useMemo<Layout>(
    () => ({
      openSettings: (tab = 'general') => setDialog({ kind: 'settings', tab }),
      openArchived: () => setDialog({ kind: 'archived' }),
      openShare: (chatId) => setDialog({ kind: 'share', chatId }),
      sidebarOpen,
      setSidebarOpen,
      canShare,
    }),
    [sidebarOpen, canShare],
  );

  if (me.isPending) return null;
  if (me.error instanceof ApiError && me.error.status === 401) {
    return <Navigate to={`/auth?redirect=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  if (me.data === null) return <Navigate to="/auth" replace />;
  if (!user) return <FullPageError error={me.error} />;
  if (user.role === 'pending') return <PendingApproval name={user.name} />;

  const closeDialog = () => setDialog(null);
  return (
    <LayoutContext.Provider value={layout}>
      <div className="flex h-dvh overflow-hidden">
        <Sidebar user={user} />
        <div className="flex min-w-0 flex-1 flex-col">
          <Outlet />
        </div>
      </div>
      {dialog?.kind === 'settings' && <SettingsDialog user={user} initialTab={dialog.tab} onClose={closeDialog} />}
      {dialog?.kind === 'archived' && <ArchivedChatsDialog onClose={closeDialog} />}
      {dialog?.kind === 'share' && <ShareDialog chatId={dialog.chatId} onClose={closeDialog} />}
    </LayoutContext.Provider>
  );
}

function FullPageError({ error }: { error: Error | null }) {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-4 p-6">
      <h1 className="text-xl font-semibold">Parley could not load</h1>
      <ErrorText error={error ?? new Error('Unknown error')} />
      <div>
        <button type="button" className={btnSecondary} onClick={() => window.location.reload()}>
          Try again
        </button>
      </div>
    </main>
  );
}

function PendingApproval({ name }: { name: string }) {
  const queryClient = useQueryClient();
  const signOut = useMutation({
    mutationFn: api.signOut,
    onSuccess: () => forgetSession(queryClient),
  });
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-4 p-6">
      <h1 className="text-2xl font-semibold">Welcome, {name}</h1>
      <p className="text-zinc-600 dark:text-zinc-400">
        Your account is waiting for an administrator to approve it. Once they do, sign in again to start chatting.
      </p>
      <ErrorText error={signOut.error} />
      <div>
        <button type="button" className={btnSecondary} onClick={() => signOut.mutate()}>
          Sign out
        </button>
      </div>
    </main>
  );
}
