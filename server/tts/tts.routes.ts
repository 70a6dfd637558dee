import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { speechParams } from '../../common/api/sharing.js';
import { speechForSharedMessage } from './tts.service.js';

export const ttsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, settings, speech } = app.deps;

  app.get(
    '/api/v1/shares/:shareId/messages/:messageId/speech',
    {
      schema: {
        tags: ['sharing'],
        summary: 'A shared message read aloud (audio), when the admin set up an OpenAI-compatible speech engine',
        params: speechParams,
      },
      config: { auth: 'optional' },
    },
    async (request, reply) => {
      const { shareId, messageId } = request.params;
      const audio = await speechForSharedMessage(db, await settings.read(db), speech, request.viewer, shareId, messageId);
      return reply
        .header('Cache-Control', 'private, max-age=86400')
        .header('X-Robots-Tag', 'noindex, nofollow')
        .type(audio.type)
        .send(audio.audio);
    },
  );
};
