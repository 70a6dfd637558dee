import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { instanceConfigSchema, type InstanceConfig } from '../../common/api/settings.js';
import type { Settings } from './settings.schema.js';
import { instanceConfig } from './settings.service.js';

export interface SettingsRouteOptions {
  /** Whether the instance has no account yet (told by the folder that knows accounts). */
  firstRun: () => Promise<boolean>;
}

export const settingsRoutes: FastifyPluginAsyncZod<SettingsRouteOptions> = async (app, options) => {
  const { db, config, settings } = app.deps;
  // Asked by every page load: the settings are read each time (a change elsewhere holds at once),
  // but the reply is serialised only when they changed (the store hands back the same object).
  let last: { settings: Settings; firstRun: boolean; reply: InstanceConfig; json: string } | undefined;

  app.get(
    '/api/v1/config',
    { schema: { tags: ['instance'], summary: 'Public instance configuration', response: { 200: instanceConfigSchema } } },
    async (_request, reply) => {
      const current = await settings.read(db);
      const firstRun = await options.firstRun();
      if (last?.settings !== current || last.firstRun !== firstRun) {
        const body = instanceConfigSchema.parse(instanceConfig(current, config.publicUrl, firstRun));
        last = { settings: current, firstRun, reply: body, json: JSON.stringify(body) };
      }
      const { json } = last;
      return reply.type('application/json; charset=utf-8').serializer(() => json).send(last.reply);
    },
  );
};
