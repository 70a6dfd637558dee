import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, memo, Suspense, useCallback, useContext, useLayoutEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link, useLocation, useParams } from 'react-router';
import { childrenIndex, latestLeafFrom, threadTo } from '../../../common/tree';
import { api, ApiError, regenerateReply, sendMessage } from '../api';
import { ChatHeader } from '../components/ChatHeader';
import { CopyButton } from '../components/CopyButton';
import { Composer } from '../components/Composer';
import { EditPrompt } from '../components/EditPrompt';
import { ErrorText } from '../components/ErrorText';
import { ArrowDownIcon, PenIcon, RegenerateIcon, ShareIcon } from '../components/icons';
import { MessageView, SwitchingVersions, ThreadScroller } from '../components/MessageView';
import { ModelPicker } from '../components/ModelPicker';
import { btnGhost, btnSecondary, iconBtn } from '../components/ui';
import { useUpdateChat } from '../lib/chats';
import { onCopyCodeClick } from '../lib/copy-code';
import { titleFromPrompt } from '../lib/format';
import { useLayout } from '../lib/layout';
import { threadModel, useModelChoice } from '../lib/models';
import { startReply, useLiveReply, useReplyEnding } from '../lib/replies';
import { useFollowLatest } from '../lib/useFollowLatest';
import type { Chat, Message } from '../types';

/** What the new-chat screen hands over when the chat was made but its first prompt failed. */
export interface ChatPageState {
  sendError?: string;
  draft?: string;
}

/**
 * A chat: its current thread with ‹ › between versions, replies streaming in as they are
 * written, Edit on prompts and Regenerate on replies, the Model picker, and the composer.
 */
export function ChatPage() {
  const { chatId = '' } = useParams();
  const location = useLocation();
  const handedOver = (location.state ?? {}) as ChatPageState;
  const { canShare, openShare } = useLayout();
  const queryClient = useQueryClient();
  const chat = useQuery({ queryKey: ['chat', chatId], queryFn: () => api.getChat(chatId) });
  const liveReply = useLiveReply(chatId);
  const [editing, setEditing] = useState<string | null>(null);
  const scrollerRef = useRef<HTMLElement>(null);
  const threadRef = useRef<HTMLDivElement>(null);
  const { following, jumpToLatest } = useFollowLatest(scrollerRef, threadRef, chatId);

  const messages = chat.data?.chat.messages ?? [];
  const thread = threadTo(messages, chat.data?.chat.currentMessageId ?? null);
  const versions = useMemo(() => childrenIndex(messages), [messages]);
  const modelChoice = useModelChoice(chatId, threadModel(thread));
  const model = modelChoice.model;

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

  // A new prompt under `parentId` (undefined: after the current message), its reply streamed.
  const send = useMutation({
    mutationFn: ({ content, parentId, attachments = [] }: { content: string; parentId?: string | null; attachments?: string[] }) =>
      startReply(queryClient, chatId, {
        prompt: { content, parentId: parentId === undefined ? (chat.data?.chat.currentMessageId ?? null) : parentId },
        start: (listener, signal) =>
          sendMessage(
            chatId,
            { content, ...(parentId === undefined ? {} : { parentId }), ...(model ? { model } : {}), ...(attachments.length > 0 ? { attachments } : {}) },
            listener,
            signal,
          ),
      }),
  });

  const retitle = useUpdateChat();

  const regenerate = useMutation({
    mutationFn: (reply: Message) =>
      startReply(queryClient, chatId, {
        besideReplyId: reply.id,
        start: (listener, signal) => regenerateReply(chatId, reply.id, model ? { model } : {}, listener, signal),
      }),
  });

  // Stable across renders, so that a reply streaming in re-renders only its own message.
  const onSwitch = useStableCallback((sibling: Message) => switchVersion.mutate(latestLeafFrom(messages, sibling.id)));
  const onEdit = useStableCallback((id: string) => setEditing(id));
  const onRegenerate = useStableCallback((reply: Message) => regenerate.mutate(reply));

  const busy = liveReply !== undefined;
  const regenerating = regenerate.isPending;
  const activity = useMemo(() => ({ busy, regenerating }), [busy, regenerating]);

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

  const sendError = send.error ?? (handedOver.sendError && !send.isSuccess ? new Error(handedOver.sendError) : null);

  return (
    <>
      <ChatHeader title={chat.data?.chat.title ?? ''}>
        <ModelPicker choice={modelChoice} />
        {canShare && chat.data && (
          <button type="button" className={btnGhost} onClick={() => openShare(chatId)}>
            <ShareIcon />
            {/* An icon on a phone, where the bar is the title's first. */}
            <span className="max-sm:sr-only">Share</span>
          </button>
        )}
      </ChatHeader>
      <div className="relative flex min-h-0 flex-1 flex-col">
        <ThreadScroller value={scrollerRef}>
        <main ref={scrollerRef} className="min-h-0 flex-1 overflow-y-auto" aria-busy={chat.isPending} onClick={onCopyCodeClick}>
          <div ref={threadRef} className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-4 py-6">
            {chat.data?.chat.archived && (
              <p className="rounded-xl bg-amber-50 px-4 py-2 text-sm text-amber-800 dark:bg-amber-950/40 dark:text-amber-200">
                This chat is archived. It stays out of the sidebar; find it in Settings → Data → Archived Chats.
              </p>
            )}
            {chat.isSuccess && thread.length === 0 && (
              <p className="py-16 text-center text-zinc-500 dark:text-zinc-400">No messages yet. Send one below.</p>
            )}
            <SwitchingVersions value={switchVersion.isPending || busy}>
            <ReplyActivity value={activity}>
            <Suspense fallback={null}>
              {thread.map((message, i) => (
                <ThreadMessage
                  key={message.id}
                  message={message}
                  siblings={versions.get(message.parentId) ?? [message]}
                  onSwitch={onSwitch}
                  onEdit={onEdit}
                  onRegenerate={onRegenerate}
                  deferred={i < thread.length - EAGER}
                  editor={
                    editing === message.id ? (
                      <EditPrompt
                        initialText={message.content}
                        onCancel={() => setEditing(null)}
                        onSubmit={async (content) => {
                          const title = chat.data?.chat.title;
                          await send.mutateAsync({ content, parentId: message.parentId });
                          setEditing(null);
                          // The title was made from the first prompt and follows it, unless the user renamed the chat.
                          if (message.parentId === null && title === titleFromPrompt(message.content)) {
                            retitle.mutate({ id: chatId, patch: { title: titleFromPrompt(content) } });
                          }
                        }}
                      />
                    ) : undefined
                  }
                />
              ))}
            </Suspense>
            </ReplyActivity>
            </SwitchingVersions>
            <ErrorText error={switchVersion.error} prefix="Could not switch versions" />
            <ErrorText error={regenerate.error} prefix="Could not regenerate the reply" />
            <ErrorText error={sendError} prefix="Your message was not sent" />
          </div>
        </main>
        </ThreadScroller>
        {!following && <JumpToLatest onClick={jumpToLatest} />}
      </div>
      <Composer
        key={chatId}
        onSend={(content, attachments) => {
          // A new prompt and its reply are what the sender wants to see, wherever they had scrolled.
          jumpToLatest();
          return send.mutateAsync({ content, attachments });
        }}
        pending={send.isPending}
        initialText={handedOver.draft}
        autoFocus
        onStop={liveReply?.stop}
        stopping={liveReply?.stopping}
      />
    </>
  );
}

