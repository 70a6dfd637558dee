import { useMutation } from '@tanstack/react-query';
import { useEffect, useId, useMemo, useState, type SyntheticEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate } from 'react-router';
import { decodeHandoff, type Handoff } from '../../../../common/handoff';
import { threadTo } from '../../../../common/tree';
import { ApiError } from '../../api';
import { ErrorText } from '../../components/ErrorText';
import { LeftOutFiles } from '../../components/LeftOutFiles';
import { ReadOnlyThread } from '../../components/ReadOnlyThread';
import { btnPrimary, btnSecondary, field } from '../../components/ui';
import { communityApi, visibilityOptions, type CommunityVisibility } from '../../lib/community-hub';
import { useMe } from '../../lib/session';
import type { Message } from '../../types';
import type { CommunityChatPageState } from './CommunityChatPage';

/** Where the hand-off waits while the visitor signs in: this tab only, gone when it closes. */
const STORAGE_KEY = 'parley.communityUpload';
const UPLOAD_PATH = '/community/upload';

type Taken = { kind: 'ready'; handoff: Handoff; kept: boolean } | { kind: 'missing' } | { kind: 'garbled' };

/** The chat "Share to Community" put in the fragment, or the one kept from before a sign-in. */
function takeHandoff(hash: string): Taken {
  const fragment = hash.replace(/^#/, '');
  if (fragment === '') {
    const stored = sessionStorage.getItem(STORAGE_KEY);
    if (stored === null) return { kind: 'missing' };
    const handoff = decodeHandoff(stored);
    return handoff ? { kind: 'ready', handoff, kept: true } : { kind: 'garbled' };
  }
  const handoff = decodeHandoff(fragment);
  if (!handoff) {
    // A new, broken hand-off must not bring back an older chat kept from before.
    sessionStorage.removeItem(STORAGE_KEY);
    return { kind: 'garbled' };
  }
  try {
    sessionStorage.setItem(STORAGE_KEY, fragment);
    return { kind: 'ready', handoff, kept: true };
  } catch (error) {
    // Storage full or refused (a very long chat, a private window): it can still be uploaded by
    // someone already signed in; the page says what to do otherwise.
    console.warn('The chat to upload could not be kept for after sign-in', error);
    return { kind: 'ready', handoff, kept: false };
  }
}

/** The hub's upload page (S18): preview, title, visibility, a warning, and the explicit "Upload". */
export function CommunityUploadPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const me = useMe();
  const [taken] = useState(() => takeHandoff(location.hash));

  // The chat is in sessionStorage now: take it out of the address bar, the history and any copied URL.
  useEffect(() => {
    if (location.hash !== '') void navigate({ pathname: location.pathname, search: location.search }, { replace: true });
  }, [location.hash, location.pathname, location.search, navigate]);

  if (taken.kind !== 'ready') return <NothingToUpload garbled={taken.kind === 'garbled'} />;
  const signedOut = (me.error instanceof ApiError && me.error.status === 401) || me.data === null;
  if (signedOut) {
    if (!taken.kept) return <SignInFirst />;
    return <Navigate to={`/auth?redirect=${encodeURIComponent(UPLOAD_PATH)}`} replace />;
  }
  if (me.error) return <ErrorText error={me.error} />;
  if (!me.data) return null;
  return <UploadForm handoff={taken.handoff} />;
}

