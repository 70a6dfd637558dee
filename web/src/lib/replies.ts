import type { QueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { api, type ReplyListener } from '../api';
import type { Chat, Message, ReplyEnd } from '../types';
import { refreshChats } from './chats';

/**
 * Replies being written, by chat. A reply streams into the chat's cached tree (the query
 * ['chat', id]), so the thread, its ‹ › versions and the sidebar show it like any other message;
 * this store keeps what the cache cannot: how to stop it, and how replies of this visit ended.
 * It lives outside the components so that a reply keeps streaming while the user goes elsewhere.
 */

interface LiveReply {
  /** The reply's id once the server has stored it; until then the stream can only be aborted. */
  messageId: string | null;
  controller: AbortController;
  /** The stop request, once the user asked: its answer is the reply as saved. */
  stopping: Promise<void> | null;
}

/** How a reply of this visit ended early: stopped by the user (no error), or failed, in words. */
export interface ReplyEnding {
  kind: 'stopped' | 'failed';
  text: string;
}

const live = new Map<string, LiveReply>();
/** How replies ended early in this visit, by message id. */
const endings = new Map<string, ReplyEnding>();
const listeners = new Set<() => void>();
let version = 0;

function changed(): void {
  version += 1;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Re-renders when a reply starts, is stopped or ends. */
function useReplyStore(): number {
  return useSyncExternalStore(subscribe, () => version);
}

/** The chat's reply being written, and how to stop it; undefined when none is. */
export function useLiveReply(chatId: string): { messageId: string | null; stopping: boolean; stop: () => void } | undefined {
  useReplyStore();
  const reply = live.get(chatId);
  return reply && { messageId: reply.messageId, stopping: reply.stopping !== null, stop: () => stopReply(chatId) };
}

/**
 * How a reply of this visit ended early (stopped, or failed and why); undefined otherwise.
 * Re-renders only when this message's ending changes, not on every start and end in the chat:
 * each message of a long thread asks.
 */
export function useReplyEnding(messageId: string): ReplyEnding | undefined {
  return useSyncExternalStore(subscribe, () => endings.get(messageId));
}

function updateChat(queryClient: QueryClient, chatId: string, update: (chat: Chat) => Chat): void {
  queryClient.setQueryData<{ chat: Chat }>(['chat', chatId], (data) => data && { chat: update(data.chat) });
}

/** The chat with `message` put in: replacing the one of the same id (or `replacing`), else added. */
function putMessage(chat: Chat, message: Message, replacing?: string): Chat {
  const at = chat.messages.findIndex((m) => m.id === message.id || m.id === replacing);
  const messages = at === -1 ? [...chat.messages, message] : chat.messages.map((m, i) => (i === at ? message : m));
  return { ...chat, messages };
}

let placeholders = 0;
function placeholder(role: Message['role'], parentId: string | null, content: string): Message {
  placeholders += 1;
  return { id: `pending-${placeholders}`, parentId, role, content, model: null, createdAt: new Date().toISOString(), status: 'streaming' };
}

function describeEnding(failure: NonNullable<ReplyEnd['failure']>): ReplyEnding {
  return failure.code === 'stopped'
    ? { kind: 'stopped', text: `Stopped. ${failure.message}` }
    : { kind: 'failed', text: `This reply failed: ${failure.message}` };
}

/** What a reply needs: the prompt it answers (new, or an existing one to regenerate), and how to ask. */
export interface ReplyRequest {
  /** A new prompt under `parentId`, shown at once; absent when regenerating. */
  prompt?: { content: string; parentId: string | null };
  /** When regenerating: the reply it goes beside (its sibling). */
  besideReplyId?: string;
  /** Starts the request; the listener puts what arrives into the chat. */
  start: (listener: ReplyListener, signal: AbortSignal) => Promise<ReplyEnd>;
}

/**
 * Starts a reply in `chatId`: the prompt and an empty reply appear at once, the text grows as it
 * arrives, and the saved messages replace them. Resolves once the server has stored the turn;
 * rejects (with the chat as it was) when it refused it, e.g. no model connection.
 */
export function startReply(queryClient: QueryClient, chatId: string, request: ReplyRequest): Promise<void> {
  if (live.has(chatId)) return Promise.reject(new Error('A reply is still being written in this chat. Stop it or wait until it ends.'));
  const before = queryClient.getQueryData<{ chat: Chat }>(['chat', chatId])?.chat;
  const reply: LiveReply = { messageId: null, controller: new AbortController(), stopping: null };
  live.set(chatId, reply);
  changed();

  // Shown until the server answers with the stored messages.
  const pendingPrompt = request.prompt && placeholder('user', request.prompt.parentId, request.prompt.content);
  const besideParent = before?.messages.find((m) => m.id === request.besideReplyId)?.parentId ?? null;
  const pendingReply = placeholder('assistant', pendingPrompt?.id ?? besideParent, '');
  updateChat(queryClient, chatId, (chat) => {
    const withPrompt = pendingPrompt ? putMessage(chat, { ...pendingPrompt, status: 'complete' }) : chat;
    return { ...putMessage(withPrompt, pendingReply), currentMessageId: pendingReply.id };
  });

  let text = '';
  // What arrived is put into the chat once a frame, not once a chunk: each update renders the
  // thread again, and a fast model sends a chunk every few milliseconds.
  let frame: number | null = null;
  const showText = () => {
    frame = null;
    const id = reply.messageId;
    if (id === null) return;
    updateChat(queryClient, chatId, (chat) => ({
      ...chat,
      messages: chat.messages.map((m) => (m.id === id ? { ...m, content: text } : m)),
    }));
  };
  const flushText = () => {
    if (frame === null) return;
    cancelAnimationFrame(frame);
    showText();
  };
  let started: (() => void) | undefined;
  const startedPromise = new Promise<void>((resolve) => {
    started = resolve;
  });
  const listener: ReplyListener = {
    onStart: ({ userMessage, assistantMessage }) => {
      reply.messageId = assistantMessage.id;
      updateChat(queryClient, chatId, (chat) => {
        const withPrompt = userMessage ? putMessage(chat, userMessage, pendingPrompt?.id) : chat;
        return { ...putMessage(withPrompt, assistantMessage, pendingReply.id), currentMessageId: assistantMessage.id };
      });
      changed();
      started?.();
    },
    onDelta: (content) => {
      text += content;
      frame ??= requestAnimationFrame(showText);
    },
  };

  const finish = async (end: ReplyEnd | null, error: unknown) => {
    flushText();
    const id = reply.messageId;
    if (end?.message) {
      const message = end.message;
      updateChat(queryClient, chatId, (chat) => putMessage(chat, message));
    }
    if (id !== null) {
      if (end?.failure) endings.set(id, describeEnding(end.failure));
      else if (reply.stopping) endings.set(id, { kind: 'stopped', text: 'Stopped. What arrived before you stopped it is kept.' });
      else if (error) {
        endings.set(id, { kind: 'failed', text: `This reply failed: ${error instanceof Error ? error.message : 'the connection was lost.'}` });
        // The text that arrived stays on screen; the server keeps what it saved and marks the reply failed.
        updateChat(queryClient, chatId, (chat) => ({
          ...chat,
          messages: chat.messages.map((m) => (m.id === id && m.status === 'streaming' ? { ...m, status: 'failed' } : m)),
        }));
      }
    }
    // The stop request answers with the reply as saved; wait for it so the chat is read after it.
    await reply.stopping;
    live.delete(chatId);
    changed();
    await refreshChats(queryClient, chatId);
  };

  const run = request.start(listener, reply.controller.signal);
  run.then(
    (end) => finish(end, null),
    (error: unknown) => {
      if (reply.messageId === null) {
        // Refused before it started: the chat goes back to how it was.
        live.delete(chatId);
        changed();
        if (before) queryClient.setQueryData<{ chat: Chat }>(['chat', chatId], { chat: before });
        return;
      }
      return finish(null, error);
    },
  );
  return Promise.race([startedPromise, run.then(() => undefined)]).catch(async (error: unknown) => {
    if (reply.controller.signal.aborted) return refreshChats(queryClient, chatId);
    throw error;
  });
}

/** Stops the chat's reply: tells the server (which keeps what arrived) and stops reading at once. */
export function stopReply(chatId: string): void {
  const reply = live.get(chatId);
  if (!reply || reply.stopping) return;
  const id = reply.messageId;
  reply.stopping =
    id === null
      ? Promise.resolve()
      : api.stopReply(chatId, id).then(
          () => undefined,
          // Aborting the stream stops the reply too (the server sees the client go); the chat is read again after.
          () => undefined,
        );
  reply.controller.abort();
  changed();
}
