import { useState, type ReactNode } from 'react';
import type { Chat, ShareInput } from '../../types';
import { LinkIcon } from '../icons';
import { btnPrimary } from '../ui';
import { newLinkSettings, settingsPatch } from './settings';
import { ShareFooter } from './ShareFooter';
import { ShareSettingsFields } from './ShareSettingsFields';
import { SnapshotChoice, useSnapshotChoice } from './SnapshotChoice';

/** A chat with no link yet (S6, S19): the preview and which messages, the link's settings, then Copy Link. */
export function NewShare({
  chat,
  publicLinks,
  onCreate,
  actions,
  notices,
  pending,
}: {
  chat: Chat;
  publicLinks: boolean;
  onCreate: (input: ShareInput) => void;
  /** Buttons beside Copy Link (Share to Community). */
  actions: ReactNode;
  notices: ReactNode;
  pending: boolean;
}) {
  const [settings, setSettings] = useState(() => newLinkSettings(chat.title));
  const snapshot = useSnapshotChoice(chat, false);

  return (
    <>
      <p className="text-sm text-zinc-600 dark:text-zinc-300">
        Messages you send after creating your link won&apos;t be shared. Anyone with the link and access can read the chat as it is now.
      </p>
      <SnapshotChoice snapshot={snapshot} />
      <ShareSettingsFields value={settings} onChange={setSettings} publicLinks={publicLinks} />
      <ShareFooter notices={notices}>
        {actions}
        <button
          type="button"
          className={btnPrimary}
          disabled={pending || settings.title.trim() === '' || snapshot.empty}
          onClick={() => onCreate({ ...settingsPatch(settings), ...snapshot.input })}
        >
          <LinkIcon width={16} height={16} />
          Copy Link
        </button>
      </ShareFooter>
    </>
  );
}
