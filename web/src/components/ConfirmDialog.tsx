import type { ReactNode } from 'react';
import { Dialog } from './Dialog';
import { ErrorText } from './ErrorText';
import { btnDanger, btnSecondary } from './ui';

/** Asks before something that cannot be undone; shows the API's error if the action fails. */
export function ConfirmDialog({
  title,
  children,
  confirmLabel,
  onConfirm,
  onClose,
  pending = false,
  error = null,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  onClose: () => void;
  pending?: boolean;
  error?: Error | null;
}) {
  return (
    <Dialog title={title} onClose={onClose} size="sm">
      <div className="space-y-4 text-sm">
        <div className="text-zinc-600 dark:text-zinc-300">{children}</div>
        <ErrorText error={error} />
        <div className="flex justify-end gap-2">
          <button type="button" className={btnSecondary} onClick={onClose}>
            Cancel
          </button>
          <button type="button" className={btnDanger} onClick={onConfirm} disabled={pending}>
            {confirmLabel}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
