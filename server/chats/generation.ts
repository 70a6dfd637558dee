import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { NotFoundError, UpstreamError } from '../http/errors.js';
import { streamCompletion, type ContextMessage } from '../llm/client.js';
import type { AvailableModel } from '../llm/models.js';
import { deleteOrphanBodies, putBodies } from './bodies.repository.js';
import type { StoredMessage } from './chats.service.js';
import { finishMessage, findMessageWithContent, messageStatus, setStreamingBody } from './messages.repository.js';

/**
 * A reply being written: the model's stream relayed to a listener and saved as it goes (every
 * flush interval, not every token), then marked complete, or failed with the reason and what
 * arrived so far. Each intermediate text is collected as soon as a newer one replaces it.
 */

/** Why a reply was stopped before the model finished it; the abort reason of its signal. */
export class StopRequest extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'StopRequest';
  }
}

export interface ReplyFailure {
  code: 'stopped' | 'upstream_error' | 'internal_error';
  message: string;
}

export interface GenerationEnd {
  message: StoredMessage;
  failure: ReplyFailure | null;
}

export interface ReplyJob {
  db: Db;
  config: Config;
  log: FastifyBaseLogger;
  /** The assistant message, stored with status `streaming` and an empty text. */
  reply: StoredMessage;
  model: AvailableModel;
  context: ContextMessage[];
}

export interface Generation {
  stop(request: StopRequest): void;
  done: Promise<GenerationEnd>;
}

interface Active extends Generation {
  db: Db;
}

// Replies being written by this process, by message id.
const active = new Map<string, Active>();

/** Starts writing the reply; `onDelta` gets each piece of text as it arrives. */
export function startGeneration(job: ReplyJob, onDelta: (text: string) => void): Generation {
  const controller = new AbortController();
  const done = run(job, controller, onDelta).finally(() => active.delete(job.reply.id));
  const generation: Active = { db: job.db, done, stop: (request) => controller.abort(request) };
  active.set(job.reply.id, generation);
  return generation;
}

/** The reply being written by this process, if it is. */
export function activeGeneration(messageId: string): Generation | undefined {
  return active.get(messageId);
}

/** Stops every reply this app is writing and waits until each is saved (on shutdown). */
export async function stopGenerations(db: Db): Promise<void> {
  const mine = [...active.values()].filter((g) => g.db === db);
  for (const generation of mine) generation.stop(new StopRequest('Parley was shutting down.'));
  await Promise.allSettled(mine.map((g) => g.done));
}

function failureOf(error: unknown, log: FastifyBaseLogger): ReplyFailure {
  if (error instanceof StopRequest) return { code: 'stopped', message: error.reason };
  if (error instanceof UpstreamError) return { code: 'upstream_error', message: error.message };
  log.error({ err: error }, 'reply failed');
  return { code: 'internal_error', message: 'The reply failed because of an error on our side.' };
}

async function run(job: ReplyJob, controller: AbortController, onDelta: (text: string) => void): Promise<GenerationEnd> {
  const { db, config, reply } = job;
  let content = '';
  let saved = { content: reply.content, hash: reply.body_hash };
  let stoppedElsewhere = false;

  const flush = async () => {
    const text = content;
    if (text === saved.content) return;
    const next = await db.transaction().execute(async (trx) => {
      const [hash = ''] = await putBodies(trx, [text]);
      const streaming = await setStreamingBody(trx, reply.id, hash);
      await deleteOrphanBodies(trx, [streaming ? saved.hash : hash]);
      return streaming ? { content: text, hash } : null;
    });
    if (next) saved = next;
    else {
      stoppedElsewhere = true;
      controller.abort(new StopRequest('Stopped by the user.'));
    }
  };
  let flushing: Promise<void> = Promise.resolve();
  let flushError: unknown = null;
  const timer = setInterval(() => {
    flushing = flushing.then(flush).catch((error: unknown) => {
      flushError = error;
      controller.abort(error);
    });
  }, config.llm.flushIntervalMs);

  let failure: ReplyFailure | null = null;
  try {
    const stream = streamCompletion({
      connection: job.model.connection,
      model: job.model.id,
      messages: job.context,
      signal: controller.signal,
      limits: config.llm,
    });
    for await (const delta of stream) {
      content += delta;
      onDelta(delta);
    }
  } catch (error) {
    failure = failureOf(flushError ?? error, job.log);
  } finally {
    clearInterval(timer);
  }
  await flushing;

  const message = await db.transaction().execute(async (trx) => {
    const status = await messageStatus(trx, reply.id);
    if (status === undefined) {
      // The chat was deleted meanwhile: leave no text behind.
      await deleteOrphanBodies(trx, [saved.hash, reply.body_hash]);
      return undefined;
    }
    if (!failure && (stoppedElsewhere || status === 'failed')) failure = { code: 'stopped', message: 'Stopped by the user.' };
    const [hash = ''] = await putBodies(trx, [content]);
    await finishMessage(trx, reply.id, { bodyHash: hash, status: failure ? 'failed' : 'complete', error: failure?.message ?? null });
    await deleteOrphanBodies(trx, [saved.hash, reply.body_hash].filter((h) => h !== hash));
    return findMessageWithContent(trx, reply.id);
  });
  if (!message) throw new NotFoundError('Chat not found.');
  return { message, failure };
}
