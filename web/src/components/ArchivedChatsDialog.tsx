import { useState } from 'react';
import { Link } from 'react-router';
import { useChatList, useUpdateChat } from '../lib/chats';
import { formatDateTime } from '../lib/format';
import { useDebounced } from '../lib/useDebounced';
import type { ChatSummary } from '../types';
import { DeleteChatDialog } from './DeleteChatDialog';
import { Dialog } from './Dialog';
import { ErrorText } from './ErrorText';
import { LoadMore } from './LoadMore';
import { SearchField } from './SearchField';
import { btnGhost, btnSecondary } from './ui';
import { UserText } from './UserText';

/** My archived chats: open, unarchive or delete them. */
export function ArchivedChatsDialog({ onClose }: { onClose: () => void }) {
  const [search, setSearch] = useState('');
  const [toDelete, setToDelete] = useState<ChatSummary | null>(null);
  const q = useDebounced(search.trim());
  const chats = useChatList({ archived: true, q });
  const update = useUpdateChat();
  const items = chats.items;

  return (
    <Dialog title="Archived Chats" onClose={onClose} size="lg">
      <div className="space-y-3">
        <SearchField label="Search archived chats" value={search} onChange={setSearch} />
        <ErrorText error={chats.error} prefix="Archived chats could not be loaded" />
        <ErrorText error={update.error} prefix="Could not unarchive" />
        {chats.isSuccess && items.length === 0 && (
          <p className="py-10 text-center text-sm text-zinc-500 dark:text-zinc-400">
            {q ? `No archived chats match "${q}".` : 'You have no archived chats.'}
          </p>
        )}
        {items.length > 0 && (
          <ul aria-label="Archived chats" className="divide-y divide-zinc-200 rounded-xl ring-1 ring-zinc-200 dark:divide-zinc-800 dark:ring-zinc-800">
            {items.map((chat) => (
              <li key={chat.id} className="flex flex-wrap items-center gap-2 px-3 py-2.5">
                <div className="min-w-0 flex-1">
                  <Link to={`/c/${chat.id}`} onClick={onClose} className="block truncate text-sm font-medium hover:underline">
                    <UserText>{chat.title}</UserText>
                  </Link>
                  <div className="text-xs text-zinc-500 dark:text-zinc-400">
                    Updated <time dateTime={chat.updatedAt}>{formatDateTime(chat.updatedAt)}</time>
                  </div>
                </div>
                <button
                  type="button"
                  className={btnSecondary}
                  disabled={update.isPending}
                  onClick={() => update.mutate({ id: chat.id, patch: { archived: false } })}
                >
                  Unarchive
                </button>
                <button type="button" className={`${btnGhost} text-red-600 dark:text-red-400`} onClick={() => setToDelete(chat)}>
                  Delete
                </button>
              </li>
            ))}
          </ul>
        )}
        <LoadMore list={chats} />
      </div>
      {toDelete && <DeleteChatDialog chat={toDelete} onClose={() => setToDelete(null)} />}
    </Dialog>
  );
}
