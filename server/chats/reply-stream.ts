import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import { AppError, UpstreamError } from '../http/errors.js';
import { presentMessage } from './chats.presenter.js';
import { StopRequest, type Generations } from './generation.js';
import type { SettingsStore } from '../settings/settings.service.js';
import type { PreparedReply } from './messages.service.js';
import { EVENT_STREAM_HEADERS, EventStream } from './sse.js';

export interface ReplyDeps {
  db: Db;
  config: Config;
  settings: SettingsStore;
  generations: Generations;
}

/**
 * Writes a prepared reply to the client: relayed as server-sent events (docs/api.md, Messages),
 * or awaited and answered as JSON. Either way the client going away stops the reply, and what
 * arrived is kept.
 */
export async function sendReply(deps: ReplyDeps, request: FastifyRequest, reply: FastifyReply, prepared: PreparedReply, stream: boolean) {
  const job = { db: deps.db, config: deps.config, settings: deps.settings, log: request.log, ...prepared };
  const userMessage = prepared.userMessage && presentMessage(prepared.userMessage);
  const events = stream ? new EventStream() : null;
  events?.send('message', { userMessage, assistantMessage: presentMessage(prepared.reply) });
  const generation = deps.generations.start(job, (content) => events?.send('delta', { content }));
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) generation.stop(new StopRequest('The client closed the connection.'));
  });

  if (!events) {
    const end = await generation.done;
    if (end.failure?.code === 'upstream_error') throw new UpstreamError(end.failure.message);
    if (end.failure?.code === 'internal_error') throw new AppError('internal_error', end.failure.message);
    return reply.status(201).send({ userMessage, assistantMessage: presentMessage(end.message) });
  }
  generation.done
    .then(
      ({ message, failure }) =>
        failure
          ? events.send('error', { message: presentMessage(message), error: failure })
          : events.send('done', { message: presentMessage(message) }),
      (error: unknown) => {
        request.log.error({ err: error }, 'reply failed');
        events.send('error', { message: null, error: { code: 'internal_error', message: 'The reply failed because of an error on our side.' } });
      },
    )
    .finally(() => events.end());
  return reply.status(200).headers(EVENT_STREAM_HEADERS).send(events.body);
}
