import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api } from '../api';
import { ConfirmDialog } from './ConfirmDialog';
import { btnDanger, btnSecondary } from './ui';

/** Where a chat, or all of them, downloads as a file (the server names it and says it is a download). */
export const exportUrl = (format: 'json' | 'markdown', chatId?: string) =>
  `/api/v1/chats/${chatId === undefined ? 'export' : `${encodeURIComponent(chatId)}/export`}?format=${format}`;

/** Settings → Data → Export chats: every chat, archived ones too, as JSON that Parley imports back, or Markdown. */
export function ExportChats() {
  return (
    <div className="flex flex-wrap items-center justify-between gap-4 py-3" role="group" aria-label="Export Chats">
      <div>
        <div className="text-sm font-medium">Export Chats</div>
        <div className="text-xs text-zinc-500 dark:text-zinc-400">Every chat, archived ones too: JSON that Parley imports back, or Markdown to read.</div>
      </div>
      <div className="flex gap-2">
        <a className={btnSecondary} href={exportUrl('json')} download>
          Export JSON
        </a>
        <a className={btnSecondary} href={exportUrl('markdown')} download>
          Export Markdown
        </a>
      </div>
    </div>
  );
}

/** Settings → Data → Delete All Chats, behind a confirmation: every chat and its link. */
export function DeleteAllChats() {
  const [asking, setAsking] = useState(false);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const remove = useMutation({
    mutationFn: () => api.deleteAllChats(),
    onSuccess: async () => {
      setAsking(false);
      await Promise.all([queryClient.invalidateQueries({ queryKey: ['chats'] }), queryClient.invalidateQueries({ queryKey: ['shares'] })]);
      await navigate('/');
    },
  });
  return (
    <div className="flex items-center justify-between gap-4 py-3" role="group" aria-label="Delete All Chats">
      <div>
        <div className="text-sm font-medium">Delete All Chats</div>
        <div className="text-xs text-zinc-500 dark:text-zinc-400">Every chat of yours and the links made of them, for good.</div>
        {remove.data && (
          <p role="status" className="text-xs text-zinc-600 dark:text-zinc-300">
            Deleted {remove.data.deleted} {remove.data.deleted === 1 ? 'chat' : 'chats'}.
          </p>
        )}
      </div>
      <button type="button" className={btnDanger} onClick={() => setAsking(true)}>
        Delete all
      </button>
      {asking && (
        <ConfirmDialog
          title="Delete all chats?"
          confirmLabel="Delete all chats"
          onConfirm={() => remove.mutate()}
          onClose={() => setAsking(false)}
          pending={remove.isPending}
          error={remove.error}
        >
          Every chat of yours, archived ones too, is deleted, and every link made of them stops working. Chats others continued from your
          links stay theirs. This cannot be undone.
        </ConfirmDialog>
      )}
    </div>
  );
}
