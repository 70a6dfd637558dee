import type { Message } from '../../common/api/chats.js';
import type { TtsEngine } from '../../common/api/settings.js';
import type { ViewerShare } from '../../common/api/sharing.js';

/** A message of a snapshot, as viewers get it (ids are the snapshot's own). */
export type SharedMessage = Message;

/** What a viewer may see of a link: the reply of `GET /api/v1/shares/:shareId`. */
export type ShareView = ViewerShare;

export interface SharePageOptions {
  /** A signed-in viewer forks in place; a signed-out one (public link) is sent to sign in first. */
  signedIn: boolean;
  /** The instance's text-to-speech: a "Read aloud" button on each message unless 'none'. */
  ttsEngine: TtsEngine;
  /** Where the route serves `shareAssets()`; default `/s/_assets/`. */
  assetBase?: string;
  /** The instance's name, in the page title and the top bar; default "Parley". */
  siteName?: string;
  /**
   * A message of the snapshot whose version to show (`?v=`, the ‹ › buttons without JavaScript):
   * the thread through it to its newest leaf, instead of the snapshot's current thread.
   */
  version?: string;
}
