import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { presentUser } from '../users/users.presenter.js';
import {
  apiKeyBody,
  apiKeyListReply,
  apiKeyParams,
  createdApiKeyReply,
  signInBody,
  signUpBody,
  userReply,
} from './auth.schema.js';
import { createApiKey, listOwnApiKeys, revokeApiKey, signIn, signOut, signUp } from './auth.service.js';
import { clearSessionCookie, requireUser, SESSION_COOKIE, setSessionCookie } from './authenticate.js';

const tags = ['auth'];

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;
  const rateLimit = (limit: { max: number; timeWindowMs: number }) => ({
    rateLimit: { max: limit.max, timeWindow: limit.timeWindowMs },
  });

  app.post(
    '/api/v1/auth/signup',
    {
      schema: { tags, summary: 'Create an account (the first one is admin)', body: signUpBody, response: { 201: userReply } },
      config: rateLimit(config.rateLimits.signUp),
    },
    async (request, reply) => {
      const { user, sessionToken } = await signUp(db, config, request.body);
      setSessionCookie(reply, config, sessionToken);
      return reply.status(201).send({ user: presentUser(user) });
    },
  );

  app.post(
    '/api/v1/auth/signin',
    {
      schema: { tags, summary: 'Sign in with email and password', body: signInBody, response: { 200: userReply } },
      config: rateLimit(config.rateLimits.signIn),
    },
    async (request, reply) => {
      const { user, sessionToken } = await signIn(db, config, request.body);
      setSessionCookie(reply, config, sessionToken);
      return { user: presentUser(user) };
    },
  );

  app.post(
    '/api/v1/auth/signout',
    { schema: { tags, summary: 'End this session', response: { 204: z.null() } } },
    async (request, reply) => {
      const token = request.cookies[SESSION_COOKIE];
      if (token) await signOut(db, config, token);
      clearSessionCookie(reply, config);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/me',
    { schema: { tags, summary: 'The signed-in user', response: { 200: userReply } } },
    async (request) => ({ user: presentUser(await requireUser(request, { allowPending: true })) }),
  );

  app.post(
    '/api/v1/auth/api-keys',
    {
      schema: { tags, summary: 'Create an API key (shown once)', body: apiKeyBody, response: { 201: createdApiKeyReply } },
    },
    async (request, reply) => {
      const actor = await requireUser(request);
      const { apiKey, key } = await createApiKey(db, config, actor, request.body.name);
      return reply.status(201).send({ id: apiKey.id, name: apiKey.name, createdAt: apiKey.created_at, key });
    },
  );

  app.get(
    '/api/v1/auth/api-keys',
    { schema: { tags, summary: 'My API keys (without the keys)', response: { 200: apiKeyListReply } } },
    async (request) => {
      const actor = await requireUser(request);
      const keys = await listOwnApiKeys(db, actor);
      return { items: keys.map((k) => ({ id: k.id, name: k.name, createdAt: k.created_at })), nextCursor: null };
    },
  );

  app.delete(
    '/api/v1/auth/api-keys/:id',
    { schema: { tags, summary: 'Revoke one of my API keys', params: apiKeyParams, response: { 204: z.null() } } },
    async (request, reply) => {
      await revokeApiKey(db, await requireUser(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
