import { useState } from 'react';
import { Link } from 'react-router';
import { sortForSidebar, useChatList } from '../lib/chats';
import { dateGroup } from '../lib/format';
import { useLayout } from '../lib/layout';
import { useConfig } from '../lib/session';
import { useDebounced } from '../lib/useDebounced';
import type { ChatSummary, User } from '../types';
import { ChatListItem } from './ChatListItem';
import { ErrorText } from './ErrorText';
import { GlobeIcon, PenIcon, SidebarIcon } from './icons';
import { LoadMore } from './LoadMore';
import { SearchField } from './SearchField';
import { btnGhost, iconBtn } from './ui';
import { UserMenu } from './UserMenu';

/** The left column: New Chat, search, my chats (pinned first, then by date) and the user menu. */
export function Sidebar({ user }: { user: User }) {
  const { sidebarOpen, setSidebarOpen } = useLayout();
  const isHub = useConfig().data?.features.communityHub === true;
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const chats = useChatList({ archived: false, q });
  const { pinned, others } = sortForSidebar(chats.items);

  const groups = new Map<string, ChatSummary[]>();
  for (const chat of others) {
    const heading = dateGroup(chat.updatedAt);
    groups.set(heading, [...(groups.get(heading) ?? []), chat]);
  }

  return (
    <>
      {/* On a phone the open sidebar floats over the chat; a tap beside it closes it. */}
      {sidebarOpen && (
        <div aria-hidden="true" className="fixed inset-0 z-30 bg-zinc-950/40 md:hidden" onClick={() => setSidebarOpen(false)} />
      )}
      <nav
        aria-label="Sidebar"
        hidden={!sidebarOpen}
        className="fixed inset-y-0 left-0 z-40 flex w-72 max-w-[85vw] flex-col bg-zinc-50 shadow-xl md:static md:z-auto md:w-64 md:shadow-none dark:bg-zinc-900"
      >
        <div className="flex items-center justify-between px-3 pt-3 pb-2">
          <Link to="/" className="flex items-center gap-2 rounded-lg px-1.5 py-1 text-base font-semibold tracking-tight outline-none focus-visible:ring-2 focus-visible:ring-zinc-400">
            <img src="/favicon.svg" alt="" className="size-6" />
            Parley
          </Link>
          <button type="button" className={iconBtn} aria-label="Close sidebar" onClick={() => setSidebarOpen(false)}>
            <SidebarIcon />
          </button>
        </div>

        <div className="space-y-2 px-3">
          <Link to="/" className={`${btnGhost} w-full justify-start`}>
            <PenIcon />
            New Chat
          </Link>
          {isHub && (
            <Link to="/community" className={`${btnGhost} w-full justify-start`}>
              <GlobeIcon />
              Community
            </Link>
          )}
          <SearchField
            label="Search chats"
            placeholder="Search"
            value={search}
            onChange={setSearch}
            inputClassName="w-full rounded-xl bg-zinc-200/60 py-2 pr-3 pl-9 text-sm outline-none placeholder:text-zinc-500 focus:bg-white focus:ring-2 focus:ring-zinc-300 dark:bg-zinc-800 dark:focus:bg-zinc-800 dark:focus:ring-zinc-600"
          />
        </div>

        <div className="mt-3 min-h-0 flex-1 overflow-y-auto px-2 pb-3">
          <ErrorText error={chats.error} prefix="Chats could not be loaded" />
          {chats.isSuccess && chats.items.length === 0 && (
            <p className="px-3 py-6 text-center text-sm text-zinc-500 dark:text-zinc-400">
              {q ? `No chats match "${q}".` : 'No chats yet. Start one with New Chat.'}
            </p>
          )}
          {pinned.length > 0 && <ChatGroup heading="Pinned" chats={pinned} searched={q} />}
          {[...groups].map(([heading, list]) => (
            <ChatGroup key={heading} heading={heading} chats={list} searched={q} />
          ))}
          <LoadMore list={chats} className="mt-1 w-full text-xs" />
        </div>

        <div className="border-t border-zinc-200 p-2 dark:border-zinc-800">
          <UserMenu user={user} />
        </div>
      </nav>
    </>
  );
}

function ChatGroup({ heading, chats, searched }: { heading: string; chats: ChatSummary[]; searched: string }) {
  return (
    <section className="mb-3" aria-label={heading}>
      <h2 className="px-3 pt-2 pb-1 text-xs font-medium text-zinc-500 dark:text-zinc-400">{heading}</h2>
      <ul>
        {chats.map((chat) => (
          <ChatListItem key={chat.id} chat={chat} searched={searched} />
        ))}
      </ul>
    </section>
  );
}
