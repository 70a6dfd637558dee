import { z } from 'zod';
import { MAX_TITLE } from '../../../common/api/common.js';
import { DEFAULT_TITLE } from '../chats.service.js';
import { buildTree, isoFromEpoch, sourceKey, type ImportedChat, type Problems, type RawNode } from './tree.js';

/** Open WebUI's chat export (Settings → Chats → Export, or one chat's "Export chat (.json)"). */

const epoch = z.number().min(0).max(1e14);
// An export's own id for a chat; a long or odd one is not refused, only not used as the source.
const sourceId = z.union([z.string(), z.number()]);

const messageSchema = z
  .object({
    parentId: z.string().nullish(),
    childrenIds: z.array(z.string()).nullish(),
    role: z.string(),
    content: z.string().nullish(),
    timestamp: epoch.nullish(),
    model: z.string().nullish(),
    files: z.array(z.object({ type: z.string().nullish(), name: z.string().nullish() }).loose()).nullish(),
  })
  .loose();

/** The message's text, with each file the export names but Parley does not import named in it (rule S21). */
function withFilesNamed(content: string, files: readonly { type?: string | null | undefined; name?: string | null | undefined }[]): string {
  const notes = files.map((file) => {
    const what = file.type === 'image' ? 'image' : 'file';
    return file.name ? `[${what} "${file.name}" not included in the import]` : `[${what} not included in the import]`;
  });
  return [content, ...notes].filter((part) => part !== '').join('\n\n');
}

const chatSchema = z
  .object({
    title: z.string().nullish(),
    history: z.object({ messages: z.record(z.string(), messageSchema), currentId: z.string().nullish() }).loose(),
    timestamp: epoch.nullish(),
  })
  .loose();

const entrySchema = z
  .object({
    id: sourceId.nullish(),
    title: z.string().nullish(),
    chat: chatSchema,
    created_at: epoch.nullish(),
    updated_at: epoch.nullish(),
    archived: z.boolean().nullish(),
    pinned: z.boolean().nullish(),
  })
  .loose();

export const openWebUiExportSchema = z.array(entrySchema);
type Entry = z.infer<typeof entrySchema>;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An array of entries; also one entry, and bare chats (`{title, history}`), each as an entry. */
export function openWebUiEntries(body: unknown): unknown[] {
  const list: unknown[] = Array.isArray(body) ? body : [body];
  return list.map((item) => (isObject(item) && !('chat' in item) && 'history' in item ? { chat: item } : item));
}

export function looksLikeOpenWebUi(item: unknown): boolean {
  return isObject(item) && (isObject(item.chat) || isObject(item.history));
}

function toChat(entry: Entry, index: number, problems: Problems): ImportedChat {
  const { history } = entry.chat;
  const createdSeconds = entry.created_at ?? entry.chat.timestamp ?? entry.updated_at ?? Date.now() / 1000;
  const createdAt = isoFromEpoch(createdSeconds);
  const nodes: RawNode[] = Object.entries(history.messages).map(([key, message]) => {
    const role = message.role;
    const shown = role === 'user' || role === 'assistant';
    return {
      key,
      parentKey: message.parentId ?? null,
      childKeys: message.childrenIds ?? [],
      field: `[${index}].chat.history.messages.${key}`,
      message: shown
        ? {
            role,
            content: withFilesNamed(message.content ?? '', message.files ?? []),
            model: role === 'assistant' ? (message.model ?? null) : null,
            createdAt: message.timestamp ? isoFromEpoch(message.timestamp) : createdAt,
          }
        : null,
    };
  });
  const current = { key: history.currentId ?? null, field: `[${index}].chat.history.currentId` };
  const tree = buildTree(nodes, current, `[${index}].chat.history.messages`, problems, { parent: 'parentId', children: 'childrenIds' });
  return {
    sourceKey: sourceKey('openwebui', entry.id, tree),
    archived: entry.archived === true,
    pinned: entry.pinned === true,
    title: ((entry.title ?? entry.chat.title)?.trim() || DEFAULT_TITLE).slice(0, MAX_TITLE),
    createdAt,
    updatedAt: entry.updated_at ? isoFromEpoch(entry.updated_at) : createdAt,
    ...tree,
  };
}

/** The chats of a validated Open WebUI export. */
export function chatsFromOpenWebUi(entries: readonly Entry[], problems: Problems): ImportedChat[] {
  return entries.map((e, i) => toChat(e, i, problems));
}
