import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser, requireUser } from '../auth/authenticate.js';
import { chatParams } from '../chats/chats.schema.js';
import { presentShare, presentViewerShare } from './sharing.presenter.js';
import {
  adminShareListQuery,
  adminShareListReply,
  deletedReply,
  forkReply,
  listSharesQuery,
  patchShareBody,
  putShareBody,
  shareIdParam,
  shareListReply,
  shareReply,
  viewerShareSchema,
} from './sharing.schema.js';
import {
  adminRevokeShare,
  forkShare,
  getShareOfChat,
  listAllShares,
  listOwnShares,
  revokeAllShares,
  revokeShare,
  revokeShareOfChat,
  shareChat,
  updateShareSettings,
  viewShare,
  type ShareWithGrants,
} from './sharing.service.js';

const tags = ['sharing'];

export const sharingRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const present = ({ share, grants }: ShareWithGrants) => ({ share: presentShare(share, grants, config.publicUrl) });
  const limit = (l: { max: number; timeWindowMs: number }) => ({ rateLimit: { max: l.max, timeWindow: l.timeWindowMs } });

  app.put(
    '/api/v1/chats/:id/share',
    {
      schema: {
        tags,
        summary: 'Create the chat’s link (201) or re-snapshot it at the same URL (200)',
        params: chatParams,
        body: putShareBody,
        response: { 200: shareReply, 201: shareReply },
      },
      config: limit(config.rateLimits.share),
    },
    async (request, reply) => {
      const result = await shareChat(db, config, await requireUser(request), request.params.id, request.body);
      return reply.status(result.created ? 201 : 200).send(present(result));
    },
  );

  app.get(
    '/api/v1/chats/:id/share',
    { schema: { tags, summary: 'The chat’s link', params: chatParams, response: { 200: shareReply } } },
    async (request) => present(await getShareOfChat(db, await requireUser(request), request.params.id)),
  );

  app.delete(
    '/api/v1/chats/:id/share',
    { schema: { tags, summary: 'Delete the chat’s link; the URL dies at once', params: chatParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await revokeShareOfChat(db, await requireUser(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/shares',
    { schema: { tags, summary: 'My links, by last update', querystring: listSharesQuery, response: { 200: shareListReply } } },
    async (request) => {
      const page = await listOwnShares(db, await requireUser(request), request.query);
      return {
        items: page.items.map((s) => presentShare(s, page.grants.get(s.id), config.publicUrl)),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.delete(
    '/api/v1/shares',
    { schema: { tags, summary: 'Unshare all my links', response: { 200: deletedReply } } },
    async (request) => ({ deleted: await revokeAllShares(db, await requireUser(request)) }),
  );

  app.patch(
    '/api/v1/shares/:shareId',
    {
      schema: {
        tags,
        summary: 'Change a link’s settings (no re-snapshot)',
        params: shareIdParam,
        body: patchShareBody,
        response: { 200: shareReply },
      },
    },
    async (request) =>
      present(await updateShareSettings(db, config, await requireUser(request), request.params.shareId, request.body)),
  );

  app.delete(
    '/api/v1/shares/:shareId',
    { schema: { tags, summary: 'Delete one of my links', params: shareIdParam, response: { 204: z.null() } } },
    async (request, reply) => {
      await revokeShare(db, await requireUser(request), request.params.shareId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/shares/:shareId',
    { schema: { tags, summary: 'A shared snapshot, as a viewer sees it', params: shareIdParam, response: { 200: viewerShareSchema } } },
    async (request) => {
      const { share, snapshot, ownerName } = await viewShare(db, config, await currentUser(request), request.params.shareId);
      return presentViewerShare(share, snapshot, ownerName);
    },
  );

  app.post(
    '/api/v1/shares/:shareId/fork',
    {
      schema: { tags, summary: 'Continue this conversation as a chat of my own', params: shareIdParam, response: { 201: forkReply } },
      config: limit(config.rateLimits.fork),
    },
    async (request, reply) => {
      const chatId = await forkShare(db, config, await requireUser(request), request.params.shareId);
      return reply.status(201).send({ chatId });
    },
  );

  app.get(
    '/api/v1/admin/shares',
    { schema: { tags: ['admin'], summary: 'Every link on the instance', querystring: adminShareListQuery, response: { 200: adminShareListReply } } },
    async (request) => {
      const page = await listAllShares(db, await requireUser(request), request.query);
      return {
        items: page.items.map((s) => ({
          share: presentShare(s, page.grants.get(s.id), config.publicUrl),
          owner: { id: s.user_id, name: s.owner_name, email: s.owner_email },
        })),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.delete(
    '/api/v1/admin/shares/:shareId',
    { schema: { tags: ['admin'], summary: 'Revoke any link', params: shareIdParam, response: { 204: z.null() } } },
    async (request, reply) => {
      await adminRevokeShare(db, await requireUser(request), request.params.shareId);
      return reply.status(204).send(null);
    },
  );
};
