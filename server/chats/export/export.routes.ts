import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { chatParams } from '../../../common/api/chats.js';
import { exportAllChats, exportChat, type ExportFormat } from './export.service.js';

const tags = ['chats'];
const exportQuery = z.strictObject({ format: z.enum(['json', 'markdown']).default('json') });
const TYPES: Record<ExportFormat, string> = { json: 'application/json; charset=utf-8', markdown: 'text/markdown; charset=utf-8' };

/** A download: the file's name is ours (letters, digits, dashes), never the title as it is. */
const attachment = (name: string) => `attachment; filename="${name}"`;

export const chatExportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.deps;

  app.get(
    '/api/v1/chats/export',
    {
      schema: {
        tags,
        summary: 'Export every chat of mine: JSON that Parley imports back (Open WebUI’s format), or Markdown',
        querystring: exportQuery,
      },
      config: { auth: 'user' },
    },
    async (request, reply) => {
      const { format } = request.query;
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .header('Content-Disposition', attachment(`parley-chats-${day}.${format === 'json' ? 'json' : 'md'}`))
        .header('Cache-Control', 'private, no-store')
        .type(TYPES[format])
        .send(exportAllChats(db, request.actor, format));
    },
  );

  app.get(
    '/api/v1/chats/:id/export',
    {
      schema: { tags, summary: 'Export one chat of mine, as JSON or Markdown', params: chatParams, querystring: exportQuery },
      config: { auth: 'user' },
    },
    async (request, reply) => {
      const file = await exportChat(db, request.actor, request.params.id, request.query.format);
      return reply
        .header('Content-Disposition', attachment(file.name))
        .header('Cache-Control', 'private, no-store')
        .type(TYPES[request.query.format])
        .send(file.body);
    },
  );
};
