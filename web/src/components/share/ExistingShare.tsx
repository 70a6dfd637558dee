import { useId, useState, type ReactNode } from 'react';
import { formatDateTime } from '../../lib/format';
import type { Chat, Share, ShareInput } from '../../types';
import { LinkIcon } from '../icons';
import { btnPrimary } from '../ui';
import { LinkSettings } from './LinkSettings';
import { linkSettings, settingsPatch } from './settings';
import { ShareFooter } from './ShareFooter';
import { ShareLink } from './ShareLink';
import { SnapshotChoice, useSnapshotChoice } from './SnapshotChoice';

/**
 * A chat's link (S19): the link itself, its settings, and "Update and Copy Link" with what an
 * update would share. "You have shared this chat before" only when the dialog opened on it, not
 * right after it was made here.
 */
export function ExistingShare({
  share,
  chat,
  openedShared,
  publicLinks,
  onUpdate,
  onDelete,
  onSaved,
  actions,
  notices,
  pending,
}: {
  share: Share;
  chat: Chat;
  openedShared: boolean;
  publicLinks: boolean;
  onUpdate: (input: ShareInput) => void;
  onDelete: () => void;
  onSaved: (share: Share) => Promise<void>;
  actions: ReactNode;
  notices: ReactNode;
  pending: boolean;
}) {
  const [settings, setSettings] = useState(() => linkSettings(share));
  // The form starts again from the link each time it is saved or updated.
  const [settingsOf, setSettingsOf] = useState(share.updatedAt);
  if (settingsOf !== share.updatedAt) {
    setSettingsOf(share.updatedAt);
    setSettings(linkSettings(share));
  }
  const snapshot = useSnapshotChoice(chat, share.includeHistory);
  const updateHeading = useId();

  return (
    <>
      {openedShared ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-300">
          You have shared this chat{' '}
          <a href={share.url} target="_blank" rel="noreferrer" className="font-medium underline">
            before
          </a>{' '}
          (last updated {formatDateTime(share.updatedAt)}). Messages sent since then are not in the link until you update it. To stop
          sharing,{' '}
          <button type="button" onClick={onDelete} disabled={pending} className="font-medium text-red-600 underline dark:text-red-400">
            delete this link
          </button>
          .
        </p>
      ) : (
        <p className="text-sm text-zinc-600 dark:text-zinc-300">
          Your link is ready. Messages you send from now on are not in it until you update it. To stop sharing,{' '}
          <button type="button" onClick={onDelete} disabled={pending} className="font-medium text-red-600 underline dark:text-red-400">
            delete this link
          </button>
          .
        </p>
      )}
      <ShareLink url={share.url} />
      <LinkSettings share={share} value={settings} onChange={setSettings} publicLinks={publicLinks} onSaved={onSaved} />
      <section aria-labelledby={updateHeading} className="space-y-3">
        <h3 id={updateHeading} className="text-sm font-semibold">
          What “Update and Copy Link” shares
        </h3>
        <SnapshotChoice snapshot={snapshot} />
      </section>
      <ShareFooter notices={notices}>
        {actions}
        <button
          type="button"
          className={btnPrimary}
          disabled={pending || settings.title.trim() === '' || snapshot.empty}
          onClick={() => onUpdate({ ...settingsPatch(settings, share), ...snapshot.input })}
        >
          <LinkIcon width={16} height={16} />
          Update and Copy Link
        </button>
      </ShareFooter>
    </>
  );
}
