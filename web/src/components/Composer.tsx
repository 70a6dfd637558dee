import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { ArrowUpIcon, StopIcon } from './icons';

const roundButton =
  'inline-flex size-9 shrink-0 items-center justify-center rounded-full bg-zinc-900 text-white transition-colors outline-none hover:bg-zinc-700 focus-visible:ring-2 focus-visible:ring-zinc-400 disabled:bg-zinc-300 disabled:text-zinc-500 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-white dark:disabled:bg-zinc-700 dark:disabled:text-zinc-400';

/**
 * The prompt box: Enter sends, Shift+Enter starts a new line; it grows with its text. While a
 * reply is being written, its button stops the reply instead ("Stop generating").
 */
export function Composer({
  onSend,
  pending,
  initialText = '',
  autoFocus = false,
  onStop,
  stopping = false,
}: {
  onSend: (content: string) => Promise<unknown>;
  pending: boolean;
  initialText?: string;
  autoFocus?: boolean;
  /** Set while a reply is being written. */
  onStop?: () => void;
  stopping?: boolean;
}) {
  const [text, setText] = useState(initialText);
  const ref = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const area = ref.current;
    if (!area) return;
    area.style.height = 'auto';
    area.style.height = `${Math.min(area.scrollHeight, 240)}px`;
  }, [text]);

  const send = async () => {
    const content = text.trim();
    if (!content || pending || onStop) return;
    setText('');
    try {
      await onSend(content);
    } catch {
      // The caller shows the error in words; the prompt comes back so that nothing is lost.
      setText(content);
    }
  };

  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    void send();
  };

  return (
    <form onSubmit={onSubmit} className="mx-auto w-full max-w-3xl px-3 pb-3 sm:px-4 sm:pb-4">
      <div className="flex items-end gap-2 rounded-3xl bg-zinc-100 p-2 pl-4 ring-1 ring-zinc-200 focus-within:ring-zinc-400 dark:bg-zinc-900 dark:ring-zinc-800 dark:focus-within:ring-zinc-600">
        <textarea
          ref={ref}
          aria-label="Message"
          placeholder="Send a message"
          rows={1}
          value={text}
          autoFocus={autoFocus}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
              event.preventDefault();
              void send();
            }
          }}
          className="max-h-60 min-h-10 flex-1 resize-none bg-transparent py-2 text-[15px] leading-6 outline-none placeholder:text-zinc-500"
        />
        {onStop ? (
          <button type="button" aria-label="Stop generating" title="Stop generating" disabled={stopping} onClick={onStop} className={roundButton}>
            <StopIcon />
          </button>
        ) : (
          <button type="submit" aria-label="Send message" disabled={pending || text.trim() === ''} className={roundButton}>
            <ArrowUpIcon />
          </button>
        )}
      </div>
      <p className="mt-2 text-center text-xs text-zinc-500 dark:text-zinc-400">Models can make mistakes. Check what matters.</p>
    </form>
  );
}
