import type { Message, ShareInput } from '../../types';

/**
 * Which messages of the thread a snapshot holds (S3): up to a chosen message, without the ones
 * left out. Ids are the chat's; the server gives the snapshot its own.
 */
export interface MessageChoiceValue {
  /** The last message to share; null: the thread's last. */
  upTo: string | null;
  leftOut: ReadonlySet<string>;
}

export const ALL_MESSAGES: MessageChoiceValue = { upTo: null, leftOut: new Set() };

/** The messages up to the chosen one (all of them when it is not in the thread). */
export function upToChosen(thread: readonly Message[], choice: MessageChoiceValue): Message[] {
  const end = choice.upTo === null ? -1 : thread.findIndex((message) => message.id === choice.upTo);
  return end === -1 ? [...thread] : thread.slice(0, end + 1);
}

/** The messages the snapshot will hold, in order. */
export function sharedMessages(thread: readonly Message[], choice: MessageChoiceValue): Message[] {
  return upToChosen(thread, choice).filter((message) => !choice.leftOut.has(message.id));
}

/** The choice as `PUT /api/v1/chats/:id/share` takes it; nothing for the whole thread. */
export function choiceInput(thread: readonly Message[], choice: MessageChoiceValue): Pick<ShareInput, 'upToMessageId' | 'excludeMessageIds'> {
  const upTo = upToChosen(thread, choice);
  const last = upTo.at(-1);
  const leftOut = upTo.filter((message) => choice.leftOut.has(message.id)).map((message) => message.id);
  return {
    ...(last && upTo.length < thread.length && { upToMessageId: last.id }),
    ...(leftOut.length > 0 && { excludeMessageIds: leftOut }),
  };
}

/** "3. You: How do I…", to name a message in a list. */
export function messageLabel(message: Message, index: number): string {
  const who = message.role === 'user' ? 'You' : message.role === 'system' ? 'System' : (message.model ?? 'Assistant');
  const text = message.content.replace(/\s+/g, ' ').trim();
  return `${index + 1}. ${who}: ${text.length > 60 ? `${text.slice(0, 60).trimEnd()}…` : text || '(empty)'}`;
}
