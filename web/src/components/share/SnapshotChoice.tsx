import { useState } from 'react';
import { threadTo } from '../../../../common/tree';
import type { Chat, ShareInput } from '../../types';
import { MessageChoice } from './MessageChoice';
import { ALL_MESSAGES, choiceInput, sharedMessages } from './messages';
import { SharePreview } from './SharePreview';

/** What a new snapshot of the chat will hold: which messages of its thread, and whether every version. */
export function useSnapshotChoice(chat: Chat, includeHistoryAtFirst: boolean) {
  const [choice, setChoice] = useState(ALL_MESSAGES);
  const [includeHistory, setIncludeHistory] = useState(includeHistoryAtFirst);
  const thread = threadTo(chat.messages, chat.currentMessageId);
  const shared = sharedMessages(thread, choice);
  const input: Pick<ShareInput, 'includeHistory' | 'upToMessageId' | 'excludeMessageIds'> = { includeHistory, ...choiceInput(thread, choice) };
  return {
    thread,
    choice,
    setChoice,
    includeHistory,
    setIncludeHistory,
    shared,
    /** Every message left out: there would be nothing to share. */
    empty: thread.length > 0 && shared.length === 0,
    input,
  };
}

/** The preview of the snapshot, "Choose messages" and "Include regeneration history". */
export function SnapshotChoice({ snapshot }: { snapshot: ReturnType<typeof useSnapshotChoice> }) {
  return (
    <>
      <SharePreview messages={snapshot.shared} />
      <MessageChoice thread={snapshot.thread} value={snapshot.choice} onChange={snapshot.setChoice} />
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={snapshot.includeHistory} onChange={(e) => snapshot.setIncludeHistory(e.target.checked)} />
        Include regeneration history
      </label>
    </>
  );
}
