import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { presentChat, presentChatSummary } from './chats.presenter.js';
import { chatListReply, chatParams, chatReply, createChatBody, listChatsQuery, updateChatBody } from '../../common/api/chats.js';
import { deletedReply } from '../../common/api/common.js';
import { createChat, deleteAllChats, deleteChat, listOwnChats, readChat, updateChat } from './chats.service.js';

const tags = ['chats'];

export const chatRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    '/api/v1/chats',
    { schema: { tags, summary: 'My chats, newest first', querystring: listChatsQuery, response: { 200: chatListReply } }, config: { auth: 'user' } },
    async (request) => {
      const page = await listOwnChats(db, request.actor, request.query);
      return { items: page.items.map((chat) => presentChatSummary(chat, page.matches.get(chat.id) ?? null)), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/api/v1/chats',
    {
      // A seeded thread can be as long as an import; the guard has refused signed-out requests before the body is read.
      bodyLimit: app.deps.config.largeBodyLimitBytes,
      schema: { tags, summary: 'Create a chat, optionally seeded with a thread', body: createChatBody, response: { 201: chatReply } },
      config: { auth: 'user' },
    },
    async (request, reply) => {
      const { chat, messages } = await createChat(db, request.actor, request.body);
      return reply.status(201).send({ chat: presentChat(chat, messages) });
    },
  );

  app.get(
    '/api/v1/chats/:id',
    { schema: { tags, summary: 'A chat with its whole message tree', params: chatParams, response: { 200: chatReply } }, config: { auth: 'user' } },
    async (request) => {
      const { chat, messages } = await readChat(db, app.deps.config.llm, request.actor, request.params.id);
      return { chat: presentChat(chat, messages) };
    },
  );

  app.patch(
    '/api/v1/chats/:id',
    {
      schema: {
        tags,
        summary: 'Rename, archive, pin, or switch the shown branch',
        params: chatParams,
        body: updateChatBody,
        response: { 200: chatReply },
      },
      config: { auth: 'user' },
    },
    async (request) => {
      const { chat, messages } = await updateChat(db, request.actor, request.params.id, request.body);
      return { chat: presentChat(chat, messages) };
    },
  );

  app.delete(
    '/api/v1/chats/:id',
    { schema: { tags, summary: 'Delete a chat; its link dies with it', params: chatParams, response: { 204: z.null() } }, config: { auth: 'user' } },
    async (request, reply) => {
      await deleteChat(db, request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/v1/chats',
    {
      schema: { tags, summary: 'Delete every chat of mine, archived ones too, with their links', response: { 200: deletedReply } },
      config: { auth: 'user' },
    },
    async (request) => ({ deleted: await deleteAllChats(db, request.actor) }),
  );
};
