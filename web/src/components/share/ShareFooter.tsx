import type { ReactNode } from 'react';

/**
 * The dialog's buttons, and what they did: kept in sight at the bottom of the dialog however
 * long the preview and the settings above them are (Copy Link without scrolling, on a phone too).
 */
export function ShareFooter({ notices, children }: { notices: ReactNode; children: ReactNode }) {
  return (
    <div className="sticky -bottom-5 z-10 -mx-5 -mb-5 space-y-2 border-t border-zinc-200 bg-white px-5 py-3 dark:border-zinc-800 dark:bg-zinc-900">
      {notices}
      <div className="flex flex-wrap justify-end gap-2">{children}</div>
    </div>
  );
}
