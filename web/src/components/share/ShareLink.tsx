import { useState } from 'react';
import { copyText } from '../../lib/clipboard';
import { btnSecondary, field } from '../ui';

/** The link itself, to read, select or copy. */
export function ShareLink({ url }: { url: string }) {
  const [copy, setCopy] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copyLink = () => {
    copyText(url).then(
      () => setCopy('copied'),
      () => setCopy('failed'),
    );
  };
  return (
    <div className="space-y-2">
      <div className="flex items-end gap-2">
        <label className="block min-w-0 flex-1 text-sm font-medium">
          Link
          <input className={`${field} mt-1 font-mono text-xs`} readOnly value={url} onFocus={(e) => e.target.select()} />
        </label>
        <button type="button" className={btnSecondary} onClick={copyLink} aria-label={copy === 'copied' ? 'Link copied' : 'Copy the link'}>
          {copy === 'copied' ? 'Copied' : 'Copy'}
        </button>
      </div>
      {copy === 'failed' && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-300">
          The browser refused to copy. Select the link and copy it by hand.
        </p>
      )}
    </div>
  );
}
