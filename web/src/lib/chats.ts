import { useMutation, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router';
import { api } from '../api';
import type { Chat, ChatPatch, ChatSummary } from '../types';
import { usePagedList } from './paged';

/** My chats (or my archived ones) page by page, optionally searched by title. */
export function useChatList(filter: { archived: boolean; q: string }) {
  return usePagedList(['chats', filter], (cursor) => api.listChats({ archived: filter.archived, q: filter.q, cursor }));
}

/** Pinned chats first, then the rest, each newest first. */
export function sortForSidebar(chats: ChatSummary[]): { pinned: ChatSummary[]; others: ChatSummary[] } {
  const byDate = [...chats].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  return { pinned: byDate.filter((c) => c.pinned), others: byDate.filter((c) => !c.pinned) };
}

/** After a change to a chat: every list and that chat are fetched again. */
export async function refreshChats(queryClient: QueryClient, chatId?: string): Promise<void> {
  await Promise.all([
    queryClient.invalidateQueries({ queryKey: ['chats'] }),
    chatId === undefined ? undefined : queryClient.invalidateQueries({ queryKey: ['chat', chatId] }),
  ]);
}

/** Rename, pin, archive, unarchive: one PATCH, then the lists catch up. */
export function useUpdateChat() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, patch }: { id: string; patch: ChatPatch }) => api.updateChat(id, patch),
    onSuccess: async ({ chat }) => {
      queryClient.setQueryData<{ chat: Chat }>(['chat', chat.id], { chat });
      await refreshChats(queryClient);
    },
  });
}

/** Deletes a chat (its link dies with it) and leaves its page if it is open. */
export function useDeleteChat() {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  return useMutation({
    mutationFn: (id: string) => api.deleteChat(id),
    onSuccess: async (_data, id) => {
      if (location.pathname === `/c/${id}`) void navigate('/', { replace: true });
      queryClient.removeQueries({ queryKey: ['chat', id] });
      await queryClient.invalidateQueries({ queryKey: ['chats'] });
      await queryClient.invalidateQueries({ queryKey: ['shares'] });
    },
  });
}
