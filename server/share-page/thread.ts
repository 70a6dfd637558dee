import { escapeHtml, renderMarkdown } from '../../common/markdown.js';
import { isolateBidi, stripBidi } from '../../common/bidi.js';
import { isInlineImage } from '../content/files.js';
import { ROLE_LABELS } from '../../common/thread-markdown.js';
import { childrenIndex, latestLeafFrom, threadTo } from '../../common/tree.js';
import type { SharedMessage, SharePageOptions, ShareView } from './types.js';

/**
 * The messages of a snapshot as HTML. Every branch is in the page, so that the script can switch
 * versions without a request: messages come ordered by depth (so any root-to-leaf path reads in
 * order), those off the shown thread carry `hidden`, and each message knows its parent and, when
 * it has siblings, the leaf a switch to it shows. Without JavaScript the ‹ › buttons submit a GET
 * form to `?v=<version>`, for which the server renders that version's thread (`options.version`).
 * Each message is the target of its own link, `/s/<id>#<message id>`.
 */

interface ThreadContext {
  shareId: string;
  ttsEngine: SharePageOptions['ttsEngine'];
  /** The messages of the thread shown when no version is chosen: their links need no `?v=`. */
  defaultThread: Set<string>;
}


/** The thread shown first: to the snapshot's current message, or the first root's newest leaf. */
export function currentThread(view: ShareView): SharedMessage[] {
  const thread = threadTo(view.messages, view.currentMessageId);
  if (thread.length > 0) return thread;
  const root = view.messages.find((message) => message.parentId === null) ?? view.messages[0];
  return root ? threadTo(view.messages, latestLeafFrom(view.messages, root.id)) : [];
}

/** Breadth-first from the roots (a message whose parent is not in the snapshot is one). */
function byDepth(messages: SharedMessage[], children: Map<string | null, SharedMessage[]>): SharedMessage[] {
  const ids = new Set(messages.map((message) => message.id));
  const ordered = messages.filter((message) => message.parentId === null || !ids.has(message.parentId));
  const seen = new Set(ordered.map((message) => message.id));
  for (let i = 0; i < ordered.length; i++) {
    for (const child of children.get(ordered[i]?.id ?? null) ?? []) {
      if (seen.has(child.id)) continue;
      seen.add(child.id);
      ordered.push(child);
    }
  }
  return ordered;
}

/**
 * The leaf each message leads to by always taking the newest child, what `latestLeafFrom` gives
 * for one message, for all of them in one pass from the deepest up: calling it per message
 * rebuilds the tree's index each time, and took 20 s on a 15,000-message snapshot with history.
 */
function newestLeaves(ordered: SharedMessage[], children: Map<string | null, SharedMessage[]>): Map<string, string> {
  const leaves = new Map<string, string>();
  for (const message of ordered.toReversed()) {
    const newest = children.get(message.id)?.at(-1);
    leaves.set(message.id, (newest && leaves.get(newest.id)) ?? message.id);
  }
  return leaves;
}

const fragment = (id: string) => `#${encodeURIComponent(id)}`;

function versionSwitch(message: SharedMessage, siblings: SharedMessage[]): string {
  const index = siblings.findIndex((sibling) => sibling.id === message.id);
  const button = (label: string, glyph: string, target: SharedMessage | undefined) => {
    if (!target) return `<button type="button" class="icon-button version-switch" aria-label="${label}" disabled>${glyph}</button>`;
    // The form's GET puts `v=<target>` in the query; the fragment brings the reader back to it.
    const id = escapeHtml(target.id);
    return (
      `<button type="submit" class="icon-button version-switch" aria-label="${label}" data-target="${id}" ` +
      `name="v" value="${id}" formaction="${escapeHtml(fragment(target.id))}">${glyph}</button>`
    );
  };
  return (
    `<form class="versions" method="get" role="group" aria-label="Version ${index + 1} of ${siblings.length}">` +
    button('Previous version', '‹', siblings[index - 1]) +
    `<span class="version-count">${index + 1}/${siblings.length}</span>` +
    button('Next version', '›', siblings[index + 1]) +
    `</form>`
  );
}

/** The message's own link; one off the default thread names its version, so that it opens without JavaScript too. */
function permalink(message: SharedMessage, context: ThreadContext): string {
  const version = context.defaultThread.has(message.id) ? '' : `?v=${encodeURIComponent(message.id)}`;
  const href = `/s/${encodeURIComponent(context.shareId)}${version}${fragment(message.id)}`;
  return `<a class="icon-button permalink" href="${escapeHtml(href)}" aria-label="Link to this message" title="Link to this message">${LINK_ICON}</a>`;
}

