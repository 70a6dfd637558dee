import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { currentUser } from '../auth/authenticate.js';
import { idParam } from '../chats/chats.schema.js';
import { SHARE_ID_PATTERN } from '../sharing/sharing.schema.js';
import { speechForSharedMessage } from './tts.service.js';

const params = z.strictObject({
  shareId: z.string().regex(SHARE_ID_PATTERN, 'is not a share id'),
  messageId: idParam,
});

export const ttsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db, config } = app.deps;

  app.get(
    '/api/v1/shares/:shareId/messages/:messageId/speech',
    {
      schema: {
        tags: ['sharing'],
        summary: 'A shared message read aloud (audio), when the admin set up an OpenAI-compatible speech engine',
        params,
      },
    },
    async (request, reply) => {
      const { shareId, messageId } = request.params;
      const speech = await speechForSharedMessage(db, config, await currentUser(request), shareId, messageId);
      return reply
        .header('Cache-Control', 'private, max-age=86400')
        .header('X-Robots-Tag', 'noindex, nofollow')
        .type(speech.type)
        .send(speech.audio);
    },
  );
};
