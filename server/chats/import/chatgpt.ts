import { z } from 'zod';
import { MAX_TITLE } from '../../../common/api/common.js';
import { DEFAULT_TITLE } from '../chats.service.js';
import { buildTree, isoFromEpoch, sourceKey, type ImportedChat, type Problems, type RawNode } from './tree.js';

/** ChatGPT's `conversations.json` (Settings → Data controls → Export data). */

const epoch = z.number().min(0).max(1e14);
// An export's own id for a chat; a long or odd one is not refused, only not used as the source.
const sourceId = z.union([z.string(), z.number()]);

const messageSchema = z
  .object({
    author: z.object({ role: z.string() }).loose(),
    content: z
      .object({ content_type: z.string(), parts: z.array(z.unknown()).nullish(), text: z.string().nullish() })
      .loose(),
    create_time: epoch.nullish(),
    recipient: z.string().nullish(),
    metadata: z
      .object({ model_slug: z.string().nullish(), is_visually_hidden_from_conversation: z.boolean().nullish() })
      .loose()
      .nullish(),
  })
  .loose();

const nodeSchema = z
  .object({ message: messageSchema.nullish(), parent: z.string().nullish(), children: z.array(z.string()).nullish() })
  .loose();

const conversationSchema = z
  .object({
    id: sourceId.nullish(),
    conversation_id: sourceId.nullish(),
    title: z.string().nullish(),
    create_time: epoch.nullish(),
    update_time: epoch.nullish(),
    mapping: z.record(z.string(), nodeSchema),
    current_node: z.string().nullish(),
  })
  .loose();

export const chatgptExportSchema = z.array(conversationSchema);
type Conversation = z.infer<typeof conversationSchema>;
type ChatGptMessage = z.infer<typeof messageSchema>;

// Internals of tools and reasoning, never shown as a turn of the conversation.
const HIDDEN_CONTENT = new Set(['user_editable_context', 'model_editable_context', 'thoughts', 'reasoning_recap', 'system_error']);

/** What stands where an export had an image or a file it did not carry (rule S21). */
export const IMAGE_LEFT_OUT = '[image not included in the export]';
export const FILE_LEFT_OUT = '[file not included in the export]';

/** The text a message shows, or null for a message Parley leaves out. */
function shownText(message: ChatGptMessage): string | null {
  const role = message.author.role;
  if (role !== 'user' && role !== 'assistant') return null;
  if (message.metadata?.is_visually_hidden_from_conversation === true) return null;
  if (message.recipient && message.recipient !== 'all') return null;
  if (HIDDEN_CONTENT.has(message.content.content_type)) return null;
  // conversations.json points at images and files (`image_asset_pointer`) without their bytes: name them.
  const parts = (message.content.parts ?? []).flatMap((p): string[] => {
    if (typeof p === 'string') return [p];
    const kind = typeof p === 'object' && p !== null && 'content_type' in p ? String(p.content_type) : '';
    return [kind.includes('image') ? IMAGE_LEFT_OUT : FILE_LEFT_OUT];
  });
  const text = parts.length > 0 ? parts.filter((p) => p !== '').join('\n\n') : (message.content.text ?? '');
  return text === '' && message.content.content_type !== 'text' ? null : text;
}

function toChat(conversation: Conversation, index: number, problems: Problems): ImportedChat {
  const createdAt = isoFromEpoch(conversation.create_time ?? conversation.update_time ?? Date.now() / 1000);
  const nodes: RawNode[] = Object.entries(conversation.mapping).map(([key, node]) => {
    const message = node.message ?? null;
    const text = message === null ? null : shownText(message);
    const role = message?.author.role === 'assistant' ? 'assistant' : 'user';
    return {
      key,
      parentKey: node.parent ?? null,
      childKeys: node.children ?? [],
      field: `[${index}].mapping.${key}`,
      message:
        message === null || text === null
          ? null
          : {
              role,
              content: text,
              model: role === 'assistant' ? (message.metadata?.model_slug ?? null) : null,
              createdAt: message.create_time ? isoFromEpoch(message.create_time) : createdAt,
            },
    };
  });
  const tree = buildTree(nodes, { key: conversation.current_node ?? null, field: `[${index}].current_node` }, `[${index}].mapping`, problems);
  return {
    sourceKey: sourceKey('chatgpt', conversation.conversation_id ?? conversation.id, tree),
    archived: false,
    pinned: false,
    title: (conversation.title?.trim() || DEFAULT_TITLE).slice(0, MAX_TITLE),
    createdAt,
    updatedAt: conversation.update_time ? isoFromEpoch(conversation.update_time) : createdAt,
    ...tree,
  };
}

/** The chats of a validated ChatGPT export. */
export function chatsFromChatGpt(conversations: readonly Conversation[], problems: Problems): ImportedChat[] {
  return conversations.map((c, i) => toChat(c, i, problems));
}
