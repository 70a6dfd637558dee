import { useRef, useState, type ReactNode } from 'react';
import { NavLink } from 'react-router';
import { useUpdateChat } from '../lib/chats';
import { useLayout } from '../lib/layout';
import type { ChatSummary } from '../types';
import { DeleteChatDialog } from './DeleteChatDialog';
import { ErrorText } from './ErrorText';
import { exportUrl } from './ChatData';
import { ArchiveIcon, DotsIcon, DownloadIcon, LinkIcon, PenIcon, PinIcon, ShareIcon, TrashIcon } from './icons';
import { Menu, type MenuItem } from './Menu';
import { UserText } from './UserText';

/** `text` with each occurrence of `part` (any case) marked. */
function Highlighted({ text, part }: { text: string; part: string }) {
  if (part === '') return text;
  const pieces: ReactNode[] = [];
  const lower = text.toLowerCase();
  const wanted = part.toLowerCase();
  let from = 0;
  for (let at = lower.indexOf(wanted); at !== -1; at = lower.indexOf(wanted, from)) {
    pieces.push(text.slice(from, at), <mark key={at} className="rounded-sm bg-amber-200 text-inherit dark:bg-amber-700/60">{text.slice(at, at + part.length)}</mark>);
    from = at + part.length;
  }
  pieces.push(text.slice(from));
  return pieces;
}

/**
 * One chat in the sidebar: its link, a "Shared" mark, and the three-dots menu on hover or focus;
 * while searching, the words around where a message matched.
 */
export function ChatListItem({ chat, searched }: { chat: ChatSummary; searched?: string }) {
  const { openShare, canShare } = useLayout();
  const [renaming, setRenaming] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const update = useUpdateChat();

  const items: MenuItem[] = [
    ...(canShare ? [{ label: 'Share', icon: <ShareIcon />, onSelect: () => openShare(chat.id) }] : []),
    { label: 'Rename', icon: <PenIcon />, onSelect: () => setRenaming(true) },
    {
      label: chat.pinned ? 'Unpin' : 'Pin',
      icon: <PinIcon />,
      onSelect: () => update.mutate({ id: chat.id, patch: { pinned: !chat.pinned } }),
    },
    { label: 'Archive', icon: <ArchiveIcon />, onSelect: () => update.mutate({ id: chat.id, patch: { archived: true } }) },
    { label: 'Export as JSON', icon: <DownloadIcon />, onSelect: () => window.location.assign(exportUrl('json', chat.id)) },
    { label: 'Export as Markdown', icon: <DownloadIcon />, onSelect: () => window.location.assign(exportUrl('markdown', chat.id)) },
    { label: 'Delete', icon: <TrashIcon />, danger: true, onSelect: () => setConfirmDelete(true) },
  ];

  return (
    <li className="group relative">
      {renaming ? (
        <RenameField
          title={chat.title}
          onDone={(title) => {
            setRenaming(false);
            if (title !== null && title !== chat.title) update.mutate({ id: chat.id, patch: { title } });
          }}
        />
      ) : (
        <NavLink
          to={`/c/${chat.id}`}
          className={({ isActive }) =>
            `flex items-center gap-2 rounded-lg py-2 pr-9 pl-3 text-sm outline-none focus-visible:ring-2 focus-visible:ring-zinc-400 ${
              isActive ? 'bg-zinc-200/80 dark:bg-zinc-800' : 'hover:bg-zinc-200/50 dark:hover:bg-zinc-800/60'
            }`
          }
        >
          <span className="min-w-0 flex-1">
            <span className="block truncate"><UserText>{chat.title}</UserText></span>
            {chat.match && (
              <span className="block truncate text-xs text-zinc-600 dark:text-zinc-400">
                <Highlighted text={chat.match.snippet} part={searched ?? ''} />
              </span>
            )}
          </span>
          {chat.shareId !== null && (
            <span role="img" aria-label="Shared" title="Shared" className="shrink-0 text-zinc-400">
              <LinkIcon width={14} height={14} />
            </span>
          )}
        </NavLink>
      )}
      {!renaming && (
        <div
          className={`absolute top-1/2 right-1 -translate-y-1/2 group-focus-within:opacity-100 group-hover:opacity-100 [@media(hover:none)]:opacity-100 ${
            menuOpen ? 'opacity-100' : 'opacity-0'
          }`}
        >
          <Menu
            label="Chat menu"
            items={items}
            onOpenChange={setMenuOpen}
            buttonClassName="inline-flex size-7 items-center justify-center rounded-md text-zinc-500 outline-none hover:bg-zinc-300/60 hover:text-zinc-900 focus-visible:ring-2 focus-visible:ring-zinc-400 dark:text-zinc-400 dark:hover:bg-zinc-700 dark:hover:text-zinc-100"
          >
            <DotsIcon />
          </Menu>
        </div>
      )}
      <ErrorText error={update.error} prefix="Could not change the chat" />
      {confirmDelete && <DeleteChatDialog chat={chat} onClose={() => setConfirmDelete(false)} />}
    </li>
  );
}

/** Inline rename: Enter or leaving the field saves, Escape cancels. */
function RenameField({ title, onDone }: { title: string; onDone: (title: string | null) => void }) {
  const [value, setValue] = useState(title);
  const finished = useRef(false);
  const finish = (save: boolean) => {
    if (finished.current) return;
    finished.current = true;
    onDone(save && value.trim() !== '' ? value.trim() : null);
  };
  return (
    <input
      aria-label="Chat title"
      value={value}
      autoFocus
      maxLength={500}
      onFocus={(event) => event.target.select()}
      onChange={(event) => setValue(event.target.value)}
      onBlur={() => finish(true)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          finish(true);
        } else if (event.key === 'Escape') {
          event.preventDefault();
          finish(false);
        }
      }}
      className="w-full rounded-lg bg-white px-3 py-2 text-sm ring-2 ring-zinc-400 outline-none dark:bg-zinc-800"
    />
  );
}
