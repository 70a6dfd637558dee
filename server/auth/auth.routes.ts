import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiKeyBody, apiKeyListReply, createdApiKeyReply, signInBody, signUpBody, userReply } from '../../common/api/auth.js';
import { idParams } from '../../common/api/common.js';
import { UnauthenticatedError } from '../http/errors.js';
import { rateLimit } from '../http/rate-limit.js';
import { presentUser } from '../users/users.presenter.js';
import { createApiKey, listOwnApiKeys, presentApiKey, revokeApiKey } from './api-keys.service.js';
import { signIn, signOut, signUp } from './auth.service.js';
import { clearSessionCookie, sessionToken, setSessionCookie } from './authenticate.js';

const tags = ['auth'];

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config, settings, signInFailures } = app.deps;

  app.post(
    '/api/v1/auth/signup',
    {
      schema: { tags, summary: 'Create an account (the first one is admin)', body: signUpBody, response: { 201: userReply } },
      config: rateLimit(config.rateLimits.signUp),
    },
    async (request, reply) => {
      const { user, sessionToken } = await signUp(db, config, await settings.read(db), request.body);
      setSessionCookie(reply, config, sessionToken);
      return reply.status(201).send({ user: presentUser(user) });
    },
  );

  app.post(
    '/api/v1/auth/signin',
    {
      schema: { tags, summary: 'Sign in with email and password', body: signInBody, response: { 200: userReply } },
    },
    async (request, reply) => {
      // Rule S23: only failures count, per account and per address.
      const keys = [`email:${request.body.email}`, `ip:${request.ip}`];
      await signInFailures.assertAllowed(keys);
      const { user, sessionToken } = await signIn(db, config, request.body).catch(async (error: unknown) => {
        if (error instanceof UnauthenticatedError) await signInFailures.recordFailure(keys);
        throw error;
      });
      setSessionCookie(reply, config, sessionToken);
      return { user: presentUser(user) };
    },
  );

  app.post(
    '/api/v1/auth/signout',
    { schema: { tags, summary: 'End this session', response: { 204: z.null() } } },
    async (request, reply) => {
      const token = sessionToken(request);
      if (token) await signOut(db, config, token);
      clearSessionCookie(reply, config);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/auth/me',
    { schema: { tags, summary: 'The signed-in user', response: { 200: userReply } }, config: { auth: 'pending' } },
    async (request) => ({ user: presentUser(request.actor) }),
  );

  app.post(
    '/api/v1/auth/api-keys',
    {
      schema: { tags, summary: 'Create an API key (shown once)', body: apiKeyBody, response: { 201: createdApiKeyReply } },
      config: { auth: 'user' },
    },
    async (request, reply) => {
      const { apiKey, key } = await createApiKey(db, config, request.actor, request.apiKey, request.body);
      return reply.status(201).send({ ...presentApiKey(apiKey), key });
    },
  );

  app.get(
    '/api/v1/auth/api-keys',
    { schema: { tags, summary: 'My API keys (without the keys)', response: { 200: apiKeyListReply } }, config: { auth: 'user' } },
    async (request) => {
      const keys = await listOwnApiKeys(db, request.actor, request.apiKey);
      return { items: keys.map(presentApiKey), nextCursor: null };
    },
  );

  app.delete(
    '/api/v1/auth/api-keys/:id',
    {
      schema: { tags, summary: 'Revoke one of my API keys', params: idParams, response: { 204: z.null() } },
      config: { auth: 'user' },
    },
    async (request, reply) => {
      await revokeApiKey(db, request.actor, request.apiKey, request.params.id);
      return reply.status(204).send(null);
    },
  );
};
