import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { chatParams } from '../../common/api/chats.js';
import {
  communityChatReply,
  communityChatSchema,
  communityListQuery,
  communityListReply,
  communityParams,
  handoffReply,
  updateCommunityChatBody,
  uploadBody,
  uploadReply,
  type CommunityChat,
} from '../../common/api/community.js';
import { presentNode } from '../content/content.presenter.js';
import type { CommunityChatRow } from '../db/schema.js';
import { rateLimit } from '../http/rate-limit.js';
import {
  deleteCommunityChat,
  listOwnCommunityChats,
  listPublicCommunityChats,
  prepareCommunityHandoff,
  updateOwnCommunityChat,
  uploadToCommunity,
  viewCommunityChat,
} from './community.service.js';

const tags = ['community'];

export const communityRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config, settings } = app.deps;
  const present = (chat: CommunityChatRow): CommunityChat => ({
    id: chat.id,
    url: `${config.publicUrl}/community/${chat.id}`,
    title: chat.title,
    visibility: chat.visibility,
    createdAt: chat.created_at,
    updatedAt: chat.updated_at,
  });

  app.post(
    '/api/v1/chats/:id/share/community',
    {
      schema: { tags, summary: 'Share to Community: the hub’s upload page and the snapshot to take there', params: chatParams, response: { 200: handoffReply } },
      config: { auth: 'user', ...rateLimit(config.rateLimits.share) },
    },
    async (request) => prepareCommunityHandoff(db, await settings.read(db), config.publicUrl, request.actor, request.params.id),
  );

  app.post(
    '/api/v1/community/chats',
    {
      // A snapshot of a long chat, sent by the sharing instance.
      bodyLimit: config.largeBodyLimitBytes,
      schema: { tags, summary: 'Publish a snapshot on this hub', body: uploadBody, response: { 201: uploadReply } },
      config: { auth: 'user' },
    },
    async (request, reply) => {
      const chat = await uploadToCommunity(db, await settings.read(db), request.actor, request.body);
      return reply.status(201).send({ id: chat.id, url: present(chat).url });
    },
  );

  app.get(
    '/api/v1/community/chats',
    { schema: { tags, summary: 'Public chats on this hub, searchable', querystring: communityListQuery, response: { 200: communityListReply } } },
    async (request) => {
      const page = await listPublicCommunityChats(db, await settings.read(db), request.query);
      return { items: page.items.map(present), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/api/v1/community/chats/mine',
    { schema: { tags, summary: 'My uploads', querystring: communityListQuery, response: { 200: communityListReply } }, config: { auth: 'user' } },
    async (request) => {
      const page = await listOwnCommunityChats(db, await settings.read(db), request.actor, request.query);
      return { items: page.items.map(present), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/api/v1/community/chats/:id',
    {
      schema: { tags, summary: 'One chat, as its visibility allows', params: communityParams, response: { 200: communityChatReply } },
      config: { auth: 'optional' },
    },
    async (request) => {
      const { chat, nodes, currentNodeId } = await viewCommunityChat(db, await settings.read(db), request.viewer, request.params.id);
      return { chat: present(chat), messages: nodes.map(presentNode), currentMessageId: currentNodeId };
    },
  );

  app.patch(
    '/api/v1/community/chats/:id',
    {
      schema: {
        tags,
        summary: 'Change visibility or title (owner)',
        params: communityParams,
        body: updateCommunityChatBody,
        response: { 200: z.object({ chat: communityChatSchema }) },
      },
      config: { auth: 'user' },
    },
    async (request) => ({
      chat: present(await updateOwnCommunityChat(db, await settings.read(db), request.actor, request.params.id, request.body)),
    }),
  );

  app.delete(
    '/api/v1/community/chats/:id',
    { schema: { tags, summary: 'Delete my upload, or any upload as the hub admin', params: communityParams, response: { 204: z.null() } }, config: { auth: 'user' } },
    async (request, reply) => {
      await deleteCommunityChat(db, await settings.read(db), request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
