import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { instanceConfigSchema } from '../../common/api/settings.js';
import { instanceConfig } from './settings.service.js';

export interface SettingsRouteOptions {
  /** Whether the instance has no account yet (told by the folder that knows accounts). */
  firstRun: () => Promise<boolean>;
}

export const settingsRoutes: FastifyPluginAsyncZod<SettingsRouteOptions> = async (app, options) => {
  const { db, config, settings } = app.deps;

  app.get(
    '/api/v1/config',
    { schema: { tags: ['instance'], summary: 'Public instance configuration', response: { 200: instanceConfigSchema } } },
    async () => instanceConfig(await settings.read(db), config.publicUrl, await options.firstRun()),
  );
};
