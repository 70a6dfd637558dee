import type { ChatRow, MessageRow } from '../db/schema.js';
import type { Chat, ChatSummary, Message } from '../../common/api/chats.js';

/** A message as the API shows it: never the error text, the body hash or provider metadata. */
export function presentMessage(row: MessageRow & { content: string }): Message {
  return {
    id: row.id,
    parentId: row.parent_id,
    role: row.role,
    content: row.content,
    model: row.model,
    createdAt: row.created_at,
    status: row.status,
  };
}

export function presentChat(chat: ChatRow, messages: (MessageRow & { content: string })[]): Chat {
  return {
    id: chat.id,
    title: chat.title,
    archived: chat.archived === 1,
    pinned: chat.pinned === 1,
    createdAt: chat.created_at,
    updatedAt: chat.updated_at,
    currentMessageId: chat.current_message_id,
    messages: messages.map(presentMessage),
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