const LINK_ICON =
  '<svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" fill="none" stroke="currentColor" ' +
  'stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M10 13a5 5 0 0 0 7.54.54l3-3a5 5 0 0 0-7.07-7.07l-1.72 1.71"/>' +
  '<path d="M14 11a5 5 0 0 0-7.54-.54l-3 3a5 5 0 0 0 7.07 7.07l1.71-1.71"/></svg>';

const SPEAKER_ICON =
  '<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" fill="none" stroke="currentColor" ' +
  'stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M11 5 6 9H3v6h3l5 4z"/>' +
  '<path d="M15.5 8.5a5 5 0 0 1 0 7"/><path d="M18.5 5.5a9 9 0 0 1 0 13"/></svg>';

const STATUS_NOTES: Record<SharedMessage['status'], string | null> = {
  complete: null,
  streaming: 'This reply was still being written when the chat was shared.',
  failed: 'This reply stopped before it was finished.',
};

/** A message's files: images inline (a link to the full size), other files as named download chips, all from this origin. */
function renderAttachments(message: SharedMessage): string {
  const files = message.attachments ?? [];
  if (files.length === 0) return '';
  const items = files.map((file) => {
    const url = escapeHtml(file.url);
    const name = escapeHtml(file.name);
    const download = escapeHtml(stripBidi(file.name));
    if (isInlineImage(file.mediaType)) {
      return `<a class="attachment-image" href="${url}" target="_blank" rel="noopener"><img src="${url}" alt="${escapeHtml(isolateBidi(file.name))}" loading="lazy"></a>`;
    }
    return `<a class="attachment-file" href="${url}" download="${download}"><bdi>${name}</bdi></a>`;
  });
  return `<div class="attachments">${items.join('')}</div>`;
}

function renderMessage(
  message: SharedMessage,
  siblings: SharedMessage[],
  leafId: string | null,
  shown: boolean,
  context: ThreadContext,
): string {
  const role = ROLE_LABELS[message.role];
  const model = message.role === 'assistant' && message.model ? ` <bdi class="model">${escapeHtml(message.model)}</bdi>` : '';
  const actions = [
    siblings.length > 1 ? versionSwitch(message, siblings) : '',
    permalink(message, context),
    context.ttsEngine === 'none'
      ? ''
      : `<button type="button" class="icon-button read-aloud" aria-label="Read aloud" title="Read aloud" hidden>${SPEAKER_ICON}</button>`,
  ].join('');
  const note = STATUS_NOTES[message.status];
  const attributes = [
    `class="message ${message.role}"`,
    `data-id="${escapeHtml(message.id)}"`,
    `id="${escapeHtml(message.id)}"`,
    message.parentId === null ? '' : `data-parent="${escapeHtml(message.parentId)}"`,
    leafId === null ? '' : `data-leaf="${escapeHtml(leafId)}"`,
    shown ? '' : 'hidden',
  ].filter(Boolean);
  return (
    `<article ${attributes.join(' ')}>` +
    `<h2 class="message-role">${role}${model}</h2>` +
    `<div class="message-body prose">${renderMarkdown(message.content)}</div>` +
    renderAttachments(message) +
    (note ? `<p class="message-note">${note}</p>` : '') +
    `<div class="message-actions">${actions}</div>` +
    `</article>\n`
  );
}

/**
 * Every message of the snapshot: the thread of `options.version` (a message of the snapshot; the
 * newest branch below it) shown, or the current thread when it names none, the others hidden.
 */
export function renderThread(view: ShareView, options: Pick<SharePageOptions, 'ttsEngine' | 'version'>): string {
  const { messages } = view;
  const children = childrenIndex(messages);
  const ordered = byDepth(messages, children);
  const leaves = newestLeaves(ordered, children);
  const defaultThread = new Set(currentThread(view).map((message) => message.id));
  const versionLeaf = options.version === undefined ? undefined : leaves.get(options.version);
  const shown = versionLeaf === undefined ? defaultThread : new Set(threadTo(messages, versionLeaf).map((message) => message.id));
  const context: ThreadContext = { shareId: view.share.id, ttsEngine: options.ttsEngine, defaultThread };
  return ordered
    .map((message) => {
      const siblings = children.get(message.parentId) ?? [message];
      const leafId = siblings.length > 1 ? (leaves.get(message.id) ?? message.id) : null;
      return renderMessage(message, siblings, leafId, shown.has(message.id), context);
    })
    .join('');
}
