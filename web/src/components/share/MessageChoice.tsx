import { useId, useState } from 'react';
import type { Message } from '../../types';
import { field } from '../ui';
import { disclosureButton } from './ui';
import { messageLabel, type MessageChoiceValue, sharedMessages, upToChosen } from './messages';

/**
 * "Choose messages": share up to a chosen message, and leave chosen messages out (S3). Folded
 * away until asked for, as most links share the whole thread; the preview shows the result.
 */
export function MessageChoice({
  thread,
  value,
  onChange,
}: {
  thread: readonly Message[];
  value: MessageChoiceValue;
  onChange: (next: MessageChoiceValue) => void;
}) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const shared = sharedMessages(thread, value).length;
  if (thread.length === 0) return null;
  const toggle = (id: string, share: boolean) => {
    const leftOut = new Set(value.leftOut);
    if (share) leftOut.delete(id);
    else leftOut.add(id);
    onChange({ ...value, leftOut });
  };
  return (
    <div className="text-sm">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
        className={disclosureButton}
      >
        Choose messages
      </button>{' '}
      <span className="text-zinc-600 dark:text-zinc-400">
        ({shared} of {thread.length} shared)
      </span>
      {open && (
        <div id={panelId} className="mt-2 space-y-2 rounded-xl p-3 ring-1 ring-zinc-200 dark:ring-zinc-800">
          <label className="block font-medium">
            Share up to
            <select
              className={`${field} mt-1`}
              value={value.upTo ?? ''}
              onChange={(e) => onChange({ ...value, upTo: e.target.value === '' ? null : e.target.value })}
            >
              <option value="">The last message</option>
              {thread.slice(0, -1).map((message, index) => (
                <option key={message.id} value={message.id}>
                  {messageLabel(message, index)}
                </option>
              ))}
            </select>
          </label>
          <fieldset>
            <legend className="mb-1 font-medium">Messages to share</legend>
            <ul className="space-y-1">
              {upToChosen(thread, value).map((message, index) => (
                <li key={message.id}>
                  <label className="flex items-start gap-2">
                    <input
                      type="checkbox"
                      className="mt-1"
                      checked={!value.leftOut.has(message.id)}
                      onChange={(e) => toggle(message.id, e.target.checked)}
                    />
                    <span className="min-w-0 break-words">{messageLabel(message, index)}</span>
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        </div>
      )}
    </div>
  );
}
