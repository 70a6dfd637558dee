import type { z } from 'zod';
import type { shareAccessSchema, ttsEngineSchema } from '../../common/api.js';

/** A message of a snapshot, as API.md gives it to viewers (ids are the snapshot's own). */
export interface SharedMessage {
  id: string;
  parentId: string | null;
  role: 'user' | 'assistant' | 'system';
  content: string;
  model: string | null;
  createdAt: string;
  status: 'complete' | 'streaming' | 'failed';
}

/** What a viewer may see of a link: the reply of `GET /api/v1/shares/:shareId`. */
export interface ShareView {
  share: {
    id: string;
    title: string;
    sharedBy: string | null;
    access: z.infer<typeof shareAccessSchema>;
    updatedAt: string;
  };
  messages: SharedMessage[];
  currentMessageId: string | null;
}

export interface SharePageOptions {
  /** A signed-in viewer forks in place; a signed-out one (public link) is sent to sign in first. */
  signedIn: boolean;
  /** The instance's text-to-speech: a "Read aloud" button on each message unless 'none'. */
  ttsEngine: z.infer<typeof ttsEngineSchema>;
  /** Where the route serves `shareAssets()`; default `/s/_assets/`. */
  assetBase?: string;
  /** The instance's name, in the page title and the top bar; default "Parley". */
  siteName?: string;
}
