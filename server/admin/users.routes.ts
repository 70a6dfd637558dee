import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  adminUserListQuery,
  adminUserListReply,
  adminUserParams,
  createGroupBody,
  groupListReply,
  groupReply,
  updateGroupBody,
  userPatchBody,
} from '../../common/api/admin.js';
import { userReply } from '../../common/api/auth.js';
import { idParams } from '../../common/api/common.js';
import { createGroup, deleteGroup, listAllGroups, updateGroup } from '../users/groups.service.js';
import { presentUser } from '../users/users.presenter.js';
import { deleteUserAsAdmin, listAllUsers, updateUserAsAdmin } from '../users/users.service.js';

const tags = ['admin'];
const config = { auth: 'admin' } as const;

/** Admin Panel → Users, and the groups restricted links can name. */
export const adminUserRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    '/api/v1/admin/users',
    { schema: { tags, summary: 'Every user', querystring: adminUserListQuery, response: { 200: adminUserListReply } }, config },
    async (request) => {
      const page = await listAllUsers(db, request.query);
      return { items: page.items.map(presentUser), nextCursor: page.nextCursor };
    },
  );

  app.patch(
    '/api/v1/admin/users/:id',
    {
      schema: { tags, summary: 'Change a user’s role or name', params: adminUserParams, body: userPatchBody, response: { 200: userReply } },
      config,
    },
    async (request) => ({ user: presentUser(await updateUserAsAdmin(db, request.params.id, request.body)) }),
  );

  app.delete(
    '/api/v1/admin/users/:id',
    { schema: { tags, summary: 'Delete a user, their chats and their links', params: adminUserParams, response: { 204: z.null() } }, config },
    async (request, reply) => {
      await deleteUserAsAdmin(db, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/admin/groups',
    { schema: { tags, summary: 'Groups, for restricted links', response: { 200: groupListReply } }, config },
    async () => ({ items: await listAllGroups(db) }),
  );

  app.post(
    '/api/v1/admin/groups',
    { schema: { tags, summary: 'Create a group', body: createGroupBody, response: { 201: groupReply } }, config },
    async (request, reply) => reply.status(201).send({ group: await createGroup(db, request.body) }),
  );

  app.patch(
    '/api/v1/admin/groups/:id',
    {
      schema: { tags, summary: 'Rename a group or replace its members', params: idParams, body: updateGroupBody, response: { 200: groupReply } },
      config,
    },
    async (request) => ({ group: await updateGroup(db, request.params.id, request.body) }),
  );

  app.delete(
    '/api/v1/admin/groups/:id',
    { schema: { tags, summary: 'Delete a group', params: idParams, response: { 204: z.null() } }, config },
    async (request, reply) => {
      await deleteGroup(db, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
