import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { importChats } from '../api';
import { refreshChats } from '../lib/chats';
import { ErrorText } from './ErrorText';
import { btnSecondary } from './ui';

/** What an import did, in words: chats already here (imported before) are not added again. */
function importedText(imported: number, skipped: number): string {
  const chats = (n: number) => `${n} ${n === 1 ? 'chat' : 'chats'}`;
  const done = `Imported ${chats(imported)}.`;
  return skipped === 0 ? done : `${done} ${chats(skipped)} ${skipped === 1 ? 'was' : 'were'} here already and ${skipped === 1 ? 'was' : 'were'} left as ${skipped === 1 ? 'it was' : 'they were'}.`;
}

/**
 * Settings → Data → Import chats: a ChatGPT `conversations.json` or an Open WebUI export, uploaded
 * with a progress bar; the server checks it and imports all of its chats or none.
 */
export function ImportChats() {
  const queryClient = useQueryClient();
  const inputId = useId();
  const [progress, setProgress] = useState<number | null>(null);
  const upload = useMutation({
    mutationFn: (file: File) => importChats(file, setProgress),
    onMutate: () => setProgress(0),
    onSuccess: async () => {
      setProgress(1);
      await refreshChats(queryClient);
    },
  });
  const percent = progress === null ? 0 : Math.round(progress * 100);

  return (
    <div className="space-y-2 py-3">
      <div className="flex items-center justify-between gap-4">
        <div>
          <div className="text-sm font-medium">Import Chats</div>
          <div className="text-xs text-zinc-500 dark:text-zinc-400">A ChatGPT conversations.json, or an Open WebUI export (JSON).</div>
        </div>
        <label
          htmlFor={inputId}
          className={`${btnSecondary} cursor-pointer has-[:disabled]:cursor-not-allowed has-[:disabled]:opacity-50 has-[:focus-visible]:ring-2`}
        >
          Import chats
          <input
            id={inputId}
            type="file"
            accept=".json,application/json"
            className="sr-only"
            disabled={upload.isPending}
            onChange={(event) => {
              const file = event.target.files?.[0];
              // The same file can be chosen again after a failure.
              event.target.value = '';
              if (file) upload.mutate(file);
            }}
          />
        </label>
      </div>
      {progress !== null && (
        <div className="flex items-center gap-3">
          <div
            role="progressbar"
            aria-label="Upload progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            className="h-1.5 flex-1 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
          >
            <div className="h-full rounded-full bg-emerald-600 transition-[width]" style={{ width: `${percent}%` }} />
          </div>
          <span className="w-10 text-right text-xs text-zinc-500 tabular-nums dark:text-zinc-400">{percent}%</span>
        </div>
      )}
      <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
        {upload.isPending && (percent < 100 ? 'Uploading…' : 'Importing…')}
        {upload.data && importedText(upload.data.imported, upload.data.skipped)}
      </p>
      <ErrorText error={upload.error} prefix="Nothing was imported" />
    </div>
  );
}
