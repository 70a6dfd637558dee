import { useEffect, useRef, useState, type SyntheticEvent } from 'react';
import { PendingFiles, usePendingFiles } from './ComposerFiles';
import { ArrowUpIcon, PlusIcon, StopIcon } from './icons';

const roundButton =
  'inline-flex size-9 shrink-0 items-center justify-center rounded-full bg-zinc-900 text-white transition-colors outline-none hover:bg-zinc-700 focus-visible:ring-2 focus-visible:ring-zinc-400 disabled:bg-zinc-300 disabled:text-zinc-500 dark:bg-zinc-100 dark:text-zinc-900 dark:hover:bg-white dark:disabled:bg-zinc-700 dark:disabled:text-zinc-400';

/**
 * The prompt box: Enter sends, Shift+Enter starts a new line; it grows with its text. While a
 * reply is being written, its button stops the reply instead ("Stop generating"). Files and images
 * are attached by picking, dropping or pasting them (a screenshot from the clipboard).
 */
export function Composer({
  onSend,
  pending,
  initialText = '',
  autoFocus = false,
  onStop,
  stopping = false,
}: {
  /** `attachments`: the ids of the files uploaded for this message. */
  onSend: (content: string, attachments: string[]) => Promise<unknown>;
  pending: boolean;
  initialText?: string;
  autoFocus?: boolean;
  /** Set while a reply is being written. */
  onStop?: () => void;
  stopping?: boolean;
}) {
  const [text, setText] = useState(initialText);
  const ref = useRef<HTMLTextAreaElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const attachments = usePendingFiles();
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    const area = ref.current;
    if (!area) return;
    area.style.height = 'auto';
    area.style.height = `${Math.min(area.scrollHeight, 240)}px`;
  }, [text]);

  const send = async () => {
    const content = text.trim();
    if (!content || pending || onStop || attachments.uploading) return;
    const ids = attachments.files.flatMap((f) => (f.uploaded ? [f.uploaded.id] : []));
    setText('');
    try {
      await onSend(content, ids);
      attachments.clear();
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
    <form
      onSubmit={onSubmit}
      className="mx-auto w-full max-w-3xl px-3 pb-3 sm:px-4 sm:pb-4"
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(event) => {
        if (event.dataTransfer.files.length === 0) return;
        event.preventDefault();
        setDragging(false);
        attachments.add(event.dataTransfer.files);
      }}
    >
      <div
        className={`rounded-3xl bg-zinc-100 p-2 ring-1 focus-within:ring-zinc-400 dark:bg-zinc-900 dark:focus-within:ring-zinc-600 ${dragging ? 'ring-2 ring-zinc-500' : 'ring-zinc-200 dark:ring-zinc-800'}`}
      >
        <PendingFiles files={attachments.files} onRemove={attachments.remove} />
        <div className="flex items-end gap-2">
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          aria-label="Choose files to attach"
          onChange={(event) => {
            if (event.target.files) attachments.add(event.target.files);
            event.target.value = '';
          }}
        />
        <button
          type="button"
          aria-label="Attach files"
          title="Attach files"
          onClick={() => picker.current?.click()}
          className="inline-flex size-9 shrink-0 items-center justify-center rounded-full text-zinc-600 outline-none hover:bg-zinc-200 focus-visible:ring-2 focus-visible:ring-zinc-400 dark:text-zinc-300 dark:hover:bg-zinc-800"
        >
          <PlusIcon />
        </button>
        <textarea
          ref={ref}
          aria-label="Message"
          placeholder="Send a message"
          rows={1}
          value={text}
          autoFocus={autoFocus}
          onChange={(event) => setText(event.target.value)}
          onPaste={(event) => {
            // A screenshot on the clipboard (or copied files) becomes an attachment; text pastes as text.
            if (event.clipboardData.files.length === 0) return;
            event.preventDefault();
            attachments.add(event.clipboardData.files);
          }}
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
          <button type="submit" aria-label="Send message" disabled={pending || text.trim() === '' || attachments.uploading} className={roundButton}>
            <ArrowUpIcon />
          </button>
        )}
        </div>
      </div>
      <p className="mt-2 text-center text-xs text-zinc-500 dark:text-zinc-400">Models can make mistakes. Check what matters.</p>
    </form>
  );
}
