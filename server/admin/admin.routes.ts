import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { instanceConfigSchema } from '../../common/api.js';
import { requireUser } from '../auth/authenticate.js';
import { settingsPatchSchema, settingsReplySchema } from './settings.schema.js';
import { getInstanceConfig, getSettingsForAdmin, updateSettings } from './settings.service.js';

export const adminRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;

  app.get(
    '/api/v1/config',
    { schema: { tags: ['instance'], summary: 'Public instance configuration', response: { 200: instanceConfigSchema } } },
    () => getInstanceConfig(db, config),
  );

  app.get(
    '/api/v1/admin/settings',
    { schema: { tags: ['admin'], summary: 'Instance settings (admins)', response: { 200: settingsReplySchema } } },
    async (request) => getSettingsForAdmin(db, config, await requireUser(request)),
  );

  app.patch(
    '/api/v1/admin/settings',
    {
      schema: {
        tags: ['admin'],
        summary: 'Change part of the settings (objects merge)',
        body: settingsPatchSchema,
        response: { 200: settingsReplySchema },
      },
    },
    async (request) => updateSettings(db, config, await requireUser(request), request.body),
  );
};
