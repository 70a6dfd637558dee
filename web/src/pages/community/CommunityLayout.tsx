import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { ErrorText } from '../../components/ErrorText';
import { GlobeIcon } from '../../components/icons';
import { btnGhost, btnSecondary } from '../../components/ui';
import { useConfig, useMe } from '../../lib/session';

const navLink = ({ isActive }: { isActive: boolean }) =>
  `${btnGhost} px-3 py-1.5 ${isActive ? 'bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100' : ''}`;

/**
 * The community hub's pages (S18), open to signed-out visitors: a bar with Browse, My uploads and
 * the way back to the app or to sign in, above the routed page. On an instance that is not a hub
 * the pages say so instead.
 */
export function CommunityLayout() {
  const config = useConfig();
  const me = useMe();
  const location = useLocation();
  const signedIn = me.data?.user !== undefined;

  return (
    <div className="flex min-h-dvh flex-col">
      <header className="border-b border-zinc-200 dark:border-zinc-800">
        <div className="mx-auto flex w-full max-w-3xl flex-wrap items-center gap-2 px-4 py-2.5">
          <Link to="/community" className="mr-2 flex items-center gap-2 rounded-lg px-1 py-1 text-base font-semibold tracking-tight">
            <img src="/favicon.svg" alt="" className="size-6" />
            {/* On a phone the bar holds the brand, the links and the button on one line. */}
            <span>
              <span className="max-sm:sr-only">Parley </span>Community
            </span>
          </Link>
          <nav aria-label="Community" className="flex flex-1 flex-wrap items-center gap-1">
            <NavLink to="/community" end className={navLink}>
              Browse
            </NavLink>
            {signedIn && (
              <NavLink to="/community/mine" className={navLink}>
                My uploads
              </NavLink>
            )}
          </nav>
          {signedIn ? (
            <Link to="/" className={`ml-auto ${btnSecondary}`}>
              Back to chats
            </Link>
          ) : (
            !me.isPending && (
              <Link to={`/auth?redirect=${encodeURIComponent(location.pathname)}`} className={`ml-auto ${btnSecondary}`}>
                Sign in
              </Link>
            )
          )}
        </div>
      </header>
      <div className="mx-auto w-full max-w-3xl flex-1 px-4 py-6">
        {config.error ? (
          <ErrorText error={config.error} prefix="Parley could not be reached" />
        ) : config.data === undefined ? null : config.data.features.communityHub ? (
          <Outlet />
        ) : (
          <NotAHub />
        )}
      </div>
    </div>
  );
}

/** What every community page says on an instance whose admin has not turned the hub on. */
export function NotAHub() {
  return (
    <section className="mx-auto max-w-md py-16 text-center">
      <GlobeIcon className="mx-auto mb-4 text-zinc-400" width={32} height={32} />
      <h1 className="text-xl font-semibold">This Parley is not a community hub</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        Its admin has not turned the community hub on, so chats cannot be published or browsed here. If “Share to Community”
        brought you here, the instance you shared from may point at the wrong address.
      </p>
      <Link to="/" className={`${btnSecondary} mt-6`}>
        Go to Parley
      </Link>
    </section>
  );
}
