import type { ReactNode } from 'react';
import { useLayout } from '../lib/layout';
import { SidebarIcon } from './icons';
import { iconBtn } from './ui';
import { UserText } from './UserText';

/** The bar above a screen: the sidebar toggle when the sidebar is closed, a title, and actions. */
export function ChatHeader({ title, children }: { title: ReactNode; children?: ReactNode }) {
  const { sidebarOpen, setSidebarOpen } = useLayout();
  return (
    <header className="flex h-14 shrink-0 items-center gap-2 px-3">
      {!sidebarOpen && (
        <button type="button" className={iconBtn} aria-label="Open sidebar" onClick={() => setSidebarOpen(true)}>
          <SidebarIcon />
        </button>
      )}
      <h1 className="min-w-0 flex-1 truncate px-1 text-base font-medium"><UserText>{title}</UserText></h1>
      {children}
    </header>
  );
}
