import { ErrorText } from '../../components/ErrorText';
import { btnPrimary } from '../../components/ui';

/** The Save button of a settings form, with the outcome in words. */
export function SaveBar({ pending, saved, error }: { pending: boolean; saved: boolean; error: Error | null }) {
  return (
    <div className="space-y-3 pt-4">
      <ErrorText error={error} prefix="Settings were not saved" />
      <div className="flex items-center justify-end gap-3">
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          {saved ? 'Settings saved.' : ''}
        </p>
        <button type="submit" className={btnPrimary} disabled={pending}>
          {pending ? 'Saving…' : 'Save'}
        </button>
      </div>
    </div>
  );
}
