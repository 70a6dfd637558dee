import { setImmediate } from 'node:timers/promises';
import type { z } from 'zod';
import type { postMessageBody, regenerateBody } from '../../common/api/messages.js';
import { threadTo } from '../../common/tree.js';
import { getBodies, putBodies } from '../content/bodies.repository.js';
import { attachFiles, ownUploads, withAttachments, type Attachment } from '../content/files.repository.js';
import type { Db } from '../db/database.js';
import { retryOnRace } from '../db/errors.js';
import type { ChatRow, MessageRow, NewMessageRow, UserRow } from '../db/schema.js';
import { BadRequestError, ConflictError, NotFoundError } from '../http/errors.js';
import { newId, nowIso } from '../lib/ids.js';
import type { ContextMessage } from '../llm/client.js';
import { withFileParts } from './context-files.js';
import { availableModels, type ModelDeps } from '../llm/llm.service.js';
import { chooseModel, type AvailableModel } from '../llm/models.js';
import { findChatMessageWithContent, insertMessages, listMessageRows, nextSeq, updateChat } from './chats.repository.js';
import { failCutOffReplies, getOwnChat, type StoredMessage } from './chats.service.js';
import { callModel, cancelModelCall, StopRequest, type Generations, type ModelCall } from './generation.js';
import { failStreamingMessage, findMessageWithContent } from './messages.repository.js';

/** A reply ready to be written: stored as `streaming`, with the model and its call, already under way. */
export interface PreparedReply {
  userMessage: StoredMessage | null;
  reply: StoredMessage;
  /** The chat's owner: the images of the reply become their files. */
  ownerId: string;
  model: AvailableModel;
  /** The model's answer, asked for while the turn was stored. */
  call: ModelCall;
}

/** The chat's messages as tree nodes (without their text). */
async function messageTree(db: Db, chatId: string): Promise<(MessageRow & { parentId: string | null })[]> {
  return (await listMessageRows(db, chatId)).map((m) => ({ ...m, parentId: m.parent_id }));
}

/**
 * The chat's tree, once the replies a crash cut off are failed, so that they do not block the
 * new one (409; docs/architecture.md, Faults). The tree shows whether there is one to fail: the
 * write and the second read are made only then, not before every message.
 */
async function treeWithoutCutOffReplies(deps: ModelDeps, chatId: string): Promise<(MessageRow & { parentId: string | null })[]> {
  const rows = await messageTree(deps.db, chatId);
  const staleBefore = new Date(Date.now() - deps.config.llm.staleReplyMs).toISOString();
  if (!rows.some((m) => m.status === 'streaming' && (m.heartbeat_at ?? m.created_at) < staleBefore)) return rows;
  await failCutOffReplies(deps.db, deps.config.llm, chatId);
  return messageTree(deps.db, chatId);
}

function field(name: string, message: string, text: string): BadRequestError {
  return new BadRequestError(text, [{ field: name, message }]);
}

/** The last model that answered in the thread, to keep talking to the same one. */
function lastModel(thread: readonly MessageRow[]): string | null {
  return thread.findLast((m) => m.role === 'assistant' && m.model !== null)?.model ?? null;
}

/**
 * What the model is sent: the thread's messages with their text and files (images as image
 * parts, text files' text in the prompt), empty ones left out.
 */
async function contextOf(
  deps: ModelDeps,
  thread: readonly MessageRow[],
  prompt?: { content: string; attachments: readonly Attachment[] },
): Promise<ContextMessage[]> {
  const { db } = deps;
  const bodies = await getBodies(db, thread.map((m) => m.body_hash));
  const withFiles = await withAttachments(db, thread);
  const context = withFiles.map((m) => ({ role: m.role, content: bodies.get(m.body_hash) ?? '', attachments: m.attachments ?? [] }));
  if (prompt !== undefined) {
    context.push({ role: 'user', content: prompt.content, attachments: [...prompt.attachments] });
  }
  return withFileParts(deps.config.dataDir, context.filter((m) => m.content !== '' || m.attachments.length > 0));
}

/** The actor's uploads to attach, in order; an id that is not one of them is refused like one that does not exist (rule S21). */
async function attachableUploads(db: Db, actor: UserRow, fileIds: readonly string[]): Promise<Attachment[]> {
  const unique = [...new Set(fileIds)];
  const uploads = await ownUploads(db, actor.id, unique);
  if (uploads.length !== unique.length) {
    throw field('attachments', 'names files that are not your uploads', 'attachments names files that are not your uploads.');
  }
  return uploads;
}

function assertNotStreaming(parent: MessageRow | undefined): void {
  if (parent?.status === 'streaming') {
    throw new ConflictError('The reply to answer is still being written; wait for it or stop it.');
  }
}

/**
 * Calls the model and stores the turn at the same time: the model's first token takes far
 * longer than the transaction (docs/architecture.md, Streaming replies). A turn that cannot be
 * stored cancels the call, so only a stored reply is ever relayed or saved.
 */
async function callWhileStoring<T>(deps: ModelDeps, model: AvailableModel, context: ContextMessage[], store: () => Promise<T>) {
  const call = callModel(model, context, deps.config.llm);
  try {
    // The request reaches the model server first: storing (synchronous on SQLite) would hold it back.
    await setImmediate();
    return { call, stored: await store() };
  } catch (error) {
    cancelModelCall(call);
    throw error;
  }
}

