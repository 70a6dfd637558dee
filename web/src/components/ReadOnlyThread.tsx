import { Suspense } from 'react';
import { useReadOnlyThread } from '../lib/community-hub';
import { onCopyCodeClick } from '../lib/copy-code';
import type { Message } from '../types';
import { MessageView } from './MessageView';

/**
 * A chat to read, not to write in: its thread rendered as the chat view renders it, with ‹ 2/3 ›
 * wherever `messages` holds more than one version. Switching only changes what this page shows.
 */
export function ReadOnlyThread({ messages, currentMessageId }: { messages: Message[]; currentMessageId: string | null }) {
  const { thread, siblings, switchTo } = useReadOnlyThread(messages, currentMessageId);
  if (thread.length === 0) return <p className="py-8 text-center text-sm text-zinc-500 dark:text-zinc-400">This chat has no messages.</p>;
  return (
    <div className="flex flex-col gap-6" onClick={onCopyCodeClick}>
      <Suspense fallback={<p className="text-sm text-zinc-500 dark:text-zinc-400">Loading messages…</p>}>
        {thread.map((message) => (
          <MessageView key={message.id} message={message} siblings={siblings(message)} onSwitch={switchTo} switching={false} />
        ))}
      </Suspense>
    </div>
  );
}
