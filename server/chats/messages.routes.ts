import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { messageParams, messageReply, postMessageBody, regenerateBody, replyPairSchema } from '../../common/api/messages.js';
import { chatParams } from '../../common/api/chats.js';
import { presentMessage } from './chats.presenter.js';
import { startRegeneration, startUserTurn, stopReply } from './messages.service.js';
import { sendReply } from './reply-stream.js';

const tags = ['chats'];

const STREAM_FORMAT =
  'With `stream` (default true) the reply is `text/event-stream`: `event: message` `{userMessage, assistantMessage}` first, ' +
  'then `event: delta` `{content}` for each piece of text, then `event: done` `{message}` (status complete) or ' +
  '`event: error` `{message, error: {code, message}}` (status failed, with what arrived; code stopped | upstream_error | internal_error). ' +
  'With `stream: false`: 201 `{userMessage, assistantMessage}`, or 502 upstream_error when the model server fails. ' +
  'Errors before the reply starts (404, 400, 409, 502, 503) are JSON either way (docs/api.md, Messages).';

export const messageRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  app.addHook('preClose', () => deps.generations.stopAll());

  app.post(
    '/api/v1/chats/:id/messages',
    {
      // A message may hold a million characters.
      bodyLimit: deps.config.largeBodyLimitBytes,
      schema: {
        tags,
        summary: "Add my message under parentId (default: the current one) and stream the model's reply",
        description: STREAM_FORMAT,
        params: chatParams,
        body: postMessageBody,
        response: { 201: replyPairSchema },
      },
      config: { auth: 'user' },
    },
    async (request, reply) => {
      const prepared = await startUserTurn(deps, request.actor, request.params.id, request.body);
      return sendReply(deps, request, reply, prepared, request.body.stream);
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
      config: { auth: 'user' },
    },
    async (request, reply) => {
      const { id, messageId } = request.params;
      const prepared = await startRegeneration(deps, request.actor, id, messageId, request.body);
      return sendReply(deps, request, reply, prepared, request.body.stream);
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
      config: { auth: 'user' },
    },
    async (request) => {
      const { id, messageId } = request.params;
      return { message: presentMessage(await stopReply(deps.db, deps.generations, request.actor, id, messageId)) };
    },
  );
};