/**
 * How many of the latest messages render their Markdown at once; those above render it as they
 * come near the view, so that a long chat opens at its end quickly.
 */
const EAGER = 30;

/** A function of the same identity on every render that calls the latest `fn`. */
function useStableCallback<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  const latest = useRef(fn);
  useLayoutEffect(() => {
    latest.current = fn;
  });
  return useCallback((...args: A) => latest.current(...args), []);
}

/**
 * Whether a reply is being written in the chat (no Edit or Regenerate meanwhile) and whether a
 * regeneration is being asked for. A context, so that a reply starting or ending re-renders the
 * buttons under each message rather than every message of a long thread.
 */
interface Activity {
  busy: boolean;
  regenerating: boolean;
}
const ReplyActivity = createContext<Activity>({ busy: false, regenerating: false });

type ThreadMessageProps = Omit<Parameters<typeof MessageView>[0], 'ending' | 'actions' | 'switching'> & {
  onEdit: (id: string) => void;
  onRegenerate: (reply: Message) => void;
};

/** The same versions: the parent's children are remade whenever any message changes. */
function sameProps(before: ThreadMessageProps, after: ThreadMessageProps): boolean {
  for (const key of Object.keys(after) as (keyof ThreadMessageProps)[]) {
    if (key === 'siblings') {
      if (before.siblings.length !== after.siblings.length || before.siblings.some((s, i) => s !== after.siblings[i])) return false;
    } else if (before[key] !== after[key]) return false;
  }
  return true;
}

/**
 * A message with its buttons and, for a reply that ended early in this visit, how it ended.
 * Memoized: while a reply streams in, the other messages of a long chat are not rendered again.
 */
const ThreadMessage = memo(function ThreadMessage({ onEdit, onRegenerate, ...props }: ThreadMessageProps) {
  const ending = useReplyEnding(props.message.id);
  const { message } = props;
  const actions = message.status === 'streaming' ? undefined : <MessageActions message={message} onEdit={onEdit} onRegenerate={onRegenerate} />;
  return <MessageView {...props} ending={ending} actions={actions} />;
}, sameProps);

/** Copy on every message; Edit on prompts and Regenerate on replies once no reply is being written. */
function MessageActions({
  message,
  onEdit,
  onRegenerate,
}: {
  message: Message;
  onEdit: (id: string) => void;
  onRegenerate: (reply: Message) => void;
}): ReactNode {
  const { busy, regenerating } = useContext(ReplyActivity);
  const copy = <CopyButton text={message.content} />;
  if (busy) return copy;
  switch (message.role) {
    case 'user':
      return (
        <>
          {copy}
          <button type="button" className={iconBtn} aria-label="Edit" title="Edit" onClick={() => onEdit(message.id)}>
            <PenIcon width={16} height={16} />
          </button>
        </>
      );
    case 'assistant':
      return (
        <>
          {copy}
          <button type="button" className={iconBtn} aria-label="Regenerate" title="Regenerate" disabled={regenerating} onClick={() => onRegenerate(message)}>
            <RegenerateIcon width={16} height={16} />
          </button>
        </>
      );
    case 'system':
      return copy;
  }
}

/** Shown while the reader is scrolled up from the latest message; a reply may be growing below. */
function JumpToLatest({ onClick }: { onClick: () => void }) {
  return (
    <button
      type="button"
      onClick={onClick}
      className="absolute bottom-3 left-1/2 inline-flex -translate-x-1/2 items-center gap-1.5 rounded-full bg-white px-3.5 py-2 text-sm font-medium text-zinc-900 shadow-lg ring-1 ring-zinc-200 outline-none hover:bg-zinc-50 focus-visible:ring-2 focus-visible:ring-zinc-400 dark:bg-zinc-800 dark:text-zinc-100 dark:ring-zinc-700 dark:hover:bg-zinc-700"
    >
      <ArrowDownIcon width={16} height={16} />
      Jump to latest
    </button>
  );
}
