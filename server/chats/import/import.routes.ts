import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { importReply } from '../../../common/api/chats.js';
import { rateLimit } from '../../http/rate-limit.js';
import { importChats } from './import.service.js';

export const chatImportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;

  app.post(
    '/api/v1/chats/import',
    {
      // A 10,000-message chat, or hundreds of chats, fit in one request.
      bodyLimit: config.largeBodyLimitBytes,
      schema: {
        tags: ['chats'],
        summary: 'Import chats: a ChatGPT conversations.json array, or an Open WebUI export (all or nothing)',
        body: z.unknown(),
        response: { 200: importReply },
      },
      config: { auth: 'user', ...rateLimit(config.rateLimits.import) },
    },
    async (request) => importChats(db, request.actor, request.body),
  );
};