/** Stores the new messages and makes the reply the chat's current message, in one transaction. */
async function storeTurn(
  db: Db,
  actor: UserRow,
  chat: ChatRow,
  turn: { parentId: string | null; prompt?: string; attachments?: readonly Attachment[]; model: string },
) {
  return retryOnRace(() => db.transaction().execute(async (trx) => {
    await getOwnChat(trx, actor, chat.id, { lock: true });
    const [promptHash = '', emptyHash = ''] = await putBodies(trx, [turn.prompt ?? '', '']);
    let seq = await nextSeq(trx, chat.id);
    const now = nowIso();
    const base = { chat_id: chat.id, error: null, created_at: now };
    const rows: NewMessageRow[] = [];
    let parentId = turn.parentId;
    let attachedTo: { id: string; fileIds: string[] } | null = null;
    if (turn.prompt !== undefined) {
      const id = newId();
      rows.push({ ...base, id, parent_id: parentId, seq: seq++, role: 'user', body_hash: promptHash, model: null, status: 'complete' });
      parentId = id;
      attachedTo = { id, fileIds: (turn.attachments ?? []).map((a) => a.id) };
    }
    const replyId = newId();
    rows.push({
      ...base,
      id: replyId,
      parent_id: parentId,
      seq,
      role: 'assistant',
      body_hash: emptyHash,
      model: turn.model,
      status: 'streaming',
      heartbeat_at: now,
    });
    await insertMessages(trx, rows);
    if (attachedTo) await attachFiles(trx, attachedTo.id, attachedTo.fileIds);
    await updateChat(trx, chat.id, { current_message_id: replyId, updated_at: now });
    const stored = await Promise.all(rows.map((r) => findMessageWithContent(trx, r.id)));
    return withAttachments(trx, stored.filter((m): m is StoredMessage => m !== undefined));
  }));
}

/**
 * Adds the actor's message under `parentId` (default: the current message; null: a new root)
 * and an empty reply to be written by the chosen model.
 */
export async function startUserTurn(
  deps: ModelDeps,
  actor: UserRow,
  chatId: string,
  input: z.infer<typeof postMessageBody>,
): Promise<PreparedReply> {
  const { db } = deps;
  const chat = await getOwnChat(db, actor, chatId);
  const rows = await treeWithoutCutOffReplies(deps, chat.id);
  const parentId = input.parentId === undefined ? chat.current_message_id : input.parentId;
  const parent = rows.find((m) => m.id === parentId);
  if (parentId !== null && !parent) {
    throw field('parentId', 'is not a message of this chat', 'parentId is not a message of this chat.');
  }
  assertNotStreaming(parent);
  const thread = threadTo(rows, parentId);
  const attachments = await attachableUploads(db, actor, input.attachments ?? []);
  const model = chooseModel(await availableModels(deps), input.model, lastModel(thread));
  const context = await contextOf(deps, thread, { content: input.content, attachments });
  const { call, stored } = await callWhileStoring(deps, model, context, async () => {
    const [userMessage, reply] = await storeTurn(db, actor, chat, { parentId, prompt: input.content, attachments, model: model.id });
    if (!userMessage || !reply) throw new Error('the new messages were not stored');
    return { userMessage, reply };
  });
  return { ...stored, model, call, ownerId: chat.user_id };
}

/** Adds a new reply beside the assistant message `messageId` (same parent), keeping the old one. */
export async function startRegeneration(
  deps: ModelDeps,
  actor: UserRow,
  chatId: string,
  messageId: string,
  input: z.infer<typeof regenerateBody>,
): Promise<PreparedReply> {
  const { db } = deps;
  const chat = await getOwnChat(db, actor, chatId);
  const rows = await treeWithoutCutOffReplies(deps, chat.id);
  const target = rows.find((m) => m.id === messageId);
  if (!target) throw new NotFoundError('Message not found.');
  if (target.role !== 'assistant') throw field('messageId', 'is not a reply', 'Only a reply can be regenerated.');
  const thread = threadTo(rows, target.parent_id);
  assertNotStreaming(thread.at(-1));
  const model = chooseModel(await availableModels(deps), input.model, target.model ?? lastModel(thread));
  const context = await contextOf(deps, thread);
  const { call, stored } = await callWhileStoring(deps, model, context, async () => {
    const [reply] = await storeTurn(db, actor, chat, { parentId: target.parent_id, model: model.id });
    if (!reply) throw new Error('the new reply was not stored');
    const userMessage = target.parent_id === null ? null : ((await findChatMessageWithContent(db, chat.id, target.parent_id)) ?? null);
    return { reply, userMessage };
  });
  return { ...stored, model, call, ownerId: chat.user_id };
}

/**
 * Stops a reply being written: here if this app writes it, else by marking it failed, which
 * the process writing it notices at its next save. Keeps what arrived; a finished reply is left as is.
 */
export async function stopReply(
  db: Db,
  generations: Generations,
  actor: UserRow,
  chatId: string,
  messageId: string,
): Promise<StoredMessage> {
  const chat = await getOwnChat(db, actor, chatId);
  const message = await findMessageWithContent(db, messageId);
  if (message?.chat_id !== chat.id) throw new NotFoundError('Message not found.');
  if (message.status !== 'streaming') return message;
  const generation = generations.get(messageId);
  if (generation) {
    generation.stop(new StopRequest('Stopped by the user.'));
    return (await generation.done).message;
  }
  await failStreamingMessage(db, messageId, 'Stopped by the user.');
  return (await findMessageWithContent(db, messageId)) ?? message;
}
