import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { threadTo } from '../../../common/tree';
import { api, ApiError } from '../api';
import { copyText } from '../lib/clipboard';
import { communityUploadUrl, MAX_HANDOFF_URL_LENGTH, openHandoffTab } from '../lib/community';
import { formatDateTime } from '../lib/format';
import { useConfig } from '../lib/session';
import type { Chat, Share, ShareAccess, ShareInput } from '../types';
import { Dialog } from './Dialog';
import { ErrorText } from './ErrorText';
import { LinkIcon } from './icons';
import { btnPrimary, btnSecondary, field } from './ui';

/** The chat's link, or null when it has none (the API answers 404). */
async function fetchShare(chatId: string): Promise<Share | null> {
  try {
    return (await api.getChatShare(chatId)).share;
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** Share Chat (S6, S19): a preview and the link's options, or the link made before and what to do with it. */
export function ShareDialog({ chatId, onClose }: { chatId: string; onClose: () => void }) {
  const queryClient = useQueryClient();
  const chat = useQuery({ queryKey: ['chat', chatId], queryFn: () => api.getChat(chatId) });
  const share = useQuery({ queryKey: ['share', chatId], queryFn: () => fetchShare(chatId) });
  const [copied, setCopied] = useState('');

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
    const saving = api.shareChat(chatId, input).then(({ share: saved }) => saved);
    save.mutate({ saving, copying: copyText(saving.then((saved) => saved.url)) });
  };
  // Share to Community: this instance prepares the snapshot (or refuses, when the admin turned it
  // off) and the hub's upload page gets it in the new tab's URL fragment. It makes no link.
  const config = useConfig();
  const communityOn = config.data?.features.communitySharing === true && config.data.features.communityUrl !== null;
  const [handoffLink, setHandoffLink] = useState<string | null>(null);
  const toCommunity = useMutation({
    mutationFn: async (handoff: ReturnType<typeof openHandoffTab>) => {
      try {
        const url = communityUploadUrl(await api.communityHandoff(chatId));
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
  const shareToCommunity = communityOn
    ? () => {
        setHandoffLink(null);
        toCommunity.mutate(openHandoffTab());
      }
    : undefined;

  const remove = useMutation({
    mutationFn: () => api.deleteChatShare(chatId),
    onSuccess: async () => {
      setCopied('');
      save.reset();
      await afterChange(null);
    },
  });

  return (
    <Dialog title="Share Chat" onClose={onClose}>
      <ErrorText error={chat.error ?? share.error} prefix="Could not load the chat" />
      {chat.data && share.isSuccess && (
        <div className="space-y-4">
          {share.data ? (
            <SharedBefore
              share={share.data}
              onUpdate={() => saveAndCopy({})}
              onDelete={() => remove.mutate()}
              onCommunity={shareToCommunity}
              pending={save.isPending || remove.isPending || toCommunity.isPending}
            />
          ) : (
            <NewShare
              chat={chat.data.chat}
              onCreate={saveAndCopy}
              onCommunity={shareToCommunity}
              pending={save.isPending || toCommunity.isPending}
            />
          )}
          {communityOn && config.data?.features.communityUrl && (
            <p className="text-xs text-zinc-500 dark:text-zinc-400">
              Share to Community opens {hostOf(config.data.features.communityUrl)} in a new tab with this chat, every version
              included, ready to upload. Nothing is published until you choose there who can see it; no link is made here.
            </p>
          )}
          {handoffLink && (
            <p className="text-sm">
              Your browser blocked the new tab.{' '}
              <a href={handoffLink} target="_blank" rel="noreferrer" className="font-medium underline">
                Open the community hub
              </a>
            </p>
          )}
          <ErrorText error={toCommunity.error} prefix="Could not hand the chat to the community" />
          <ErrorText error={save.error} />
          <ErrorText error={remove.error} prefix="Could not delete the link" />
          <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
            {copied}
          </p>
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

function CommunityButton({ onClick, disabled }: { onClick: () => void; disabled: boolean }) {
  return (
    <button type="button" className={btnSecondary} onClick={onClick} disabled={disabled}>
      Share to Community
    </button>
  );
}

function SharedBefore({
  share,
  onUpdate,
  onDelete,
  onCommunity,
  pending,
}: {
  share: Share;
  onUpdate: () => void;
  onDelete: () => void;
  onCommunity: (() => void) | undefined;
  pending: boolean;
}) {
  return (
    <>
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
      <div className="flex justify-end gap-2">
        {onCommunity && <CommunityButton onClick={onCommunity} disabled={pending} />}
        <button type="button" className={btnPrimary} onClick={onUpdate} disabled={pending}>
          <LinkIcon width={16} height={16} />
          Update and Copy Link
        </button>
      </div>
    </>
  );
}

function NewShare({
  chat,
  onCreate,
  onCommunity,
  pending,
}: {
  chat: Chat;
  onCreate: (input: ShareInput) => void;
  onCommunity: (() => void) | undefined;
  pending: boolean;
}) {
  const config = useConfig();
  const [title, setTitle] = useState(chat.title);
  const [showName, setShowName] = useState(false);
  const [access, setAccess] = useState<ShareAccess>('members');
  const [includeHistory, setIncludeHistory] = useState(false);
  const [people, setPeople] = useState('');
  const [expiresInDays, setExpiresInDays] = useState(0);
  const thread = threadTo(chat.messages, chat.currentMessageId);
  const publicLinks = config.data?.features.publicLinks === true;

  return (
    <>
      <p className="text-sm text-zinc-600 dark:text-zinc-300">
        Messages you send after creating your link won&apos;t be shared. Anyone with the link and access can read the chat as it is now.
      </p>
      <div className="max-h-48 space-y-2 overflow-y-auto rounded-xl bg-zinc-50 p-3 text-sm ring-1 ring-zinc-200 dark:bg-zinc-950 dark:ring-zinc-800" aria-label="Preview" role="region">
        {thread.length === 0 && <p className="text-zinc-500">This chat has no messages yet.</p>}
        {thread.map((message) => (
          <p key={message.id} className="line-clamp-3 whitespace-pre-wrap">
            <span className="font-semibold">{message.role === 'user' ? 'You' : (message.model ?? 'Assistant')}: </span>
            {message.content}
          </p>
        ))}
      </div>
      <label className="block text-sm font-medium">
        Title
        <input className={`${field} mt-1`} value={title} maxLength={500} onChange={(e) => setTitle(e.target.value)} />
      </label>
      <fieldset className="space-y-1 text-sm">
        <legend className="mb-1 font-medium">Name</legend>
        <label className="flex items-center gap-2">
          <input type="radio" name="showName" checked={!showName} onChange={() => setShowName(false)} />
          Share anonymously
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" name="showName" checked={showName} onChange={() => setShowName(true)} />
          Share your name
        </label>
      </fieldset>
      <label className="block text-sm font-medium">
        Who can open the link
        <select className={`${field} mt-1`} value={access} onChange={(e) => setAccess(e.target.value as ShareAccess)}>
          <option value="members">Members of this instance</option>
          {publicLinks && <option value="public">Anyone with the link</option>}
          <option value="restricted">Specific people</option>
        </select>
      </label>
      {access === 'restricted' && (
        <label className="block text-sm font-medium">
          People (emails, separated by commas)
          <input
            className={`${field} mt-1`}
            type="text"
            inputMode="email"
            placeholder="ada@example.com, bob@example.com"
            value={people}
            onChange={(e) => setPeople(e.target.value)}
          />
        </label>
      )}
      <label className="block text-sm font-medium">
        Link expires
        <select className={`${field} mt-1`} value={expiresInDays} onChange={(e) => setExpiresInDays(Number(e.target.value))}>
          <option value={0}>Never</option>
          <option value={1}>In 1 day</option>
          <option value={7}>In 7 days</option>
          <option value={30}>In 30 days</option>
        </select>
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={includeHistory} onChange={(e) => setIncludeHistory(e.target.checked)} />
        Include regeneration history
      </label>
      <div className="flex justify-end gap-2">
        {onCommunity && (
          <CommunityButton onClick={onCommunity} disabled={pending} />
        )}
        <button
          type="button"
          className={btnPrimary}
          disabled={pending || title.trim() === ''}
          onClick={() =>
            onCreate({
              title: title.trim(),
              showName,
              access,
              includeHistory,
              ...(expiresInDays > 0 && { expiresAt: new Date(Date.now() + expiresInDays * 86_400_000).toISOString() }),
              ...(access === 'restricted' && {
                userEmails: people
                  .split(',')
                  .map((email) => email.trim())
                  .filter((email) => email !== ''),
              }),
            })
          }
        >
          <LinkIcon width={16} height={16} />
          Copy Link
        </button>
      </div>
    </>
  );
}
