import { oneLine, plainName, threadToMarkdown } from '../../common/thread-markdown.js';
import { formatDate } from './share-page.js';
import { currentThread } from './thread.js';
import type { ShareView } from './types.js';

/** A shared link as Markdown (`GET /s/<id>.md`): its title, sharer, date and current thread. */
export function renderShareMarkdown(view: ShareView, options: { publicUrl?: string } = {}): string {
  const { share } = view;
  const about = [`Shared by ${share.sharedBy === null ? 'Anonymous' : plainName(share.sharedBy)} on ${formatDate(share.updatedAt)}`];
  if (options.publicUrl !== undefined) about.push(`<${options.publicUrl.replace(/\/+$/, '')}/s/${encodeURIComponent(share.id)}>`);
  return threadToMarkdown(oneLine(share.title) || 'Shared chat', about, currentThread(view));
}
