import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { connectionTestBody, connectionTestReply } from '../../common/api/models.js';
import { settingsPatchSchema, settingsReplySchema } from '../../common/api/settings.js';
import { testConnection } from '../llm/llm.service.js';

const tags = ['admin'];

/** Admin Panel → Settings: the instance settings and the test of a model connection. */
export const adminSettingsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, settings } = app.deps;

  app.get(
    '/api/v1/admin/settings',
    { schema: { tags, summary: 'Instance settings (admins)', response: { 200: settingsReplySchema } }, config: { auth: 'admin' } },
    async () => settings.present(await settings.read(db)),
  );

  app.patch(
    '/api/v1/admin/settings',
    {
      schema: {
        tags,
        summary: 'Change part of the settings (objects merge)',
        body: settingsPatchSchema,
        response: { 200: settingsReplySchema },
      },
      config: { auth: 'admin' },
    },
    async (request) => settings.present(await settings.update(db, request.body)),
  );

  app.post(
    '/api/v1/admin/connections/test',
    {
      schema: {
        tags,
        summary: "List a connection's models, to test it (admins); 502 upstream_error when it does not answer",
        body: connectionTestBody,
        response: { 200: connectionTestReply },
      },
      config: { auth: 'admin' },
    },
    async (request) => ({ items: await testConnection(app.deps, request.body) }),
  );
};
