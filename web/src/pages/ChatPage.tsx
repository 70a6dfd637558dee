import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Suspense, useEffect, useRef, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { latestLeafFrom, siblingsOf, threadTo } from '../../../common/tree';
import { api, ApiError, sendMessage } from '../api';
import { ChatHeader } from '../components/ChatHeader';
import { Composer } from '../components/Composer';
import { ErrorText } from '../components/ErrorText';
import { ShareIcon } from '../components/icons';
import { MessageView } from '../components/MessageView';
import { btnGhost, btnSecondary } from '../components/ui';
import { refreshChats } from '../lib/chats';
import { onCopyCodeClick } from '../lib/copy-code';
import { useLayout } from '../lib/layout';
import type { Chat, Message } from '../types';

/** What the new-chat screen hands over when the chat was made but its first prompt failed. */
export interface ChatPageState {
  sendError?: string;
  draft?: string;
}

/** A chat: its current thread with ‹ › between versions, and the composer. */
export function ChatPage() {
  const { chatId = '' } = useParams();
  const location = useLocation();
  const handedOver = (location.state ?? {}) as ChatPageState;
  const { canShare, openShare } = useLayout();
  const queryClient = useQueryClient();
  const chat = useQuery({ queryKey: ['chat', chatId], queryFn: () => api.getChat(chatId) });
  const [pendingPrompt, setPendingPrompt] = useState<string | null>(null);
  const endRef = useRef<HTMLDivElement>(null);

  const setChat = (next: Chat) => queryClient.setQueryData<{ chat: Chat }>(['chat', chatId], { chat: next });

  const switchVersion = useMutation({
    mutationFn: (leafId: string) => api.updateChat(chatId, { currentMessageId: leafId }),
    onMutate: (leafId) => {
      const before = chat.data?.chat;
      if (before) setChat({ ...before, currentMessageId: leafId });
      return before;
    },
    onError: (_error, _leafId, before) => {
      if (before) setChat(before);
    },
    onSuccess: ({ chat: updated }) => setChat(updated),
  });

  const send = useMutation({
    mutationFn: (content: string) => sendMessage(chatId, { content, parentId: chat.data?.chat.currentMessageId ?? null }),
    onMutate: (content) => setPendingPrompt(content),
    onSettled: async () => {
      setPendingPrompt(null);
      await refreshChats(queryClient, chatId);
    },
  });

  const messages = chat.data?.chat.messages ?? [];
  const thread = threadTo(messages, chat.data?.chat.currentMessageId ?? null);

  useEffect(() => {
    endRef.current?.scrollIntoView({ block: 'end' });
  }, [thread.length, pendingPrompt, chatId]);

  if (chat.error) {
    const gone = chat.error instanceof ApiError && chat.error.status === 404;
    return (
      <>
        <ChatHeader title="" />
        <div className="mx-auto flex max-w-md flex-1 flex-col items-center justify-center gap-4 p-6 text-center">
          <h2 className="text-lg font-semibold">{gone ? 'Chat not found' : 'This chat could not be loaded'}</h2>
          <p className="text-sm text-zinc-500 dark:text-zinc-400">
            {gone ? 'It may have been deleted, or it belongs to someone else.' : chat.error.message}
          </p>
          <Link to="/" className={btnSecondary}>
            Start a new chat
          </Link>
        </div>
      </>
    );
  }

  const onSwitch = (sibling: Message) => switchVersion.mutate(latestLeafFrom(messages, sibling.id));
  const sendError = send.error ?? (handedOver.sendError && !send.isSuccess ? new Error(handedOver.sendError) : null);

  return (
    <>
      <ChatHeader title={chat.data?.chat.title ?? ''}>
        {canShare && chat.data && (
          <button type="button" className={btnGhost} onClick={() => openShare(chatId)}>
            <ShareIcon />
            Share
          </button>
        )}
      </ChatHeader>
      <main className="min-h-0 flex-1 overflow-y-auto" aria-busy={chat.isPending} onClick={onCopyCodeClick}>
        <div className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-4 py-6">
          {chat.data?.chat.archived && (
            <p className="rounded-xl bg-amber-50 px-4 py-2 text-sm text-amber-800 dark:bg-amber-950/40 dark:text-amber-200">
              This chat is archived. It stays out of the sidebar; find it in Settings → Data → Archived Chats.
            </p>
          )}
          {chat.isSuccess && thread.length === 0 && pendingPrompt === null && (
            <p className="py-16 text-center text-zinc-500 dark:text-zinc-400">No messages yet. Send one below.</p>
          )}
          <Suspense fallback={null}>
            {thread.map((message) => (
              <MessageView
                key={message.id}
                message={message}
                siblings={siblingsOf(messages, message.id)}
                onSwitch={onSwitch}
                switching={switchVersion.isPending}
              />
            ))}
            {pendingPrompt !== null && (
              <>
                <MessageView
                  message={{ id: 'pending', parentId: null, role: 'user', content: pendingPrompt, model: null, createdAt: '', status: 'complete' }}
                  siblings={[]}
                  onSwitch={() => undefined}
                  switching
                />
                <p role="status" className="animate-pulse pl-10 text-sm text-zinc-500 dark:text-zinc-400">
                  Thinking…
                </p>
              </>
            )}
          </Suspense>
          <ErrorText error={switchVersion.error} prefix="Could not switch versions" />
          <ErrorText error={sendError} prefix="Your message was not sent" />
          <div ref={endRef} />
        </div>
      </main>
      <Composer key={chatId} onSend={(content) => send.mutateAsync(content)} pending={send.isPending} initialText={handedOver.draft} autoFocus />
    </>
  );
}
