import { encodeHandoff } from '../../../common/handoff';
import type { CommunityHandoff } from '../types';

/**
 * The hand-off to a community hub ("Share to Community", S18). This instance prepares it
 * (`POST /api/v1/chats/:id/share/community`, refused while the admin has community sharing off),
 * and the hub's upload page opens in a new tab with the snapshot in the URL's fragment:
 *
 *   <uploadUrl>#<base64url, unpadded, of the UTF-8 JSON {title, snapshot: {messages, currentMessageId}}>
 *
 * `uploadUrl` is `<communityUrl>/community/upload`; the JSON has the shape of a link's snapshot as
 * `GET /api/v1/shares/:shareId` gives it, which is what the hub's `POST /api/v1/community/chats`
 * takes as `snapshot` (with `title` = `share.title`). A fragment is never sent to any server, so the
 * chat stays out of every log and proxy until the user, signed in on the hub, chooses to upload it.
 */

/** Browsers refuse longer URLs (Chromium: 2 MB); a longer chat cannot be handed off this way. */
export const MAX_HANDOFF_URL_LENGTH = 2_000_000;

/** The hub page that takes the snapshot, with the snapshot in its fragment (common/handoff.ts). */
export function communityUploadUrl({ uploadUrl, title, snapshot }: CommunityHandoff): string {
  // Snapshots never hold system prompts; the filter only narrows the type.
  const messages = snapshot.messages.flatMap((m) => (m.role === 'system' ? [] : [{ ...m, role: m.role }]));
  return `${uploadUrl}#${encodeHandoff({ title, snapshot: { messages, currentMessageId: snapshot.currentMessageId } })}`;
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
