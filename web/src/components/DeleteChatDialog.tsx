import { useDeleteChat } from '../lib/chats';
import type { ChatSummary } from '../types';
import { ConfirmDialog } from './ConfirmDialog';
import { UserText } from './UserText';

/** "Delete chat?": deleting is final, and takes the chat's link with it (S12). */
export function DeleteChatDialog({ chat, onClose }: { chat: ChatSummary; onClose: () => void }) {
  const remove = useDeleteChat();
  return (
    <ConfirmDialog
      title="Delete chat?"
      confirmLabel="Delete"
      pending={remove.isPending}
      error={remove.error}
      onClose={onClose}
      onConfirm={() => remove.mutate(chat.id, { onSuccess: onClose })}
    >
      This deletes <strong className="font-semibold text-zinc-900 dark:text-zinc-100"><UserText>{chat.title}</UserText></strong> and all its messages
      {chat.shareId !== null ? ', and its shared link stops working' : ''}. This cannot be undone.
    </ConfirmDialog>
  );
}
