import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { FILE_NAME_HEADER, fileParams, fileReply, MAX_FILE_BYTES_LIMIT } from '../../common/api/files.js';
import { BadRequestError } from '../http/errors.js';
import { sendFile } from './file-response.js';
import { presentFile } from './files.presenter.js';
import { cleanFileName, deleteOwnFile, readOwnFile, tooLarge, uploadFile } from './files.service.js';

const tags = ['files'];

/**
 * Uploads (rule S21). The body of `POST /api/v1/files` is the file's bytes, whatever its type,
 * named by the `X-File-Name` header: a browser sends it with upload progress, a script with curl.
 * Only this route takes large bodies, and only from a signed-in user (the guard runs first).
 */
export const fileRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  // In this plugin only: every body is bytes, JSON included.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => {
    done(null, body);
  });

  app.post(
    '/api/v1/files',
    {
      schema: {
        tags,
        summary: 'Upload a file or image to attach to a message: the body is its bytes, X-File-Name its name',
        response: { 201: fileReply },
      },
      config: { auth: 'user' },
      bodyLimit: MAX_FILE_BYTES_LIMIT,
      // A body announced larger than the admin allows is refused before it is read.
      preParsing: async (request) => {
        const length = Number(request.headers['content-length'] ?? 0);
        const { maxBytes } = (await deps.settings.read(deps.db)).files;
        if (length > maxBytes) throw tooLarge(maxBytes);
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) throw new BadRequestError('Send the file as the request body.');
      const header = request.headers[FILE_NAME_HEADER];
      const name = cleanFileName(Array.isArray(header) ? header[0] : header);
      const file = await uploadFile(deps, request.actor, { name, bytes: request.body });
      return reply.status(201).send({ file: presentFile(file) });
    },
  );

  app.get(
    '/api/v1/files/:id',
    { schema: { tags, summary: 'The bytes of an upload of mine', params: fileParams }, config: { auth: 'user' } },
    async (request, reply) => {
      const { file, bytes } = await readOwnFile(deps, request.actor, request.params.id);
      return sendFile(reply, file, bytes, 'private');
    },
  );

  app.delete(
    '/api/v1/files/:id',
    { schema: { tags, summary: 'Delete an upload of mine that no message carries', params: fileParams }, config: { auth: 'user' } },
    async (request, reply) => {
      await deleteOwnFile(deps.db, request.actor, request.params.id);
      return reply.status(204).send();
    },
  );
};
