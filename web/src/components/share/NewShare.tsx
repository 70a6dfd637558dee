import { useState, type ReactNode } from 'react';
import { threadTo } from '../../../../common/tree';
import type { Chat, ShareInput } from '../../types';
import { LinkIcon } from '../icons';
import { btnPrimary } from '../ui';
import { newLinkSettings, settingsPatch } from './settings';
import { ShareFooter } from './ShareFooter';
import { SharePreview } from './SharePreview';
import { ShareSettingsFields } from './ShareSettingsFields';

/** A chat with no link yet (S6, S19): the preview, the link's settings, then Copy Link. */
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
  const [includeHistory, setIncludeHistory] = useState(false);
  const thread = threadTo(chat.messages, chat.currentMessageId);

  return (
    <>
      <p className="text-sm text-zinc-600 dark:text-zinc-300">
        Messages you send after creating your link won&apos;t be shared. Anyone with the link and access can read the chat as it is now.
      </p>
      <SharePreview messages={thread} />
      <ShareSettingsFields value={settings} onChange={setSettings} publicLinks={publicLinks} />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={includeHistory} onChange={(e) => setIncludeHistory(e.target.checked)} />
        Include regeneration history
      </label>
      <ShareFooter notices={notices}>
        {actions}
        <button
          type="button"
          className={btnPrimary}
          disabled={pending || settings.title.trim() === ''}
          onClick={() => onCreate({ ...settingsPatch(settings), includeHistory })}
        >
          <LinkIcon width={16} height={16} />
          Copy Link
        </button>
      </ShareFooter>
    </>
  );
}
