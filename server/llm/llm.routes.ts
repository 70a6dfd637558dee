import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireUser } from '../auth/authenticate.js';
import { connectionTestBody, connectionTestReply, modelListReply } from './llm.schema.js';
import { listAvailableModels, testConnection } from './llm.service.js';

export const llmRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;

  app.get(
    '/api/v1/models',
    {
      schema: {
        tags: ['models'],
        summary: 'The models of every enabled connection (a connection that is down is left out)',
        response: { 200: modelListReply },
      },
    },
    async (request) => ({ items: await listAvailableModels(db, config, await requireUser(request)) }),
  );

  app.post(
    '/api/v1/admin/connections/test',
    {
      schema: {
        tags: ['admin'],
        summary: "List a connection's models, to test it (admins); 502 upstream_error when it does not answer",
        body: connectionTestBody,
        response: { 200: connectionTestReply },
      },
    },
    async (request) => ({ items: await testConnection(db, config, await requireUser(request), request.body) }),
  );
};
