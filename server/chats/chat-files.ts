import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { chatFileParams } from '../../common/api/files.js';
import type { Config } from '../config.js';
import { readBlob } from '../content/files.js';
import { findChatMessageFile, findSnapshotFile } from '../content/files.repository.js';
import type { Db } from '../db/database.js';
import type { UserRow } from '../db/schema.js';
import { NotFoundError } from '../http/errors.js';
import { sendFile } from '../files/file-response.js';
import { getOwnChat } from './chats.service.js';

/**
 * A file of a message of the actor's chat: one of its own messages' uploads, or for a fork a file
 * of the snapshot it builds on (under the snapshot's id for it). Anything else is not found.
 */
export async function readChatFile(deps: { db: Db; config: Config }, actor: UserRow, chatId: string, fileId: string) {
  const chat = await getOwnChat(deps.db, actor, chatId);
  const file =
    (await findChatMessageFile(deps.db, chat.id, fileId)) ??
    (chat.base_snapshot_id === null ? undefined : await findSnapshotFile(deps.db, fileId, chat.base_snapshot_id));
  const bytes = file ? await readBlob(deps.config.dataDir, file.hash) : null;
  if (!file || !bytes) throw new NotFoundError('File not found.');
  return { file, bytes };
}

export const chatFileRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  app.get(
    '/api/v1/chats/:id/files/:fileId',
    { schema: { tags: ['files'], summary: 'A file carried by a message of my chat', params: chatFileParams }, config: { auth: 'user' } },
    async (request, reply) => {
      const { file, bytes } = await readChatFile(deps, request.actor, request.params.id, request.params.fileId);
      return sendFile(reply, file, bytes, 'private');
    },
  );
};
