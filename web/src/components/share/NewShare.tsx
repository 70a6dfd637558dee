import { useState, type ReactNode } from 'react';
import { threadTo } from '../../../../common/tree';
import type { Chat, ShareInput } from '../../types';
import { LinkIcon } from '../icons';
import { btnPrimary } from '../ui';
import { MessageChoice } from './MessageChoice';
import { ALL_MESSAGES, choiceInput, sharedMessages } from './messages';
import { newLinkSettings, settingsPatch } from './settings';
import { ShareFooter } from './ShareFooter';
import { SharePreview } from './SharePreview';
import { ShareSettingsFields } from './ShareSettingsFields';

/** A chat with no link yet (S6, S19): the preview, which messages, the link's settings, then Copy Link. */
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
  const [choice, setChoice] = useState(ALL_MESSAGES);
  const [includeHistory, setIncludeHistory] = useState(false);
  const thread = threadTo(chat.messages, chat.currentMessageId);
  const shared = sharedMessages(thread, choice);

  return (
    <>
      <p className="text-sm text-zinc-600 dark:text-zinc-300">
        Messages you send after creating your link won&apos;t be shared. Anyone with the link and access can read the chat as it is now.
      </p>
      <SharePreview messages={shared} />
      <MessageChoice thread={thread} value={choice} onChange={setChoice} />
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
          disabled={pending || settings.title.trim() === '' || (thread.length > 0 && shared.length === 0)}
          onClick={() => onCreate({ ...settingsPatch(settings), includeHistory, ...choiceInput(thread, choice) })}
        >
          <LinkIcon width={16} height={16} />
          Copy Link
        </button>
      </ShareFooter>
    </>
  );
}
