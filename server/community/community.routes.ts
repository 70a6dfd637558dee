import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser, requireUser } from '../auth/authenticate.js';
import { presentMessage } from '../chats/chats.presenter.js';
import { chatParams } from '../chats/chats.schema.js';
import type { CommunityChatRow, SnapshotNodeRow } from '../db/schema.js';
import {
  communityChatReply,
  communityListReply,
  communityParams,
  handoffReply,
  listQuery,
  updateBody,
  uploadBody,
  uploadReply,
} from './community.schema.js';
import {
  deleteOwnCommunityChat,
  listOwnCommunityChats,
  listPublicCommunityChats,
  prepareCommunityHandoff,
  updateOwnCommunityChat,
  uploadToCommunity,
  viewCommunityChat,
} from './community.service.js';

const tags = ['community'];

export const communityRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const present = (chat: CommunityChatRow) => ({
    id: chat.id,
    url: `${config.publicUrl}/community/${chat.id}`,
    title: chat.title,
    visibility: chat.visibility,
    createdAt: chat.created_at,
    updatedAt: chat.updated_at,
  });
  const presentNode = (node: SnapshotNodeRow & { content: string }) =>
    presentMessage({ ...node, chat_id: '', status: 'complete', error: null });

  app.post(
    '/api/v1/chats/:id/share/community',
    {
      schema: { tags, summary: 'Share to Community: the hub’s upload page and the snapshot to take there', params: chatParams, response: { 200: handoffReply } },
      config: { rateLimit: { max: config.rateLimits.share.max, timeWindow: config.rateLimits.share.timeWindowMs } },
    },
    async (request) => prepareCommunityHandoff(db, config, await requireUser(request), request.params.id),
  );

  app.post(
    '/api/v1/community/chats',
    { schema: { tags, summary: 'Publish a snapshot on this hub', body: uploadBody, response: { 201: uploadReply } } },
    async (request, reply) => {
      const chat = await uploadToCommunity(db, config, await requireUser(request), request.body);
      return reply.status(201).send({ id: chat.id, url: present(chat).url });
    },
  );

  app.get(
    '/api/v1/community/chats',
    { schema: { tags, summary: 'Public chats on this hub, searchable', querystring: listQuery, response: { 200: communityListReply } } },
    async (request) => {
      const page = await listPublicCommunityChats(db, config, request.query);
      return { items: page.items.map(present), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/api/v1/community/chats/mine',
    { schema: { tags, summary: 'My uploads', querystring: listQuery, response: { 200: communityListReply } } },
    async (request) => {
      const page = await listOwnCommunityChats(db, config, await requireUser(request), request.query);
      return { items: page.items.map(present), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/api/v1/community/chats/:id',
    { schema: { tags, summary: 'One chat, as its visibility allows', params: communityParams, response: { 200: communityChatReply } } },
    async (request) => {
      const { chat, nodes, currentNodeId } = await viewCommunityChat(db, config, await currentUser(request), request.params.id);
      return { chat: present(chat), messages: nodes.map(presentNode), currentMessageId: currentNodeId };
    },
  );

  app.patch(
    '/api/v1/community/chats/:id',
    { schema: { tags, summary: 'Change visibility or title (owner)', params: communityParams, body: updateBody, response: { 200: z.object({ chat: communityChatReply.shape.chat }) } } },
    async (request) => ({
      chat: present(await updateOwnCommunityChat(db, config, await requireUser(request), request.params.id, request.body)),
    }),
  );

  app.delete(
    '/api/v1/community/chats/:id',
    { schema: { tags, summary: 'Delete my upload', params: communityParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteOwnCommunityChat(db, config, await requireUser(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
