import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../app.js';
import { requireUser } from '../auth/authenticate.js';
import { AppError, UpstreamError } from '../http/errors.js';
import { presentMessage } from './chats.presenter.js';
import { chatParams } from './chats.schema.js';
import { startGeneration, stopGenerations, StopRequest } from './generation.js';
import { messageParams, messageReply, postMessageBody, regenerateBody, replyPairSchema } from './messages.schema.js';
import { startRegeneration, startUserTurn, stopReply, type PreparedReply } from './messages.service.js';
import { EVENT_STREAM_HEADERS, EventStream } from './sse.js';

const tags = ['chats'];

const STREAM_FORMAT =
  'With `stream` (default true) the reply is `text/event-stream`: `event: message` `{userMessage, assistantMessage}` first, ' +
  'then `event: delta` `{content}` for each piece of text, then `event: done` `{message}` (status complete) or ' +
  '`event: error` `{message, error: {code, message}}` (status failed, with what arrived; code stopped | upstream_error | internal_error). ' +
  'With `stream: false`: 201 `{userMessage, assistantMessage}`, or 502 upstream_error when the model server fails. ' +
  'Errors before the reply starts (404, 400, 409, 502, 503) are JSON either way.';

/** Writes the reply: relayed as server-sent events, or awaited and answered as JSON. */
async function sendReply(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, prepared: PreparedReply, stream: boolean) {
  const job = { db: deps.db, config: deps.config, log: request.log, ...prepared };
  const userMessage = prepared.userMessage && presentMessage(prepared.userMessage);
  if (!stream) {
    const generation = startGeneration(job, () => undefined);
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) generation.stop(new StopRequest('The client closed the connection.'));
    });
    const end = await generation.done;
    if (end.failure?.code === 'upstream_error') throw new UpstreamError(end.failure.message);
    if (end.failure?.code === 'internal_error') throw new AppError('internal_error', end.failure.message);
    return reply.status(201).send({ userMessage, assistantMessage: presentMessage(end.message) });
  }
  const events = new EventStream();
  events.send('message', { userMessage, assistantMessage: presentMessage(prepared.reply) });
  const generation = startGeneration(job, (content) => events.send('delta', { content }));
  // The user closing the page stops the reply; what arrived is kept.
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) generation.stop(new StopRequest('The client closed the connection.'));
  });
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

export const messageRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  app.addHook('preClose', () => stopGenerations(db));

  app.post(
    '/api/v1/chats/:id/messages',
    {
      schema: {
        tags,
        summary: "Add my message under parentId (default: the current one) and stream the model's reply",
        description: STREAM_FORMAT,
        params: chatParams,
        body: postMessageBody,
        response: { 201: replyPairSchema },
      },
    },
    async (request, reply) => {
      const prepared = await startUserTurn(db, config, await requireUser(request), request.params.id, request.body);
      return sendReply(app.deps, request, reply, prepared, request.body.stream);
    },
  );

  app.post(
    '/api/v1/chats/:id/messages/:messageId/regenerate',
    {
      schema: {
        tags,
        summary: 'Write a new reply beside this one (same prompt), streamed as above',
        description: STREAM_FORMAT,
        params: messageParams,
        body: regenerateBody,
        response: { 201: replyPairSchema },
      },
    },
    async (request, reply) => {
      const { id, messageId } = request.params;
      const prepared = await startRegeneration(db, config, await requireUser(request), id, messageId, request.body);
      return sendReply(app.deps, request, reply, prepared, request.body.stream);
    },
  );

  app.post(
    '/api/v1/chats/:id/messages/:messageId/stop',
    {
      schema: {
        tags,
        summary: 'Stop a reply being written; it keeps what arrived and is marked failed',
        params: messageParams,
        response: { 200: messageReply },
      },
    },
    async (request) => {
      const { id, messageId } = request.params;
      return { message: presentMessage(await stopReply(db, await requireUser(request), id, messageId)) };
    },
  );
};
