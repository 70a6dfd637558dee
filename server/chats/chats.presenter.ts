import type { ChatRow, MessageRow } from '../db/schema.js';
import type { Chat, ChatSummary, Message } from '../../common/api/chats.js';
import type { Attachment } from '../content/files.repository.js';
import { attachmentsField } from '../files/files.presenter.js';

type PresentableMessage = Pick<MessageRow, 'id' | 'parent_id' | 'role' | 'model' | 'created_at' | 'status'> & {
  content: string;
  attachments?: Attachment[] | undefined;
};

/** Where the chat's owner reads a file of one of its messages. */
export function chatFileUrl(chatId: string, fileId: string): string {
  return `/api/v1/chats/${encodeURIComponent(chatId)}/files/${encodeURIComponent(fileId)}`;
}

/** A message as the API shows it: never the error text, the body hash or provider metadata. */
export function presentMessage(row: PresentableMessage & { chat_id: string }): Message {
  return presentChatMessage(row.chat_id, row);
}

function presentChatMessage(chatId: string, row: PresentableMessage): Message {
  return {
    id: row.id,
    parentId: row.parent_id,
    role: row.role,
    content: row.content,
    model: row.model,
    createdAt: row.created_at,
    status: row.status,
    ...attachmentsField(row.attachments, (fileId) => chatFileUrl(chatId, fileId)),
  };
}

export function presentChat(chat: ChatRow, messages: PresentableMessage[]): Chat {
  return {
    id: chat.id,
    title: chat.title,
    archived: chat.archived === 1,
    pinned: chat.pinned === 1,
    createdAt: chat.created_at,
    updatedAt: chat.updated_at,
    currentMessageId: chat.current_message_id,
    messages: messages.map((m) => presentChatMessage(chat.id, m)),
  };
}

export function presentChatSummary(chat: ChatRow & { share_id: string | null }, match: ChatSummary['match'] = null): ChatSummary {
  return {
    id: chat.id,
    title: chat.title,
    createdAt: chat.created_at,
    updatedAt: chat.updated_at,
    archived: chat.archived === 1,
    pinned: chat.pinned === 1,
    shareId: chat.share_id,
    match,
  };
}
