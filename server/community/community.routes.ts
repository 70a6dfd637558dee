import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { chatParams } from '../../common/api/chats.js';
import {
  communityChatReply,
  communityChatSchema,
  communityFileParams,
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
import { sendFile } from '../files/file-response.js';
import { attachmentsField } from '../files/files.presenter.js';
import type { CommunityChatRow } from '../db/schema.js';
import { rateLimit } from '../http/rate-limit.js';
import {
  deleteCommunityChat,
  listOwnCommunityChats,
  listPublicCommunityChats,
  prepareCommunityHandoff,
  readCommunityFile,
  updateOwnCommunityChat,
  uploadToCommunity,
  viewCommunityChat,
} from './community.service.js';

const tags = ['community'];

/** Where a viewer of an upload gets a file of its snapshot, by the snapshot's own file id. */
export function communityFileUrl(uploadId: string, fileId: string): string {
  return `/api/v1/community/chats/${uploadId}/files/${encodeURIComponent(fileId)}`;
}

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
    async (request) => prepareCommunityHandoff(db, await settings.read(db), config, request.actor, request.params.id),
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
      const chat = await uploadToCommunity(db, await settings.read(db), config.dataDir, request.actor, request.body);
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
      const urlOf = (fileId: string) => communityFileUrl(chat.id, fileId);
      return {
        chat: present(chat),
        messages: nodes.map((node) => ({ ...presentNode(node), ...attachmentsField(node.attachments, urlOf) })),
        currentMessageId: currentNodeId,
      };
    },
  );

  // Gone with the upload, or as soon as the viewer may no longer see it: never cached.
  app.get(
    '/api/v1/community/chats/:id/files/:fileId',
    {
      schema: { tags, summary: 'A file of a message of an upload, as its visibility allows', params: communityFileParams },
      config: { auth: 'optional' },
    },
    async (request, reply) => {
      const { id, fileId } = request.params;
      const { file, bytes } = await readCommunityFile(db, await settings.read(db), config.dataDir, request.viewer, id, fileId);
      void reply.header('Referrer-Policy', 'no-referrer');
      return sendFile(reply, file, bytes, 'none');
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
