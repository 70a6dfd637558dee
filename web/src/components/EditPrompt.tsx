import { useState, type SyntheticEvent } from 'react';
import { ErrorText } from './ErrorText';
import { btnPrimary, btnSecondary } from './ui';

/** Editing a prompt in place: "Save & Submit" sends it as a new version beside the old one. */
export function EditPrompt({
  initialText,
  onSubmit,
  onCancel,
}: {
  initialText: string;
  onSubmit: (content: string) => Promise<void>;
  onCancel: () => void;
}) {
  const [text, setText] = useState(initialText);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<Error | null>(null);

  const submit = async (event: SyntheticEvent) => {
    event.preventDefault();
    const content = text.trim();
    if (!content) return;
    setPending(true);
    setError(null);
    try {
      await onSubmit(content);
    } catch (failure) {
      setError(failure instanceof Error ? failure : new Error(String(failure)));
      setPending(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} className="w-full max-w-[85%] space-y-2 rounded-3xl bg-zinc-100 p-3 dark:bg-zinc-800">
      <textarea
        aria-label="Edit message"
        value={text}
        autoFocus
        rows={Math.min(10, Math.max(2, text.split('\n').length))}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onCancel();
        }}
        className="block w-full resize-y bg-transparent px-1 text-[15px] leading-7 outline-none"
      />
      <ErrorText error={error} prefix="Your edit was not sent" />
      <div className="flex justify-end gap-2">
        <button type="button" className={btnSecondary} onClick={onCancel} disabled={pending}>
          Cancel
        </button>
        <button type="submit" className={btnPrimary} disabled={pending || text.trim() === ''}>
          Save &amp; Submit
        </button>
      </div>
    </form>
  );
}