function UploadForm({ handoff }: { handoff: Handoff }) {
  const navigate = useNavigate();
  const [title, setTitle] = useState(handoff.title.trim() || 'Untitled chat');
  const [visibility, setVisibility] = useState<CommunityVisibility>('private');
  const groupId = useId();

  // The images travel as data URLs: the preview shows them from there, before anything is uploaded.
  const messages = useMemo<Message[]>(() => {
    const files = new Map((handoff.snapshot.files ?? []).map((f) => [f.id, f]));
    return handoff.snapshot.messages.map(({ fileIds, ...m }) => {
      const attachments = (fileIds ?? []).flatMap((id) => {
        const file = files.get(id);
        const mediaType = file ? /^data:([^;,]+)/.exec(file.dataUrl)?.[1] : undefined;
        return file && mediaType ? [{ id: file.id, name: file.name, mediaType, size: 0, url: file.dataUrl }] : [];
      });
      return { ...m, model: m.model ?? null, createdAt: m.createdAt ?? '', status: 'complete', ...(attachments.length > 0 && { attachments }) };
    });
  }, [handoff]);
  // The preview shows what visitors will get: "Public" is the thread alone.
  const shown = useMemo(
    () => (visibility === 'public' ? threadTo(messages, handoff.snapshot.currentMessageId) : messages),
    [visibility, messages, handoff],
  );

  const upload = useMutation({
    // `withImages: false` after this hub refused an image (its admin allows smaller files or fewer types).
    mutationFn: (withImages: boolean) =>
      communityApi.upload({ title: title.trim(), snapshot: withImages ? handoff.snapshot : withoutImages(handoff.snapshot), visibility }),
    onSuccess: async ({ id }) => {
      sessionStorage.removeItem(STORAGE_KEY);
      const state: CommunityChatPageState = { uploaded: true };
      await navigate(`/community/${id}`, { replace: true, state });
    },
  });

  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault();
    upload.mutate(true);
  };
  const imageRefused =
    upload.error instanceof ApiError && upload.error.fields.some((f) => f.field.startsWith('snapshot.files')) && (handoff.snapshot.files ?? []).length > 0;
  const uploadError =
    upload.error instanceof ApiError && upload.error.status === 404
      ? new Error('This Parley is not a community hub (any more): its admin has turned the hub off.')
      : upload.error;

  return (
    <main className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Upload to Community</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Nothing is published until you choose who can see this chat and press Upload.
        </p>
      </div>
      <form onSubmit={onSubmit} className="space-y-5 rounded-2xl p-5 ring-1 ring-zinc-200 dark:ring-zinc-800">
        <label className="block text-sm font-medium">
          Title
          <input dir="auto" className={`${field} mt-1`} value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={500} />
        </label>
        <fieldset className="space-y-2">
          <legend className="mb-2 text-sm font-medium">Who can see it</legend>
          {visibilityOptions.map((option) => (
            <div
              key={option.value}
              className={`rounded-xl px-3 py-2 ring-1 ${option.value === visibility ? 'ring-zinc-900 dark:ring-zinc-100' : 'ring-zinc-200 dark:ring-zinc-800'}`}
            >
              <label className="flex cursor-pointer items-center gap-2 text-sm font-medium">
                <input
                  type="radio"
                  name={groupId}
                  value={option.value}
                  checked={option.value === visibility}
                  onChange={() => setVisibility(option.value)}
                  aria-describedby={`${groupId}-${option.value}`}
                  className="accent-zinc-900 dark:accent-zinc-100"
                />
                {option.label}
              </label>
              <p id={`${groupId}-${option.value}`} className="mt-0.5 pl-6 text-xs text-zinc-500 dark:text-zinc-400">
                {option.description}
              </p>
            </div>
          ))}
        </fieldset>
        {visibility === 'private' ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">Only you will see it. You can publish it later from My uploads.</p>
        ) : (
          <p role="note" className="rounded-xl bg-amber-50 px-4 py-3 text-sm text-amber-900 dark:bg-amber-950/40 dark:text-amber-200">
            <strong className="font-semibold">Publishing makes this chat visible to everyone on this hub.</strong> Anyone, signed in or
            not, can read it and find it in Community search.
            {visibility === 'public_full_history' && ' Every regenerated version is included, not only the thread shown.'} Read it through
            for anything private before you upload.
          </p>
        )}
        <LeftOutFiles leftOut={handoff.leftOut} />
        <ErrorText error={uploadError} prefix="Not uploaded" />
        <div className="flex items-center justify-end gap-2">
          <Link to="/community" className={btnSecondary}>
            Cancel
          </Link>
          {imageRefused && (
            <button type="button" className={btnSecondary} disabled={upload.isPending} onClick={() => upload.mutate(false)}>
              Upload without images
            </button>
          )}
          <button type="submit" className={btnPrimary} disabled={upload.isPending || title.trim() === ''}>
            {upload.isPending ? 'Uploading…' : 'Upload'}
          </button>
        </div>
      </form>
      <section aria-labelledby={`${groupId}-preview`} className="space-y-4">
        <h2 id={`${groupId}-preview`} className="text-sm font-medium text-zinc-500 dark:text-zinc-400">
          Preview{visibility === 'private' ? '' : ': what visitors will see'}
        </h2>
        <ReadOnlyThread messages={shown} currentMessageId={handoff.snapshot.currentMessageId} />
      </section>
    </main>
  );
}

/** The snapshot with its images taken out, for a hub that refuses them. */
function withoutImages(snapshot: Handoff['snapshot']): Handoff['snapshot'] {
  return { messages: snapshot.messages.map(({ fileIds: _fileIds, ...m }) => m), currentMessageId: snapshot.currentMessageId };
}

function NothingToUpload({ garbled }: { garbled: boolean }) {
  return (
    <main className="mx-auto max-w-md py-16 text-center">
      <h1 className="text-xl font-semibold">{garbled ? 'This upload link is damaged' : 'No chat to upload'}</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        {garbled
          ? 'The chat in this link could not be read: it may have been cut short or altered when it was copied. Go back to the chat and choose Share to Community again.'
          : 'This page receives a chat from Share to Community, in a chat’s Share menu on your Parley. Open it from there.'}
      </p>
      <Link to="/community" className={`${btnSecondary} mt-6`}>
        Browse community chats
      </Link>
    </main>
  );
}

function SignInFirst() {
  return (
    <main className="mx-auto max-w-md py-16 text-center">
      <h1 className="text-xl font-semibold">Sign in first</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
        This chat is too large for this browser to keep while you sign in. Sign in to this hub, then choose Share to Community
        again.
      </p>
      <Link to="/auth?redirect=%2Fcommunity" className={`${btnSecondary} mt-6`}>
        Sign in
      </Link>
    </main>
  );
}
