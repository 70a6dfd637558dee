import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorText } from '../../components/ErrorText';
import { LoadMore } from '../../components/LoadMore';
import { SearchField } from '../../components/SearchField';
import { communityApi } from '../../lib/community-hub';
import { formatDate } from '../../lib/format';
import { usePagedList } from '../../lib/paged';
import { useDebounced } from '../../lib/useDebounced';
import { UserText } from '../../components/UserText';

/** The hub's public chats, newest first, searchable by title; anyone may browse them (S18). */
export function CommunityBrowsePage() {
  const [search, setSearch] = useState('');
  const q = useDebounced(search.trim());
  const chats = usePagedList(['community', 'public', q], (cursor) => communityApi.list({ q, cursor }));

  return (
    <main className="space-y-5">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Community chats</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Conversations people on this hub chose to publish.</p>
      </div>
      <SearchField label="Search community chats" placeholder="Search by title" value={search} onChange={setSearch} />
      <ErrorText error={chats.error} prefix="Community chats could not be loaded" />
      {chats.isSuccess && chats.items.length === 0 && (
        <p className="py-10 text-center text-sm text-zinc-500 dark:text-zinc-400">
          {q ? `No public chats match "${q}".` : 'No public chats yet. Publish one with Share to Community.'}
        </p>
      )}
      {chats.items.length > 0 && (
        <ul aria-label="Community chats" className="divide-y divide-zinc-200 rounded-2xl ring-1 ring-zinc-200 dark:divide-zinc-800 dark:ring-zinc-800">
          {chats.items.map((chat) => (
            <li key={chat.id}>
              <Link
                to={`/community/${chat.id}`}
                className="flex items-baseline justify-between gap-4 px-4 py-3 outline-none first:rounded-t-2xl last:rounded-b-2xl hover:bg-zinc-50 focus-visible:ring-2 focus-visible:ring-zinc-400 dark:hover:bg-zinc-900"
              >
                <span className="min-w-0 truncate font-medium"><UserText>{chat.title}</UserText></span>
                <span className="shrink-0 text-xs text-zinc-500 dark:text-zinc-400">
                  {chat.visibility === 'public_full_history' && <span className="mr-2">Full history</span>}
                  <time dateTime={chat.updatedAt}>{formatDate(chat.updatedAt)}</time>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <div className="flex justify-center">
        <LoadMore list={chats} />
      </div>
    </main>
  );
}
