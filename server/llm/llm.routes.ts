import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { modelListReply } from '../../common/api/models.js';
import { listModelOptions } from './llm.service.js';

export const llmRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/v1/models',
    {
      schema: {
        tags: ['models'],
        summary: 'The models of every enabled connection (a connection that is down is left out)',
        response: { 200: modelListReply },
      },
      config: { auth: 'user' },
    },
    async () => ({ items: await listModelOptions(app.deps) }),
  );
};
