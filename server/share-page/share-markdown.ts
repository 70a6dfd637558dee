import { formatDate } from './share-page.js';
import { ROLE_LABELS, currentThread } from './thread.js';
import type { ShareView } from './types.js';

const oneLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** A shared link as Markdown (`GET /s/<id>.md`): its title, sharer, date and current thread. */
export function renderShareMarkdown(view: ShareView, options: { publicUrl?: string } = {}): string {
  const { share } = view;
  const lines = [
    `# ${oneLine(share.title) || 'Shared chat'}`,
    '',
    `Shared by ${share.sharedBy === null ? 'Anonymous' : oneLine(share.sharedBy)} on ${formatDate(share.updatedAt)}`,
  ];
  if (options.publicUrl !== undefined) {
    lines.push(`<${options.publicUrl.replace(/\/+$/, '')}/s/${encodeURIComponent(share.id)}>`);
  }
  for (const message of currentThread(view)) {
    const model = message.role === 'assistant' && message.model ? ` (${oneLine(message.model)})` : '';
    lines.push('', `## ${ROLE_LABELS[message.role]}${model}`, '', message.content.trimEnd());
  }
  return `${lines.join('\n')}\n`;
}
