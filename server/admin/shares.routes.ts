import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { adminShareListQuery, adminShareListReply, shareIdParam } from '../../common/api/sharing.js';
import { isSuspended } from '../sharing/access.js';
import { presentShare } from '../sharing/sharing.presenter.js';
import { adminRevokeShare, listAllShares } from '../sharing/sharing.service.js';

const tags = ['admin'];

/** Admin Panel → Shared Links: every link on the instance (rule S13). */
export const adminShareRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config, settings } = app.deps;

  app.get(
    '/api/v1/admin/shares',
    {
      schema: { tags, summary: 'Every link on the instance', querystring: adminShareListQuery, response: { 200: adminShareListReply } },
      config: { auth: 'admin' },
    },
    async (request) => {
      const page = await listAllShares(db, request.query);
      const current = await settings.read(db);
      return {
        items: page.items.map((s) => ({
          share: presentShare(s, page.grants.get(s.id), config.publicUrl, isSuspended(current, s, s.owner_role)),
          owner: { id: s.user_id, name: s.owner_name, email: s.owner_email },
        })),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.delete(
    '/api/v1/admin/shares/:shareId',
    { schema: { tags, summary: 'Revoke any link', params: shareIdParam, response: { 204: z.null() } }, config: { auth: 'admin' } },
    async (request, reply) => {
      await adminRevokeShare(db, request.params.shareId);
      return reply.status(204).send(null);
    },
  );
};
