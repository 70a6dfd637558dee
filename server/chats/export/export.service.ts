import { Readable } from 'node:stream';
import { oneLine, threadToMarkdown } from '../../../common/thread-markdown.js';
import { childrenIndex, threadTo } from '../../../common/tree.js';
import type { Db } from '../../db/database.js';
import type { ChatRow, UserRow } from '../../db/schema.js';
import { findOwnChat, listChatIdsOfUser, listMessagesWithContent } from '../chats.repository.js';
import { getOwnChat, type StoredMessage } from '../chats.service.js';

/**
 * Chats exported as files people keep: JSON in Open WebUI's export format, which Parley (and
 * Open WebUI) import back, every branch kept; or Markdown, the thread each chat shows.
 */

/** The format the JSON export is in, as the importer names its sources: a chat exported from here imports back as itself. */
export const OWN_EXPORT_FORMAT = 'openwebui';

export type ExportFormat = 'json' | 'markdown';

const ms = (iso: string) => new Date(iso).getTime();

/** One chat as an entry of an Open WebUI export. */
export function exportEntry(chat: ChatRow, messages: readonly StoredMessage[]) {
  const tree = messages.map((m) => ({ ...m, parentId: m.parent_id }));
  const children = childrenIndex(tree);
  const history = Object.fromEntries(
    messages.map((m) => [
      m.id,
      {
        id: m.id,
        parentId: m.parent_id,
        childrenIds: (children.get(m.id) ?? []).map((c) => c.id),
        role: m.role,
        content: m.content,
        model: m.model,
        timestamp: ms(m.created_at),
      },
    ]),
  );
  return {
    id: chat.id,
    title: chat.title,
    archived: chat.archived === 1,
    pinned: chat.pinned === 1,
    created_at: ms(chat.created_at),
    updated_at: ms(chat.updated_at),
    chat: { title: chat.title, history: { currentId: chat.current_message_id, messages: history } },
  };
}

/** One chat's shown thread as Markdown. */
export function exportMarkdown(chat: ChatRow, messages: readonly StoredMessage[]): string {
  const tree = messages.map((m) => ({ ...m, parentId: m.parent_id }));
  const about = [`Exported from Parley · last changed ${chat.updated_at}`];
  return threadToMarkdown(oneLine(chat.title) || 'Chat', about, threadTo(tree, chat.current_message_id));
}

/** The actor's chat as a file: its name and its text. */
export async function exportChat(db: Db, actor: UserRow, chatId: string, format: ExportFormat): Promise<{ name: string; body: string }> {
  const chat = await getOwnChat(db, actor, chatId);
  const messages = await listMessagesWithContent(db, chat.id);
  return format === 'json'
    ? { name: `${fileName(chat.title)}.json`, body: `${JSON.stringify([exportEntry(chat, messages)], null, 2)}\n` }
    : { name: `${fileName(chat.title)}.md`, body: exportMarkdown(chat, messages) };
}

/** Every chat of the actor's, archived ones too, newest first, written as it is read: one chat in memory at a time. */
export function exportAllChats(db: Db, actor: UserRow, format: ExportFormat): Readable {
  async function* pieces(): AsyncGenerator<string> {
    const ids = await listChatIdsOfUser(db, actor.id);
    if (format === 'json') yield '[';
    let first = true;
    for (const id of ids) {
      const chat = await findOwnChat(db, actor.id, id);
      if (!chat) continue; // Deleted while the export was being written.
      const messages = await listMessagesWithContent(db, chat.id);
      const piece = format === 'json' ? JSON.stringify(exportEntry(chat, messages)) : exportMarkdown(chat, messages);
      yield `${first ? '' : format === 'json' ? ',\n' : '\n---\n\n'}${piece}`;
      first = false;
    }
    if (format === 'json') yield ']\n';
  }
  return Readable.from(pieces());
}

/** A file name from a title: letters, digits and dashes, never a path. */
export function fileName(title: string): string {
  const base = title
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .replace(/[\s_]+/g, '-')
    .slice(0, 60)
    .replace(/^-+|-+$/g, '');
  return base === '' ? 'chat' : base.toLowerCase();
}
