import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api } from '../api';
import { useLayout } from '../lib/layout';
import { forgetSession } from '../lib/session';
import type { User } from '../types';
import { ErrorText } from './ErrorText';
import { ArchiveIcon, LogOutIcon, SettingsIcon, ShieldIcon } from './icons';
import { Menu, type MenuItem } from './Menu';
import { UserText } from './UserText';

export function Avatar({ name }: { name: string }) {
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0]?.toUpperCase() ?? '')
    .join('');
  return (
    <span
      aria-hidden="true"
      className="inline-flex size-8 shrink-0 items-center justify-center rounded-full bg-gradient-to-br from-emerald-500 to-teal-600 text-xs font-semibold text-white"
    >
      {initials || '?'}
    </span>
  );
}

/** The user's name at the bottom of the sidebar, opening Settings, Admin Panel (admins) and Sign out. */
export function UserMenu({ user }: { user: User }) {
  const { openSettings, openArchived } = useLayout();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const signOut = useMutation({
    mutationFn: api.signOut,
    onSuccess: async () => {
      await navigate('/auth', { replace: true });
      forgetSession(queryClient);
    },
  });

  const items: MenuItem[] = [
    { label: 'Settings', icon: <SettingsIcon />, onSelect: () => openSettings() },
    { label: 'Archived Chats', icon: <ArchiveIcon />, onSelect: openArchived },
    ...(user.role === 'admin' ? [{ label: 'Admin Panel', icon: <ShieldIcon />, onSelect: () => void navigate('/admin') }] : []),
    { label: 'Sign out', icon: <LogOutIcon />, onSelect: () => signOut.mutate() },
  ];

  return (
    <>
      <ErrorText error={signOut.error} prefix="Could not sign out" />
      <Menu
        label="User menu"
        namedByContent
        items={items}
        placement="above"
        buttonClassName="flex w-full items-center gap-2.5 rounded-xl px-2 py-2 text-left text-sm font-medium outline-none hover:bg-zinc-200/60 focus-visible:ring-2 focus-visible:ring-zinc-400 dark:hover:bg-zinc-800"
      >
        <Avatar name={user.name} />
        <span className="min-w-0 flex-1 truncate"><UserText>{user.name}</UserText></span>
        <span className="sr-only">, User menu</span>
      </Menu>
    </>
  );
}
