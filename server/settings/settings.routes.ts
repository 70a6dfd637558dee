import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { instanceConfigSchema } from '../../common/api/settings.js';
import { instanceConfig } from './settings.service.js';

export const settingsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, settings } = app.deps;

  app.get(
    '/api/v1/config',
    { schema: { tags: ['instance'], summary: 'Public instance configuration', response: { 200: instanceConfigSchema } } },
    async () => instanceConfig(await settings.read(db)),
  );
};
