import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { LeftOutFile } from '../../../common/handoff';
import { api, ApiError } from '../api';
import { copyText } from '../lib/clipboard';
import { communityUploadUrl, MAX_HANDOFF_URL_LENGTH, openHandoffTab } from '../lib/community';
import { useConfig } from '../lib/session';
import type { Share, ShareInput } from '../types';
import { Dialog } from './Dialog';
import { ErrorText } from './ErrorText';
import { LeftOutFiles } from './LeftOutFiles';
import { ExistingShare } from './share/ExistingShare';
import { NewShare } from './share/NewShare';
import { btnSecondary } from './ui';

/** The chat's link, or null when it has none (the API answers 404). */
async function fetchShare(chatId: string): Promise<Share | null> {
  try {
    return (await api.getChatShare(chatId)).share;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/**
 * Share Chat (S6, S19): a preview and the link's options, or the link and what to do with it.
 * Whether the chat "has been shared before" is what it was when the dialog opened: a link made
 * here is new, not "before".
 */
export function ShareDialog({ chatId, onClose }: { chatId: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const chat = useQuery({ queryKey: ['chat', chatId], queryFn: () => api.getChat(chatId) });
  const share = useQuery({ queryKey: ['share', chatId], queryFn: () => fetchShare(chatId) });
  const [openedShared, setOpenedShared] = useState<boolean | null>(null);
  if (openedShared === null && share.isSuccess) setOpenedShared(share.data !== null);
  const [copied, setCopied] = useState('');
  const config = useConfig();
  const publicLinks = config.data?.features.publicLinks === true;

  const afterChange = async (next: Share | null) => {
    queryClient.setQueryData(['share', chatId], next);
    await Promise.all([queryClient.invalidateQueries({ queryKey: ['chats'] }), queryClient.invalidateQueries({ queryKey: ['shares'] })]);
  };

  const save = useMutation({
    mutationFn: async ({ saving, copying }: { saving: Promise<Share>; copying: Promise<void> }) => {
      const [saved, copied] = await Promise.allSettled([saving, copying]);
      if (saved.status === 'rejected') throw saved.reason;
      await afterChange(saved.value);
      if (copied.status === 'rejected') throw copied.reason;
      return saved.value;
    },
    onSuccess: () => setCopied('Link copied. Anyone you send it to sees the chat as it is now.'),
  });
  // The clipboard is written in the click itself, with the link still on its way (see copyText).
  const saveAndCopy = (input: ShareInput) => {
    setCopied('');
    const saving = api.shareChat(chatId, input).then(({ share: saved }) => saved);
    save.mutate({ saving, copying: copyText(saving.then((saved) => saved.url)) });
  };
  // Share to Community: this instance prepares the snapshot (or refuses, when the admin turned it
  // off) and the hub's upload page gets it in the new tab's URL fragment. It makes no link.
  const communityOn = config.data?.features.communitySharing === true && config.data.features.communityUrl !== null;
  const [handoffLink, setHandoffLink] = useState<string | null>(null);
  const [leftOut, setLeftOut] = useState<LeftOutFile[]>([]);
  const toCommunity = useMutation({
    mutationFn: async (handoff: ReturnType<typeof openHandoffTab>) => {
      try {
        const prepared = await api.communityHandoff(chatId);
        setLeftOut(prepared.leftOut);
        const url = communityUploadUrl(prepared);
        if (url.length > MAX_HANDOFF_URL_LENGTH) {
          throw new Error('This chat is too long to hand to the community hub in one piece.');
        }
        // Pop-ups blocked: the user opens it with a link instead.
        setHandoffLink(handoff.go(url) ? null : url);
      } catch (error) {
        handoff.cancel();
        throw error;
      }
    },
  });

  const remove = useMutation({
    mutationFn: () => api.deleteChatShare(chatId),
    onSuccess: async () => {
      setCopied('');
      save.reset();
      setOpenedShared(false);
      await afterChange(null);
    },
  });

  const pending = save.isPending || remove.isPending || toCommunity.isPending;
  const communityButton = communityOn && (
    <button
      type="button"
      className={btnSecondary}
      disabled={pending}
      onClick={() => {
        setHandoffLink(null);
        setLeftOut([]);
        toCommunity.mutate(openHandoffTab());
      }}
    >
      Share to Community
    </button>
  );
  const notices = (
    <>
      {handoffLink && (
        <p className="text-sm">
          Your browser blocked the new tab.{' '}
          <a href={handoffLink} target="_blank" rel="noreferrer" className="font-medium underline">
            Open the community hub
          </a>
        </p>
      )}
      <LeftOutFiles leftOut={leftOut} />
      <ErrorText error={toCommunity.error} prefix="Could not hand the chat to the community" />
      <ErrorText error={save.error} />
      <ErrorText error={remove.error} prefix="Could not delete the link" />
      <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
        {copied}
      </p>
    </>
  );

  return (
    <Dialog title="Share Chat" onClose={onClose} size="lg">
      <ErrorText error={chat.error ?? share.error} prefix="Could not load the chat" />
      {chat.data && share.isSuccess && (
        <div className="space-y-4">
          {communityOn && config.data?.features.communityUrl && (
            <p className="text-xs text-zinc-600 dark:text-zinc-400">
              Share to Community opens {hostOf(config.data.features.communityUrl)} in a new tab with this chat, every version
              included, ready to upload. Nothing is published until you choose there who can see it; no link is made here.
            </p>
          )}
          {share.data ? (
            <ExistingShare
              key={share.data.id}
              share={share.data}
              chat={chat.data.chat}
              openedShared={openedShared === true}
              publicLinks={publicLinks}
              onUpdate={saveAndCopy}
              onDelete={() => remove.mutate()}
              onSaved={afterChange}
              actions={communityButton}
              notices={notices}
              pending={pending}
            />
          ) : (
            <NewShare chat={chat.data.chat} publicLinks={publicLinks} onCreate={saveAndCopy} actions={communityButton} notices={notices} pending={pending} />
          )}
        </div>
      )}
    </Dialog>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
