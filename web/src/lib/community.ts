import { encodeHandoff, type LeftOutFile } from '../../../common/handoff';
import type { CommunityHandoff } from '../types';

/**
 * The hand-off to a community hub ("Share to Community", S18). This instance prepares it
 * (`POST /api/v1/chats/:id/share/community`, refused while the admin has community sharing off),
 * and the hub's upload page opens in a new tab with the snapshot in the URL's fragment:
 *
 *   <uploadUrl>#<base64url, unpadded, of the UTF-8 JSON {title, snapshot: {messages, currentMessageId, files}, leftOut}>
 *
 * `uploadUrl` is `<communityUrl>/community/upload`; the JSON has the shape of a link's snapshot as
 * `GET /api/v1/shares/:shareId` gives it, which is what the hub's `POST /api/v1/community/chats`
 * takes as `snapshot` (with `title` = `share.title`), plus the images that fit in the URL
 * (`files`, as data URLs) and the names of the files left out. A fragment is never sent to any
 * server, so the chat stays out of every log and proxy until the user, signed in on the hub,
 * chooses to upload it.
 */

export { MAX_HANDOFF_URL_LENGTH } from '../../../common/handoff';

/** The hub page that takes the snapshot, with the snapshot in its fragment (common/handoff.ts). */
export function communityUploadUrl({ uploadUrl, title, snapshot, leftOut }: CommunityHandoff): string {
  // Snapshots never hold system prompts; the filter only narrows the type.
  const messages = snapshot.messages.flatMap((m) => (m.role === 'system' ? [] : [{ ...m, role: m.role }]));
  const handoff = { title, snapshot: { messages, currentMessageId: snapshot.currentMessageId, files: snapshot.files }, leftOut };
  return `${uploadUrl}#${encodeHandoff(handoff)}`;
}

const REASONS: Record<LeftOutFile['reason'], string> = {
  too_large: 'too large',
  too_many: 'too many files',
  not_an_image: 'not an image',
  unavailable: 'no longer available',
};

/** "2 files were left out: too large" and each file with its reason, for the Share dialog and the hub's upload page. */
export function describeLeftOut(leftOut: readonly LeftOutFile[] | undefined): { summary: string; files: { name: string; reason: string }[] } | null {
  if (!leftOut || leftOut.length === 0) return null;
  const reasons = [...new Set(leftOut.map((f) => REASONS[f.reason]))];
  const count = leftOut.length === 1 ? '1 file was' : `${leftOut.length} files were`;
  return {
    summary: `${count} left out of the hand-off to the community: ${reasons.join(', ')}.`,
    files: leftOut.map((f) => ({ name: f.name, reason: REASONS[f.reason] })),
  };
}

/**
 * Opens a blank tab now, in the click (later, after a request, browsers may block it), cut off
 * from this page; `go` sends it to the hub, `cancel` closes it. Null tab: pop-ups are blocked.
 */
export function openHandoffTab(): { tab: Window | null; go: (url: string) => boolean; cancel: () => void } {
  const tab = window.open('', '_blank');
  if (tab) tab.opener = null;
  return {
    tab,
    go: (url) => {
      if (!tab || tab.closed) return false;
      tab.location.replace(url);
      return true;
    },
    cancel: () => tab?.close(),
  };
}
