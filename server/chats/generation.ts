import { setImmediate } from 'node:timers/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { Config, LlmLimits } from '../config.js';
import type { Db } from '../db/database.js';
import { retryOnRace } from '../db/errors.js';
import { NotFoundError, UpstreamError } from '../http/errors.js';
import { streamCompletion, type ContextMessage } from '../llm/client.js';
import type { AvailableModel } from '../llm/models.js';
import { putBodies } from '../content/bodies.repository.js';
import { collectContent } from '../content/references.js';
import type { StoredMessage } from './chats.service.js';
import type { ReplyFailure } from '../../common/api/messages.js';
import type { SettingsStore } from '../settings/settings.service.js';
import { withAttachments } from '../content/files.repository.js';
import { attachReplyImages, settleReplyImages, takeLinkedImages, takeReplyImages, writeReplyImages } from './reply-images.js';
import { finishMessage, findMessageWithContent, messageStatus, setStreamingBody, touchStreamingReply } from './messages.repository.js';

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

export interface GenerationEnd {
  message: StoredMessage;
  failure: ReplyFailure | null;
}

/**
 * The model's answer, asked for before the reply is stored (docs/architecture.md, Streaming
 * replies): its first token takes far longer than storing the turn. Nothing of it is relayed or
 * saved until `Generations.start` takes it for a stored reply; `cancelModelCall` drops it.
 */
export interface ModelCall {
  controller: AbortController;
  stream: AsyncGenerator<string, void>;
  /** The first delta (or the end, or the error), pulled as soon as the call starts. */
  first: Promise<IteratorResult<string, void>>;
}

/** Sends the thread to the model now; `Generations.start` relays the answer once the reply is stored. */
export function callModel(model: AvailableModel, context: readonly ContextMessage[], limits: LlmLimits): ModelCall {
  const controller = new AbortController();
  const stream = streamCompletion({ connection: model.connection, model: model.id, messages: context, signal: controller.signal, limits });
  const first = stream.next();
  // Awaited by run() once the reply is stored; failing before then must not count as unhandled.
  first.catch(() => undefined);
  return { controller, stream, first };
}

/** Drops a call whose reply was never stored: the request to the model server is aborted. */
export function cancelModelCall(call: ModelCall): void {
  call.controller.abort(new StopRequest('The reply was not stored.'));
  // Ends the stream if a delta already arrived (the generator then waits at a yield).
  call.stream.return(undefined).catch(() => undefined);
}

export interface ReplyJob {
  db: Db;
  config: Config;
  log: FastifyBaseLogger;
  settings: SettingsStore;
  /** The chat's owner, who owns the images the reply carries. */
  ownerId: string;
  /** The assistant message, stored with status `streaming` and an empty text. */
  reply: StoredMessage;
  model: AvailableModel;
  /** The model's answer, already asked for (callModel). */
  call: ModelCall;
}

export interface Generation {
  stop(request: StopRequest): void;
  done: Promise<GenerationEnd>;
}

/** The replies this app is writing, by message id: created with the app, emptied when it closes. */
export class Generations {
  private readonly active = new Map<string, Generation>();
  /** Set once shutdown began: a reply whose request got past the closing check stops at once. */
  private shutdown: StopRequest | null = null;

  /** Starts writing the reply; `onDelta` gets each piece of text as it arrives. */
  start(job: ReplyJob, onDelta: (text: string) => void): Generation {
    const { controller } = job.call;
    if (this.shutdown) controller.abort(this.shutdown);
    const done = run(job, controller, onDelta).finally(() => this.active.delete(job.reply.id));
    const generation: Generation = { done, stop: (request) => controller.abort(request) };
    this.active.set(job.reply.id, generation);
    return generation;
  }

  /** The reply being written by this app, if it is. */
  get(messageId: string): Generation | undefined {
    return this.active.get(messageId);
  }

  /** Stops every reply and waits until each is saved (on shutdown). */
  async stopAll(): Promise<void> {
    this.shutdown = new StopRequest('Parley was shutting down.');
    const all = [...this.active.values()];
    for (const generation of all) generation.stop(this.shutdown);
    await Promise.allSettled(all.map((g) => g.done));
  }
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
  let lastBeat = Date.now();

  const flush = async () => {
    const text = content;
    if (text === saved.content) {
      // Nothing new to save: still say this instance is writing the reply (docs/architecture.md, Faults).
      if (Date.now() - lastBeat < config.llm.heartbeatIntervalMs) return;
      lastBeat = Date.now();
      if (await touchStreamingReply(db, reply.id)) return;
      stoppedElsewhere = true;
      controller.abort(new StopRequest('Stopped by the user.'));
      return;
    }
    lastBeat = Date.now();
    const next = await retryOnRace(() => db.transaction().execute(async (trx) => {
      const [hash = ''] = await putBodies(trx, [text]);
      const streaming = await setStreamingBody(trx, reply.id, hash);
      await collectContent(trx, { bodies: [streaming ? saved.hash : hash] });
      return streaming ? { content: text, hash } : null;
    }));
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
    const { stream } = job.call;
    for (let step = await job.call.first; step.done !== true; step = await stream.next()) {
      content += step.value;
      onDelta(step.value);
    }
  } catch (error) {
    failure = failureOf(flushError ?? error, job.log);
  } finally {
    clearInterval(timer);
    // A no-op once the stream ended; closes the model's response if the loop left it early.
    await job.call.stream.return(undefined);
  }
  await flushing;
  // What was relayed leaves before the reply is saved. A reply that came in one read of the
  // model's stream was relayed in this same turn of the event loop, so without this its first
  // delta would wait, corked in the response's socket, until the saving below is done.
  await setImmediate();

  // Images written as data URLs, or linked on the model server, become files of the reply (reply-images.ts).
  const limits = (await job.settings.read(db)).files;
  const inline = await takeReplyImages(content, limits);
  const linked = await takeLinkedImages(inline.text, limits, job.model.connection, config.llm.connectTimeoutMs, inline.images.length + 1);
  const taken = { text: linked.text, images: [...inline.images, ...linked.images] };
  content = taken.text;
  await writeReplyImages(config.dataDir, taken.images);

  const message = await retryOnRace(() => db.transaction().execute(async (trx) => {
    const status = await messageStatus(trx, reply.id);
    if (status === undefined) {
      // The chat was deleted meanwhile: leave no text behind.
      await collectContent(trx, { bodies: [saved.hash, reply.body_hash] });
      return undefined;
    }
    if (!failure && (stoppedElsewhere || status === 'failed')) failure = { code: 'stopped', message: 'Stopped by the user.' };
    const [hash = ''] = await putBodies(trx, [content]);
    await finishMessage(trx, reply.id, { bodyHash: hash, status: failure ? 'failed' : 'complete', error: failure?.message ?? null });
    await attachReplyImages(trx, job.ownerId, reply.id, taken.images);
    await collectContent(trx, { bodies: [saved.hash, reply.body_hash].filter((h) => h !== hash) });
    const finished = await findMessageWithContent(trx, reply.id);
    return finished && (await withAttachments(trx, [finished]))[0];
  }));
  await settleReplyImages(db, config.dataDir, taken.images, message !== undefined);
  if (!message) throw new NotFoundError('Chat not found.');
  return { message, failure };
}
