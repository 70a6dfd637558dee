import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { roleSchema, userSchema } from '../../common/api.js';
import { requireUser } from '../auth/authenticate.js';
import { idParam } from '../chats/chats.schema.js';
import { pageQuery, pageSchema } from '../http/pagination.js';
import { presentUser } from '../users/users.presenter.js';
import { createGroup, deleteGroup, listAllGroups, updateGroup } from './groups.service.js';
import { deleteUserAsAdmin, listAllUsers, updateUserAsAdmin } from './users.service.js';

const tags = ['admin'];
const params = z.strictObject({ id: idParam });
const name = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
const groupSchema = z.object({ id: z.string(), name: z.string(), userIds: z.array(z.string()), createdAt: z.string() });
const userIds = z.array(idParam).max(10_000);

export const adminUserRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    '/api/v1/admin/users',
    {
      schema: {
        tags,
        summary: 'Every user',
        querystring: z.strictObject({ q: z.string().trim().max(200).optional(), ...pageQuery }),
        response: { 200: pageSchema(userSchema) },
      },
    },
    async (request) => {
      const page = await listAllUsers(db, await requireUser(request), request.query);
      return { items: page.items.map(presentUser), nextCursor: page.nextCursor };
    },
  );

  app.patch(
    '/api/v1/admin/users/:id',
    {
      schema: {
        tags,
        summary: 'Change a user’s role or name',
        params,
        body: z.strictObject({ role: roleSchema.optional(), name: name.optional() }),
        response: { 200: z.object({ user: userSchema }) },
      },
    },
    async (request) => ({
      user: presentUser(await updateUserAsAdmin(db, await requireUser(request), request.params.id, request.body)),
    }),
  );

  app.delete(
    '/api/v1/admin/users/:id',
    { schema: { tags, summary: 'Delete a user, their chats and their links', params, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteUserAsAdmin(db, await requireUser(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/admin/groups',
    { schema: { tags, summary: 'Groups, for restricted links', response: { 200: z.object({ items: z.array(groupSchema) }) } } },
    async (request) => ({ items: await listAllGroups(db, await requireUser(request)) }),
  );

  app.post(
    '/api/v1/admin/groups',
    {
      schema: {
        tags,
        summary: 'Create a group',
        body: z.strictObject({ name, userIds: userIds.optional() }),
        response: { 201: z.object({ group: groupSchema }) },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ group: await createGroup(db, await requireUser(request), request.body) }),
  );

  app.patch(
    '/api/v1/admin/groups/:id',
    {
      schema: {
        tags,
        summary: 'Rename a group or replace its members',
        params,
        body: z.strictObject({ name: name.optional(), userIds: userIds.optional() }),
        response: { 200: z.object({ group: groupSchema }) },
      },
    },
    async (request) => ({ group: await updateGroup(db, await requireUser(request), request.params.id, request.body) }),
  );

  app.delete(
    '/api/v1/admin/groups/:id',
    { schema: { tags, summary: 'Delete a group', params, response: { 204: z.null() } } },
    async (request, reply) => {
      await deleteGroup(db, await requireUser(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
