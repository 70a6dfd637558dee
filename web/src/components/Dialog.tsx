import { useEffect, useId, useRef, type ReactNode } from 'react';
import { CloseIcon } from './icons';
import { iconBtn } from './ui';

const widths = { sm: 'max-w-md', md: 'max-w-xl', lg: 'max-w-3xl' } as const;

/**
 * A modal dialog on the native <dialog>: the browser traps focus, closes it on Escape and gives
 * it the dialog role; its accessible name is the title.
 */
export function Dialog({
  title,
  onClose,
  children,
  size = 'md',
  hideTitle = false,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  size?: keyof typeof widths;
  hideTitle?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onClick={(event) => {
        // A click on the backdrop lands on the <dialog> itself; clicks inside land on its content.
        if (event.target === event.currentTarget) onClose();
      }}
      className={`m-auto w-[calc(100%-2rem)] ${widths[size]} rounded-2xl bg-white p-0 text-zinc-900 shadow-2xl ring-1 ring-zinc-200 backdrop:bg-zinc-950/50 backdrop:backdrop-blur-[2px] dark:bg-zinc-900 dark:text-zinc-100 dark:ring-zinc-800`}
    >
      <div className="flex max-h-[85vh] flex-col">
        <div className={`flex items-center justify-between gap-4 px-5 pt-4 ${hideTitle ? 'pb-0' : 'pb-3'}`}>
          <h2 id={titleId} className={hideTitle ? 'sr-only' : 'text-lg font-semibold'}>
            {title}
          </h2>
          {!hideTitle && (
            <button type="button" className={iconBtn} onClick={onClose} aria-label="Close">
              <CloseIcon />
            </button>
          )}
        </div>
        <div className="min-h-0 flex-1 overflow-y-auto px-5 pb-5">{children}</div>
      </div>
    </dialog>
  );
}
