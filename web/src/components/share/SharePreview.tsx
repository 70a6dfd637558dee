import { Suspense } from 'react';
import { onCopyCodeClick } from '../../lib/copy-code';
import type { Message } from '../../types';
import { MessageContent } from '../MessageView';

/**
 * What the link will show, rendered as the chat view and the share page render it (Markdown,
 * code, math), scrolling inside the dialog so that its buttons stay in sight.
 */
export function SharePreview({ messages }: { messages: readonly Message[] }) {
  return (
    <div
      role="region"
      aria-label="Preview"
      // Scrolls: it takes the keyboard's focus so that it can be scrolled without a mouse.
      tabIndex={0}
      onClick={onCopyCodeClick}
      className="max-h-[min(40vh,22rem)] min-h-16 space-y-4 overflow-y-auto rounded-xl bg-zinc-50 p-3 text-sm leading-6 ring-1 ring-zinc-200 outline-none focus-visible:ring-2 focus-visible:ring-zinc-400 dark:bg-zinc-950 dark:ring-zinc-800"
    >
      {messages.length === 0 && <p className="text-zinc-600 dark:text-zinc-400">No messages to share.</p>}
      <Suspense fallback={<p className="text-zinc-600 dark:text-zinc-400">Loading the preview…</p>}>
        {messages.map((message) => (
          <div key={message.id} className={message.role === 'user' ? 'flex flex-col items-end' : ''}>
            <p className="mb-1 text-xs font-semibold text-zinc-600 dark:text-zinc-400">
              {message.role === 'user' ? 'You' : message.role === 'system' ? 'System' : (message.model ?? 'Assistant')}
            </p>
            <div className={message.role === 'user' ? 'max-w-[85%] rounded-2xl bg-zinc-200/70 px-3 py-2 dark:bg-zinc-800' : 'min-w-0'}>
              <MessageContent content={message.content} />
            </div>
          </div>
        ))}
      </Suspense>
    </div>
  );
}
