import { createContext, use, useContext, useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import { markdownRenderer } from '../lib/markdown';
import type { ReplyEnding } from '../lib/replies';
import type { Message } from '../types';
import { ChevronLeftIcon, ChevronRightIcon } from './icons';
import { MessageAttachments } from './MessageAttachments';

/**
 * A message's content as the share page shows it: Markdown, code and math through the one renderer,
 * whose output is safe HTML. A streaming reply re-renders on every chunk, so the HTML is remade only
 * when the content changes; the code blocks' Copy buttons work through one handler (copy-code.ts).
 * Suspends until the renderer has loaded: put a <Suspense> around the thread.
 */
export function MessageContent({ content }: { content: string }) {
  const { renderMarkdown } = use(markdownRenderer);
  const html = useMemo(() => renderMarkdown(content), [renderMarkdown, content]);
  return <div className="prose min-w-0" dangerouslySetInnerHTML={{ __html: html }} />;
}

/** The element a long thread scrolls in: deferred messages render once they come near its view. */
export const ThreadScroller = createContext<RefObject<HTMLElement | null> | null>(null);

/**
 * True while the thread's versions cannot be switched (a reply is being written, or a switch is
 * under way). A context, so that a reply starting re-renders the ‹ › buttons, not every message.
 */
export const SwitchingVersions = createContext(false);

/** How far outside the thread's view a deferred message starts rendering its Markdown. */
const NEAR = '1200px 0px';

/**
 * A message's content, rendered as Markdown once it comes near the view (ThreadScroller) and as
 * its plain text until then: a chat of a thousand messages opens at its end without first
 * rendering every Markdown, code block and formula above it. The text is on the page all along,
 * so find-in-page and screen readers still reach it.
 */
function DeferredContent({ content }: { content: string }) {
  const scroller = useContext(ThreadScroller);
  const [near, setNear] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (near || !element || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) setNear(true);
    }, { root: scroller?.current ?? null, rootMargin: NEAR });
    observer.observe(element);
    return () => observer.disconnect();
  }, [near, scroller]);
  if (near) return <MessageContent content={content} />;
  return (
    <div ref={ref} className="prose min-w-0 whitespace-pre-wrap">
      {content}
    </div>
  );
}

/** ‹ 2/3 ›: which version of this message is shown, and a way to the others. */
function VersionSwitcher({
  index,
  count,
  onSwitch,
  disabled,
}: {
  index: number;
  count: number;
  onSwitch: (index: number) => void;
  disabled: boolean;
}) {
  const switching = useContext(SwitchingVersions);
  disabled ||= switching;
  return (
    <div className="flex items-center gap-0.5 text-xs text-zinc-500 tabular-nums dark:text-zinc-400" role="group" aria-label="Versions">
      <button
        type="button"
        aria-label="Previous version"
        disabled={disabled || index === 0}
        onClick={() => onSwitch(index - 1)}
        className="rounded p-0.5 hover:bg-zinc-200 disabled:opacity-30 dark:hover:bg-zinc-800"
      >
        <ChevronLeftIcon width={16} height={16} />
      </button>
      <span aria-live="polite">
        {index + 1}/{count}
      </span>
      <button
        type="button"
        aria-label="Next version"
        disabled={disabled || index === count - 1}
        onClick={() => onSwitch(index + 1)}
        className="rounded p-0.5 hover:bg-zinc-200 disabled:opacity-30 dark:hover:bg-zinc-800"
      >
        <ChevronRightIcon width={16} height={16} />
      </button>
    </div>
  );
}

/** After a reload the API says only "failed", whether the model failed or the user stopped it. */
const FAILED: ReplyEnding = { kind: 'failed', text: 'This reply failed before it was complete.' };

/** How a reply ended early: a stop the user asked for is a calm note, a failure an error. */
function EndingNote({ ending }: { ending: ReplyEnding | undefined }) {
  if (!ending) return null;
  switch (ending.kind) {
    case 'stopped':
      return <p className="mt-2 text-sm text-zinc-600 italic dark:text-zinc-400">{ending.text}</p>;
    case 'failed':
      return <p className="mt-2 text-sm text-red-700 dark:text-red-400">{ending.text}</p>;
  }
}

/** Off screen, a deferred message is neither laid out nor painted; its last size is kept. */
const offscreen = ' [content-visibility:auto] [contain-intrinsic-size:auto_160px]';

/** One message of the thread: the user's on the right, the model's on the left with its name. */
export function MessageView({
  message,
  siblings,
  onSwitch,
  switching = false,
  actions,
  editor,
  ending,
  deferred = false,
}: {
  message: Message;
  siblings: Message[];
  onSwitch: (sibling: Message) => void;
  /** The ‹ › buttons are disabled (also while SwitchingVersions says so). */
  switching?: boolean;
  /** Buttons under the message (Edit, Regenerate). */
  actions?: ReactNode;
  /** Shown instead of the message while it is being edited. */
  editor?: ReactNode;
  /** How a reply ended early in this visit; a failed reply without it gets a general sentence. */
  ending?: ReplyEnding;
  /** Far from the end of a long thread: its Markdown waits until it comes near the view. */
  deferred?: boolean;
}) {
  const content = deferred ? <DeferredContent content={message.content} /> : <MessageContent content={message.content} />;
  const index = siblings.findIndex((s) => s.id === message.id);
  const switcher =
    siblings.length > 1 ? (
      <VersionSwitcher
        index={index}
        count={siblings.length}
        disabled={switching}
        onSwitch={(i) => {
          const target = siblings[i];
          if (target) onSwitch(target);
        }}
      />
    ) : null;

  const toolbar =
    switcher || actions ? (
      <div className="flex items-center gap-1">
        {switcher}
        {actions}
      </div>
    ) : null;

  if (message.role === 'user') {
    return (
      <article aria-label="Your message" className={`flex flex-col items-end gap-1${deferred ? offscreen : ''}`}>
        {!editor && <MessageAttachments attachments={message.attachments} align="end" />}
        {editor ?? (
          <div className="max-w-[85%] rounded-3xl bg-zinc-100 px-4 py-2.5 text-[15px] leading-7 dark:bg-zinc-800">
            {content}
          </div>
        )}
        {!editor && toolbar}
      </article>
    );
  }

  const author = message.role === 'system' ? 'System' : (message.model ?? 'Assistant');
  return (
    <article aria-label={message.role === 'system' ? 'System message' : 'Assistant message'} className={`flex gap-3${deferred ? offscreen : ''}`}>
      <span
        aria-hidden="true"
        className="mt-0.5 inline-flex size-7 shrink-0 items-center justify-center rounded-full bg-zinc-900 text-[11px] font-semibold text-white dark:bg-zinc-100 dark:text-zinc-900"
      >
        {author.slice(0, 1).toUpperCase()}
      </span>
      <div className="min-w-0 flex-1">
        <div className="mb-1 text-sm font-medium text-zinc-600 dark:text-zinc-300">{author}</div>
        <div className="text-[15px] leading-7">{content}</div>
        <MessageAttachments attachments={message.attachments} />
        {message.status === 'streaming' && message.content === '' && (
          <p role="status" className="animate-pulse text-sm text-zinc-500 dark:text-zinc-400">
            Thinking…
          </p>
        )}
        <EndingNote ending={ending ?? (message.status === 'failed' ? FAILED : undefined)} />
        {toolbar && <div className="mt-1">{toolbar}</div>}
      </div>
    </article>
  );
}
