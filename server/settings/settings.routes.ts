import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { instanceConfigSchema } from '../../common/api/settings.js';
import type { Settings } from './settings.schema.js';
import { instanceConfig } from './settings.service.js';

export interface SettingsRouteOptions {
  /** Whether the instance has no account yet (told by the folder that knows accounts). */
  firstRun: () => boolean | Promise<boolean>;
}

export const settingsRoutes: FastifyPluginAsyncZod<SettingsRouteOptions> = async (app, options) => {
  const { db, config, settings } = app.deps;
  // Asked by every page load: the settings are read each time (a change elsewhere holds at once),
  // but the reply is serialised only when they changed (the store hands back the same object), and
  // kept as bytes, which Fastify sends as they are.
  let last: { settings: Settings; firstRun: boolean; json: Buffer } | undefined;
  const send = (reply: FastifyReply, current: Settings, firstRun: boolean): FastifyReply => {
    if (last?.settings !== current || last.firstRun !== firstRun) {
      const body = instanceConfigSchema.parse(instanceConfig(current, config.publicUrl, firstRun));
      last = { settings: current, firstRun, json: Buffer.from(JSON.stringify(body)) };
    }
    return reply.type('application/json; charset=utf-8').send(last.json);
  };

  app.get(
    '/api/v1/config',
    { schema: { tags: ['instance'], summary: 'Public instance configuration', response: { 200: instanceConfigSchema } } },
    async (_request, reply) => {
      const current = await settings.read(db);
      const firstRun = options.firstRun();
      return send(reply, current, typeof firstRun === 'boolean' ? firstRun : await firstRun);
    },
  );
};
