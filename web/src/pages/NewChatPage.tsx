import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { api, sendMessage } from '../api';
import { ChatHeader } from '../components/ChatHeader';
import { Composer } from '../components/Composer';
import { ErrorText } from '../components/ErrorText';
import { ModelPicker } from '../components/ModelPicker';
import { refreshChats } from '../lib/chats';
import { titleFromPrompt } from '../lib/format';
import { useModelChoice } from '../lib/models';
import { startReply } from '../lib/replies';
import { useMe } from '../lib/session';
import type { Chat } from '../types';
import type { ChatPageState } from './ChatPage';

/** A new chat: nothing is stored until the first prompt, which creates the chat and opens it. */
export function NewChatPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const me = useMe();
  const modelChoice = useModelChoice('new', null);
  const model = modelChoice.model;

  const start = useMutation({
    mutationFn: async ({ content, attachments }: { content: string; attachments: string[] }) => {
      const { chat } = await api.createChat({ title: titleFromPrompt(content) });
      queryClient.setQueryData<{ chat: Chat }>(['chat', chat.id], { chat });
      let state: ChatPageState = {};
      try {
        // The chat opens once the server has stored the prompt; the reply goes on streaming there.
        await startReply(queryClient, chat.id, {
          prompt: { content, parentId: null },
          start: (listener, signal) =>
            sendMessage(chat.id, { content, ...(model ? { model } : {}), ...(attachments.length > 0 ? { attachments } : {}) }, listener, signal),
        });
      } catch (error) {
        // The chat exists now: open it with the prompt back in the box and the reason in words.
        state = { sendError: error instanceof Error ? error.message : String(error), draft: content };
      }
      return { chatId: chat.id, state };
    },
    onSuccess: async ({ chatId, state }) => {
      await refreshChats(queryClient, chatId);
      await navigate(`/c/${chatId}`, { state });
    },
  });

  const firstName = me.data?.user.name.split(' ')[0] ?? '';
  return (
    <>
      <ChatHeader title="New Chat">
        <ModelPicker choice={modelChoice} />
      </ChatHeader>
      <main className="flex min-h-0 flex-1 flex-col items-center justify-center gap-6 px-4 pb-[12vh]">
        <h2 className="text-center text-2xl font-semibold tracking-tight sm:text-3xl">
          {firstName ? `Hello, ${firstName}. What shall we talk about?` : 'What shall we talk about?'}
        </h2>
        <div className="w-full max-w-3xl">
          <Composer onSend={(content, attachments) => start.mutateAsync({ content, attachments })} pending={start.isPending} autoFocus />
          <div className="px-4">
            <ErrorText error={start.error} prefix="Could not start the chat" />
          </div>
        </div>
      </main>
    </>
  );
}
