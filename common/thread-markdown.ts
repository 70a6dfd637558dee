/**
 * A conversation as Markdown: a title, lines about it, then each message under a heading naming
 * who wrote it. The share page's `.md` and the chat export both write it.
 */

import { isolateBidi } from './bidi.js';

export interface MarkdownMessage {
  role: 'user' | 'assistant' | 'system';
  content: string;
  model: string | null;
}

export const ROLE_LABELS: Record<MarkdownMessage['role'], string> = {
  user: 'You',
  assistant: 'Assistant',
  system: 'System',
};

/** Text on one line: a title or a name can break no heading. */
export const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

/** A title or a name in plain text: on one line, its bidi controls isolated (docs/architecture.md). */
export const plainName = (text: string): string => isolateBidi(oneLine(text));

export function threadToMarkdown(title: string, about: readonly string[], thread: readonly MarkdownMessage[]): string {
  const lines = [`# ${plainName(title)}`, ...(about.length > 0 ? ['', ...about] : [])];
  for (const message of thread) {
    const model = message.role === 'assistant' && message.model ? ` (${plainName(message.model)})` : '';
    lines.push('', `## ${ROLE_LABELS[message.role]}${model}`, '', message.content.trimEnd());
  }
  return `${lines.join('\n')}\n`;
}
