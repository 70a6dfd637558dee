import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { ChatHeader } from '../components/ChatHeader';
import { Tabs } from '../components/Tabs';
import { btnSecondary } from '../components/ui';
import { useMe } from '../lib/session';

type AdminTab = 'users' | 'settings' | 'shared-links';

/** The Admin Panel (admins only): Users, Settings, Shared Links; each tab is a route. */
export function AdminPage() {
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  const selected = (location.pathname.split('/')[2] ?? 'settings') as AdminTab;

  if (me.data?.user.role !== 'admin') {
    return (
      <>
        <ChatHeader title="Admin Panel" />
        <main className="mx-auto flex max-w-md flex-1 flex-col items-center justify-center gap-4 p-6 text-center">
          <h2 className="text-lg font-semibold">Admins only</h2>
          <p className="text-sm text-zinc-500 dark:text-zinc-400">The Admin Panel is for this instance's administrators (403).</p>
          <Link to="/" className={btnSecondary}>
            Back to your chats
          </Link>
        </main>
      </>
    );
  }

  return (
    <>
      <ChatHeader title="Admin Panel" />
      <main className="min-h-0 flex-1 overflow-y-auto">
        <div className="mx-auto w-full max-w-5xl px-4 pb-10">
          <Tabs
            label="Admin Panel"
            selected={selected}
            onSelect={(tab) => void navigate(`/admin/${tab}`)}
            tabs={[
              { key: 'users', label: 'Users' },
              { key: 'settings', label: 'Settings' },
              { key: 'shared-links', label: 'Shared Links' },
            ]}
          >
            <Outlet />
          </Tabs>
        </div>
      </main>
    </>
  );
}
