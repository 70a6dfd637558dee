import { useEffect, useState } from 'react';
import { copyText } from '../lib/clipboard';
import { CheckIcon, CopyIcon } from './icons';
import { iconBtn } from './ui';

const SHOWN_MS = 2000;

/**
 * Copy: puts a message's text (its Markdown, as written) on the clipboard, and says so in words
 * beside the button for a moment, "Copied" or "Copy failed", for eyes and screen readers alike.
 */
export function CopyButton({ text }: { text: string }) {
  const [result, setResult] = useState<'Copied' | 'Copy failed' | null>(null);

  useEffect(() => {
    if (result === null) return;
    const timer = setTimeout(() => setResult(null), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [result]);

  return (
    <span className="inline-flex items-center">
      <button
        type="button"
        className={iconBtn}
        aria-label="Copy"
        title="Copy"
        onClick={() => {
          copyText(text).then(
            () => setResult('Copied'),
            () => setResult('Copy failed'),
          );
        }}
      >
        {result === 'Copied' ? <CheckIcon width={16} height={16} /> : <CopyIcon width={16} height={16} />}
      </button>
      <span role="status" className="text-xs text-zinc-600 dark:text-zinc-300">
        {result}
      </span>
    </span>
  );
}
