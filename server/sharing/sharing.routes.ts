import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { chatParams } from '../../common/api/chats.js';
import { deletedReply } from '../../common/api/common.js';
import {
  forkReply,
  listSharesQuery,
  patchShareBody,
  putShareBody,
  shareIdParam,
  shareListReply,
  shareReply,
  viewerShareSchema,
} from '../../common/api/sharing.js';
import { rateLimit } from '../http/rate-limit.js';
import type { UserRow } from '../db/schema.js';
import type { Settings } from '../settings/settings.schema.js';
import { isSuspended } from './access.js';
import type { ListedShare } from './own-shares.repository.js';
import { presentShare, presentViewerShare, type Grants } from './sharing.presenter.js';
import {
  forkShare,
  getShareOfChat,
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
  const { db, config, settings } = app.deps;
  const presentOwn = (owner: UserRow, current: Settings, rows: ListedShare[], grants: Map<string, Grants>) =>
    rows.map((row) => presentShare(row, grants.get(row.id), config.publicUrl, isSuspended(current, row, owner.role)));
  const present = async (owner: UserRow, { share, grants }: ShareWithGrants) => {
    const current = await settings.read(db);
    return { share: presentShare(share, grants, config.publicUrl, isSuspended(current, share, owner.role)) };
  };

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
      config: { auth: 'user', ...rateLimit(config.rateLimits.share) },
    },
    async (request, reply) => {
      const result = await shareChat(db, await settings.read(db), request.actor, request.params.id, request.body);
      return reply.status(result.created ? 201 : 200).send(await present(request.actor, result));
    },
  );

  app.get(
    '/api/v1/chats/:id/share',
    { schema: { tags, summary: 'The chat’s link', params: chatParams, response: { 200: shareReply } }, config: { auth: 'user' } },
    async (request) => present(request.actor, await getShareOfChat(db, request.actor, request.params.id)),
  );

  app.delete(
    '/api/v1/chats/:id/share',
    {
      schema: { tags, summary: 'Delete the chat’s link; the URL dies at once', params: chatParams, response: { 204: z.null() } },
      config: { auth: 'user' },
    },
    async (request, reply) => {
      await revokeShareOfChat(db, request.actor, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/shares',
    {
      schema: { tags, summary: 'My links, by last update', querystring: listSharesQuery, response: { 200: shareListReply } },
      config: { auth: 'user' },
    },
    async (request) => {
      // The settings (which links are suspended) are read with the page.
      const page = await listOwnShares(db, settings, request.actor, request.query);
      return {
        items: presentOwn(request.actor, page.settings, page.items, page.grants),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.delete(
    '/api/v1/shares',
    { schema: { tags, summary: 'Unshare all my links', response: { 200: deletedReply } }, config: { auth: 'user' } },
    async (request) => ({ deleted: await revokeAllShares(db, request.actor) }),
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
      config: { auth: 'user' },
    },
    async (request) => present(request.actor, await updateShareSettings(db, await settings.read(db), request.actor, request.params.shareId, request.body)),
  );

  app.delete(
    '/api/v1/shares/:shareId',
    {
      schema: { tags, summary: 'Delete one of my links', params: shareIdParam, response: { 204: z.null() } },
      config: { auth: 'user' },
    },
    async (request, reply) => {
      await revokeShare(db, request.actor, request.params.shareId);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/shares/:shareId',
    {
      schema: { tags, summary: 'A shared snapshot, as a viewer sees it', params: shareIdParam, response: { 200: viewerShareSchema } },
      config: { auth: 'optional' },
    },
    async (request, reply) => {
      // A link's content read through the API is kept out of indexes and shared caches, like its page (S16).
      void reply.header('X-Robots-Tag', 'noindex, nofollow').header('Cache-Control', 'private, no-store');
      const { share, snapshot, ownerName } = await viewShare(db, await settings.read(db), request.viewer, request.params.shareId);
      return presentViewerShare(share, snapshot, ownerName);
    },
  );

  app.post(
    '/api/v1/shares/:shareId/fork',
    {
      schema: { tags, summary: 'Continue this conversation as a chat of my own', params: shareIdParam, response: { 201: forkReply } },
      config: { auth: 'user', ...rateLimit(config.rateLimits.fork) },
    },
    async (request, reply) => {
      const chatId = await forkShare(db, await settings.read(db), request.actor, request.params.shareId);
      return reply.status(201).send({ chatId });
    },
  );
};
